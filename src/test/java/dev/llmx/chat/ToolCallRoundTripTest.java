package dev.llmx.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmx.chat.template.ChatTemplate;
import dev.llmx.chat.template.TemplateException;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each template's rendering of an assistant tool call (the "tool-round-trip" conversation) parses back into the same
 * call: name get_weather, arguments {"city": "Paris"}. Templates that do not write tool calls at all are named, and
 * for them the parser must find nothing.
 */
class ToolCallRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_TEXT = "What is the weather in Paris?";
    /** Templates that drop an assistant's tool_calls when rendering (nothing to parse back). */
    private static final Set<String> NO_TOOL_CALLS = Set.of("ibm-granite-granite-3.3-2B-Instruct",
            "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B", "microsoft-Phi-3.5-mini-instruct", "llama-cpp-rwkv-world");

    @TestFactory
    Stream<DynamicTest> everyTemplatesToolCallParsesBack() throws IOException {
        Path dir = Refs.require("chat/rendered");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".json", "");
                tests.add(DynamicTest.dynamicTest(name, () -> roundTrip(name, JSON.readTree(file.toFile()))));
            }
        }
        return tests.stream();
    }

    private static void roundTrip(String name, JsonNode ref) throws IOException {
        ChatTemplate template = ChatTemplate.parse(Files.readString(Refs.ROOT.resolve("chat")
                .resolve(ref.get("template").asText())));
        ChatRenderer renderer = new ChatRenderer(template, ref.get("bos_token").asText(),
                ref.get("eos_token").asText(), Instant.parse(ref.get("now").asText()));
        JsonNode c = null;
        for (JsonNode x : ref.get("cases")) {
            if (x.get("name").asText().equals("tool-round-trip")) {
                c = x.deepCopy();
            }
        }
        if (name.startsWith("mistralai-")) {
            // Mistral's template requires 9-character alphanumeric call ids (the reference case records that error).
            ((ObjectNode) c.get("messages").get(1).get("tool_calls").get(0)).put("id", "abc123XYZ");
            ((ObjectNode) c.get("messages").get(2)).put("tool_call_id", "abc123XYZ");
        }
        if (name.startsWith("google-gemma-2")) {
            JsonNode gemmaCase = c;
            assertThrows(TemplateException.class, () -> renderer.text(Conversation.fromJson(gemmaCase, "case")),
                    "Gemma 2 has no tool role");
            return;
        }
        String prompt = renderer.text(Conversation.fromJson(c, "case"));
        int user = prompt.indexOf(USER_TEXT);
        assertTrue(user >= 0);
        String afterUser = prompt.substring(user + USER_TEXT.length());
        List<ToolCall> calls = ToolCallParser.parse(afterUser);
        if (NO_TOOL_CALLS.contains(name)) {
            assertFalse(afterUser.contains("get_weather"), "this template does not write tool calls");
            assertEquals(List.of(), calls);
            return;
        }
        assertEquals(1, calls.size(), () -> "one call in " + afterUser);
        assertEquals("get_weather", calls.get(0).name());
        assertEquals(JSON.readTree("{\"city\": \"Paris\"}"), calls.get(0).arguments());
    }

    @Test
    void notationsWithoutAReferenceTemplate() throws IOException {
        List<ToolCall> granite = ToolCallParser.parse(
                "<|tool_call|>[{\"name\": \"a\", \"arguments\": {\"x\": 1}}, {\"name\": \"b\", \"arguments\": {}}]");
        assertEquals(List.of("a", "b"), granite.stream().map(ToolCall::name).toList());
        List<ToolCall> deepseek = ToolCallParser.parse("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>"
                + "get_weather\n```json\n{\"city\": \"Paris\"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>");
        assertEquals("get_weather", deepseek.get(0).name());
        assertEquals(JSON.readTree("{\"city\":\"Paris\"}"), deepseek.get(0).arguments());
        List<ToolCall> python = ToolCallParser.parse("<function=f>{'ok': True, 'v': None}</function>");
        assertEquals(JSON.readTree("{\"ok\": true, \"v\": null}"), python.get(0).arguments());
        assertEquals(List.of(), ToolCallParser.parse("<tool_call>\n{\"name\": <function-name>}\n</tool_call>"),
                "a template's placeholder is not a call");
    }
}
