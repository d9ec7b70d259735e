package dev.llmx.cli.repl;

import dev.llmx.cli.ModelKeeper;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.render.Format;
import dev.llmx.render.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model file truncated while the REPL keeps it mapped: the JVM's "fault in an unsafe memory access" becomes one
 * line, and the session goes on.
 */
class TruncatedModelTest {
    @Test
    void aModelTruncatedUnderItsMappingIsOneLineAndTheReplSurvives(@TempDir Path dir) throws Exception {
        Path model = Files.copy(EmbeddedModel.path(), dir.resolve("model.gguf"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(InputStream.nullInputStream(), out, err, false, false, false, false, 100);
        try (ModelKeeper keeper = ModelKeeper.load(model, null)) {
            Repl repl = new Repl(terminal, keeper, new Repl.Settings("test", Format.TABLE, false));
            assertEquals(0, repl.run("generate \"Once upon a time\" -n 4 --temp 0 -q"), err::toString);
            try (FileChannel file = FileChannel.open(model, StandardOpenOption.WRITE)) {
                file.truncate(4096);  // the header stays, every weight page is gone
            }
            int status = repl.run("generate \"Once upon a time\" -n 4 --temp 0 -q");
            String errors = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, status, errors);
            assertEquals("llmx generate: the model file changed or was truncated while in use; open it again\n",
                    errors);
            assertEquals(0, repl.run("tokenize -e gpt2 --count hi"), "the session goes on");
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("chars/token"));
        }
    }
}
