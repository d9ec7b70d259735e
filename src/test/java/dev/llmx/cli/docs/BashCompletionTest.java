package dev.llmx.cli.docs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed bash completion, run by bash as it runs it on Tab. */
class BashCompletionTest {
    private static String complete(String words, int cword) throws Exception {
        Path script = Path.of("completions/llmx.bash").toAbsolutePath();
        String program = "source '" + script + "'; COMP_WORDS=(" + words + "); COMP_CWORD=" + cword
                + "; _complete_llmx; printf '%s\\n' \"${COMPREPLY[@]}\"";
        // compopt complains outside a real Tab press; only the completions matter.
        Process p = new ProcessBuilder("bash", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void anOptionsValueCompletesAfterAnEqualsSign() throws Exception {
        if (!Files.isExecutable(Path.of("/bin/bash"))) {
            return;
        }
        assertEquals("json\njsonl\n", complete("llmx tokenize --format = js", 4));
        assertEquals("table\njson\njsonl\ncsv\nmd\n", complete("llmx tokenize --format = ''", 4));
        assertEquals("json\njsonl\n", complete("llmx tokenize --format js", 3), "the space form still works");
    }
}
