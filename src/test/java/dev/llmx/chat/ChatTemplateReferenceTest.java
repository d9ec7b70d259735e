package dev.llmx.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.chat.template.ChatTemplate;
import dev.llmx.chat.template.TemplateException;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every conversation in ../shared/refs/chat/rendered/*.json renders to exactly the prompt llama.cpp's Jinja engine
 * (minja, which matches Hugging Face's apply_chat_template) recorded, or fails with the template's own message at
 * the same place (minja appends " at row R, column C:" — the position of the raise_exception call).
 */
class ChatTemplateReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MINJA_LOCATION = Pattern.compile("^(.*) at row (\\d+), column (\\d+):$",
            Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> everyRecordedCase() throws IOException {
        Path dir = Refs.require("chat/rendered");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode ref = JSON.readTree(file.toFile());
                Path templateFile = Refs.ROOT.resolve("chat").resolve(ref.get("template").asText());
                ChatTemplate template = ChatTemplate.parse(Files.readString(templateFile));
                ChatRenderer renderer = new ChatRenderer(template, ref.get("bos_token").asText(),
                        ref.get("eos_token").asText(), Instant.parse(ref.get("now").asText()));
                for (JsonNode c : ref.get("cases")) {
                    String name = file.getFileName().toString().replace(".json", "") + " / " + c.get("name").asText();
                    tests.add(DynamicTest.dynamicTest(name, () -> check(renderer, c)));
                }
            }
        }
        assertEquals(117, tests.size(), "13 templates × 9 conversations");
        return tests.stream();
    }

    static Conversation conversation(JsonNode c) {
        Conversation conversation = Conversation.fromJson(c, "case");
        if (c.has("extra")) {
            var kwargs = new java.util.LinkedHashMap<String, Object>();
            c.get("extra").fields().forEachRemaining(e -> kwargs.put(e.getKey(),
                    dev.llmx.chat.template.PyValues.fromJson(e.getValue())));
            conversation = conversation.withKwargs(kwargs);
        }
        return conversation;
    }

    private static void check(ChatRenderer renderer, JsonNode c) {
        Conversation conversation = conversation(c);
        if (c.has("error")) {
            Matcher m = MINJA_LOCATION.matcher(c.get("error").asText());
            assertTrue(m.matches(), "recorded error has minja's location: " + c.get("error").asText());
            TemplateException e = assertThrows(TemplateException.class, () -> renderer.text(conversation));
            assertTrue(e.raised(), "raised by the template itself: " + e.getMessage());
            assertEquals(m.group(1), e.templateMessage());
            assertEquals(Integer.parseInt(m.group(2)), e.line(), "line of the raise_exception call");
            assertEquals(Integer.parseInt(m.group(3)), e.column(), "column of the raise_exception call");
        } else {
            String expected = c.get("prompt").asText();
            ChatRenderer.Rendered rendered = renderer.render(conversation);
            assertEquals(expected, rendered.text());
            // The segments tile the text exactly, in order.
            int at = 0;
            for (ChatRenderer.Segment s : rendered.segments()) {
                assertEquals(at, s.start(), "segments are contiguous");
                assertTrue(s.end() > s.start(), "segments are not empty");
                at = s.end();
            }
            assertEquals(expected.length(), at, "segments cover the text");
        }
    }
}
