package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping in {@code llmx generate}: --stop, -n, a full context, and {@code generate --chat}. */
class GenerateStopTest {
    @TempDir
    Path dir;

    @Test
    void aStopStringEndsTheTextBeforeItInEveryFormat() throws Exception {
        JsonNode j = GenerateCommandTest.json(CliRunner.cli().run("generate", "--temp", "0", "--stop", ".",
                "--format", "json", "Once upon a time"));
        assertEquals(", there was a little girl named Lily", j.get("text").asText());
        assertEquals("stop_string", j.get("stop_reason").asText());
        assertEquals(".", j.get("stop_string").asText());
        assertFalse(j.has("stop_token"));

        // The stream never shows the stop string, even when it spans tokens ("girl named" is two tokens).
        CliRunner.Result table = CliRunner.cli().run("generate", "--temp", "0", "--stop", "girl named", "--stop",
                "zzz", "Once upon a time");
        assertEquals(0, table.exitCode(), table::toString);
        assertEquals("Once upon a time, there was a little \n", table.stdout());
        assertTrue(table.stderr().contains("(stop_string \"girl·named\")"), table.stderr());
    }

    @Test
    void theLimitAndAFullContextAreStatedStopReasons() throws Exception {
        JsonNode length = GenerateCommandTest.json(CliRunner.cli().run("generate", "--temp", "0", "-n", "3",
                "--format", "json", "Once upon a time"));
        assertEquals("length", length.get("stop_reason").asText());
        assertEquals(3, length.get("tokens").size());

        // 5 prompt tokens in a 16-position context: 11 tokens are run, the 12th is sampled from the last logits.
        JsonNode full = GenerateCommandTest.json(CliRunner.cli().run("generate", "--temp", "0", "-c", "16", "-n", "100",
                "--format", "json", "Once upon a time"));
        assertEquals("context_full", full.get("stop_reason").asText());
        assertEquals(12, full.get("tokens").size());

        CliRunner.Result csv = CliRunner.cli().run("generate", "--temp", "0", "-c", "16", "--format", "csv", "Once");
        assertTrue(csv.stdout().contains(",context_full,"), csv.stdout());
    }

    @Test
    void generateChatContinuesAConversationOnce() throws Exception {
        CliRunner.Result r = CliRunner.cli().run("generate", "--chat", "examples/conversation.json",
                "--chat-template", "examples/chatml.jinja", "--temp", "0", "-n", "8", "--format", "json");
        JsonNode j = GenerateCommandTest.json(r);
        // The prompt is the rendered conversation tokenized with nothing added (the template writes any BOS).
        JsonNode tokens = GenerateCommandTest.json(CliRunner.cli().run("tokenize", "--chat",
                "examples/conversation.json", "--chat-template", "examples/chatml.jinja", "--format", "json"));
        assertEquals(tokens.get("ids"), j.get("prompt_tokens"));
        assertTrue(tokens.get("text").asText().endsWith("<|im_start|>assistant\n"));
        assertEquals("assistant", j.get("message").get("role").asText());
        assertEquals(j.get("text").asText().strip(), j.get("message").get("content").asText());
    }

    @Test
    void badChatInputIsAOneLineErrorWithExitOne() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"messages\": [");
        CliRunner.Result malformed = CliRunner.cli().run("generate", "--chat", bad.toString(), "--chat-template",
                "examples/chatml.jinja");
        oneLine(malformed, "llmx generate: " + bad + " is not valid JSON: ");

        Path noRole = dir.resolve("norole.json");
        Files.writeString(noRole, "[{\"content\": \"hi\"}]");
        oneLine(CliRunner.cli().run("generate", "--chat", noRole.toString(), "--chat-template",
                "examples/chatml.jinja"), "llmx generate: " + noRole + ": message 0 has no \"role\" string");

        oneLine(CliRunner.cli().run("generate", "--chat", "examples/conversation.json"),
                "llmx generate: stories260K");

        Path syntax = dir.resolve("bad.jinja");
        Files.writeString(syntax, "{% for m in messages %}\n{{ m.content ~ }}\n{% endfor %}");
        oneLine(CliRunner.cli().run("generate", "--chat", "examples/conversation.json", "--chat-template",
                syntax.toString()), "llmx generate: template syntax error at line 2, column 16: unexpected '}}'");

        Path gemma = Refs.require("chat/templates/google-gemma-2-2b-it.jinja");
        oneLine(CliRunner.cli().run("generate", "--chat", "examples/conversation.json", "--chat-template",
                gemma.toString()), "llmx generate: the template raised: System role not supported (template line 1, "
                + "column 74)");
    }

    static void oneLine(CliRunner.Result r, String startsWith) {
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith(startsWith), r.stderr());
    }
}
