package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx chat} as a script: turns, KV-cache prefix reuse, stop reasons, a full context, bad input. */
class ChatCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static List<JsonNode> transcript(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        List<JsonNode> turns = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                turns.add(JSON.readTree(line));
            }
        }
        return turns;
    }

    @Test
    void threeTurnsOnAReferenceModelPrefillOnlyWhatTheCacheDoesNotHold() throws Exception {
        Path model = Refs.require("models/ref-qwen3-Q6_K.gguf");
        Path template = Refs.require("chat/templates/Qwen-Qwen3-0.6B.jinja");
        CliRunner.Result r = CliRunner.cli().stdin("Hi\nWhat is 2+2?\nAnd 3+3?\n").run("chat", "-m", model.toString(),
                "--chat-template", template.toString(), "--system", "Be brief.", "--temp", "0", "-n", "8",
                "--format", "jsonl");
        List<JsonNode> turns = transcript(r);
        assertEquals(3, turns.size());
        assertEquals(0, turns.get(0).get("reused_tokens").asInt());
        for (int i = 1; i < 3; i++) {
            JsonNode previous = turns.get(i - 1);
            JsonNode turn = turns.get(i);
            // The whole previous prompt is still in the KV cache: only this turn's new tokens are run.
            assertTrue(turn.get("reused_tokens").asInt() >= previous.get("prompt_tokens").asInt(), turn::toString);
            assertEquals(turn.get("prompt_tokens").asInt() - turn.get("reused_tokens").asInt(),
                    turn.get("prefilled_tokens").asInt());
            assertTrue(turn.get("prefilled_tokens").asInt() < turn.get("prompt_tokens").asInt() / 2, turn::toString);
        }
        for (JsonNode turn : turns) {
            assertEquals("length", turn.get("stop_reason").asText());
            assertEquals(8, turn.get("tokens").asInt());
        }
        assertTrue(r.stderr().contains("llmx chat: turn 2: " + turns.get(1).get("prompt_tokens").asInt()
                + " tokens of the 2048-token context"), r.stderr());
        assertTrue(r.stderr().contains("reused " + turns.get(1).get("reused_tokens").asInt() + " from the KV cache"),
                r.stderr());
        assertTrue(r.stderr().contains("stopped: length"), r.stderr());
    }

    @Test
    void aReplyTokenizedAgainIsReusedFromTheCacheToo() throws Exception {
        CliRunner.Result r = CliRunner.cli().stdin("Hi\nTell me a story\n").run("chat", "--chat-template",
                "examples/chatml.jinja", "--temp", "0", "-n", "24", "--format", "jsonl");
        List<JsonNode> turns = transcript(r);
        JsonNode first = turns.get(0);
        JsonNode second = turns.get(1);
        // The cache holds turn 1's prompt and every reply token but the last (sampled, never run); ChatML writes the
        // reply back as the same tokens, so all of them are reused.
        assertEquals(first.get("prompt_tokens").asInt() + first.get("tokens").asInt() - 1,
                second.get("reused_tokens").asInt());
        assertEquals(second.get("prompt_tokens").asInt() - second.get("reused_tokens").asInt(),
                second.get("prefilled_tokens").asInt());
    }

    @Test
    void theTableFormStreamsTheReplyAndStatesTheStop() {
        CliRunner.Result r = CliRunner.cli().stdin("Hi\n").run("chat", "--chat-template", "examples/chatml.jinja",
                "--temp", "0", "-n", "40", "--stop", "Lily");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("\"Mommy,\" \n", r.stdout());
        assertTrue(r.stderr().contains("stopped: stop_string \"Lily\""), r.stderr());
    }

    @Test
    void aFullContextDropsTheOldestTurnsButNotTheSystemMessage() throws Exception {
        CliRunner.Result r = CliRunner.cli().stdin("Hi\nTell me a story\nWhat happened next?\nAnd then?\n")
                .run("chat", "--chat-template", "examples/chatml.jinja", "--system", "Stories.", "--temp", "0",
                        "-n", "20", "-c", "160", "--format", "jsonl");
        List<JsonNode> turns = transcript(r);
        assertEquals(4, turns.size());
        JsonNode droppedTurn = null;
        for (JsonNode t : turns) {
            assertTrue(t.get("prompt_tokens").asInt() <= 160);
            if (t.get("dropped").size() > 0 && droppedTurn == null) {
                droppedTurn = t;
            }
        }
        assertTrue(droppedTurn != null, r::toString);
        assertEquals("user", droppedTurn.get("dropped").get(0).get("role").asText());
        assertEquals("Hi", droppedTurn.get("dropped").get(0).get("content").asText());
        for (JsonNode d : droppedTurn.get("dropped")) {
            assertFalse(d.get("role").asText().equals("system"));
        }
        assertTrue(r.stderr().contains("the context is full; dropped the oldest"), r.stderr());
    }

    @Test
    void withoutATemplateOrWithAConversationLongerThanTheContextItIsAOneLineError() throws Exception {
        CliRunner.Result none = CliRunner.cli().stdin("Hi\n").run("chat");
        GenerateStopTest.oneLine(none, "llmx chat: stories260K");
        assertTrue(none.stderr().contains("give one with --chat-template FILE"), none.stderr());

        Path conv = dir.resolve("long.json");
        Files.writeString(conv, "[{\"role\": \"user\", \"content\": \"" + "Lily and Ben play. ".repeat(40) + "\"}]");
        GenerateStopTest.oneLine(CliRunner.cli().run("chat", "--messages", conv.toString(), "--chat-template",
                "examples/chatml.jinja", "-c", "64"), "llmx chat: the conversation takes ");

        Path gemma = Refs.require("chat/templates/google-gemma-2-2b-it.jinja");
        Path odd = dir.resolve("odd.json");
        Files.writeString(odd, "[{\"role\": \"narrator\", \"content\": \"Once\"}]");
        GenerateStopTest.oneLine(CliRunner.cli().run("tokenize", "--chat", odd.toString(), "--chat-template",
                gemma.toString()), "llmx tokenize: the template raised: Conversation roles must alternate");
    }
}
