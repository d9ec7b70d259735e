package dev.llmx.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat through the real launcher and real pipes (a pipe, unlike a test's stream, cannot be asked its size). */
class ChatLauncherIT {
    @Test
    void aConversationComesThroughAPipeAndAChatIsScripted() throws Exception {
        String conv = Files.readString(Path.of("examples/conversation.json"));
        LauncherIT.Run tokens = LauncherIT.run(conv, Map.of(), "tokenize", "--chat", "-", "--chat-template",
                "examples/chatml.jinja", "--format", "json");
        assertEquals(0, tokens.exitCode(), tokens::toString);
        assertTrue(tokens.stdout().contains("\"text\": \"<|im_start|>system\\nYou tell short stories.<|im_end|>\\n"),
                tokens.stdout());

        LauncherIT.Run chat = LauncherIT.run("Hi\nTell me a story\n", Map.of(), "chat", "--chat-template",
                "examples/chatml.jinja", "--temp", "0", "-n", "8");
        assertEquals(0, chat.exitCode(), chat::toString);
        assertTrue(chat.stderr().contains("llmx chat: turn 2: "), chat.stderr());
        assertTrue(chat.stderr().contains("stopped: length"), chat.stderr());
        assertTrue(chat.stdout().startsWith("\"Mommy,\""), chat.stdout());
    }

    @Test
    void strftimeNowReadsSourceDateEpoch(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path template = dir.resolve("date.jinja");
        Files.writeString(template, "Today: {{ strftime_now('%d %B %Y, %H:%M') }}");
        LauncherIT.Run r = LauncherIT.run("[]", Map.of("SOURCE_DATE_EPOCH", "1768478400"), "tokenize", "--chat", "-",
                "--chat-template", template.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("\"text\": \"Today: 15 January 2026, 12:00\""), r.stdout());
    }
}
