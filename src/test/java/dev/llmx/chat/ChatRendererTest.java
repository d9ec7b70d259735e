package dev.llmx.chat;

import dev.llmx.chat.template.ChatTemplate;
import dev.llmx.cli.chat.ChatTurns;
import dev.llmx.gguf.GgufValue;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.ModelRewrite;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The renderer's segments, where templates come from, replies taken apart — on the project's own data. */
class ChatRendererTest {
    private static final String CHATML = "{%- for m in messages %}{{ '<|im_start|>' + m.role + '\\n' + m.content "
            + "+ '<|im_end|>\\n' }}{%- endfor %}{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
            + "{%- endif %}";

    @Test
    void segmentsTileTheTextMessageByMessage() {
        ChatRenderer r = new ChatRenderer(ChatTemplate.parse(CHATML), "", "", Instant.EPOCH);
        Conversation c = Conversation.parse("{\"messages\": [{\"role\": \"system\", \"content\": \"S\"}, "
                + "{\"role\": \"user\", \"content\": \"U\"}], \"add_generation_prompt\": true}", "test");
        ChatRenderer.Rendered out = r.render(c);
        assertEquals("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n",
                out.text());
        assertEquals(List.of(new ChatRenderer.Segment(0, "system", 0, 31), new ChatRenderer.Segment(1, "user", 31, 60),
                new ChatRenderer.Segment(2, ChatRenderer.GENERATION_ROLE, 60, 82)), out.segments());
    }

    @Test
    void strftimeNowUsesTheGivenClockInUtc() {
        ChatRenderer r = new ChatRenderer(ChatTemplate.parse("{{ strftime_now('%d %b %Y %H:%M') }}|{{ bos_token }}"),
                "<s>", "</s>", Instant.parse("2026-01-15T12:00:00Z"));
        assertEquals("15 Jan 2026 12:00|<s>", r.text(Conversation.parse("[]", "test")));
    }

    @Test
    void aGgufTemplateAndAHuggingFaceNamedListAreFound(@TempDir Path dir) throws Exception {
        Path gguf = ModelRewrite.withMetadata(EmbeddedModel.path(), dir.resolve("m.gguf"), "tokenizer.chat_template",
                GgufValue.string(CHATML));
        Files.writeString(dir.resolve("c.json"), "[{\"role\": \"user\", \"content\": \"Hi\"}]");
        CliRunner.Result r = CliRunner.cli().run("tokenize", "--chat", dir.resolve("c.json").toString(), "-m",
                gguf.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = new ObjectMapper().readTree(r.stdout());
        assertEquals("<|im_start|>user\nHi<|im_end|>\n", j.get("text").asText());
        assertEquals("the model's tokenizer.chat_template", j.get("template").asText());

        // tokenizer_config.json's named list: "default", or "tool_use" when the request has tools.
        Path cfg = dir.resolve("tokenizer_config.json");
        Files.writeString(cfg, "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"}, "
                + "{\"name\": \"default\", \"template\": \"D{{ messages | length }}\"}]}");
        assertEquals("D1", TemplateSources.fromFile(cfg).template().render(java.util.Map.of("messages", List.of(1L))));
    }

    @Test
    void aHuggingFaceFolderNamesItsTemplatesAndToolsPickTheToolUseOne(@TempDir Path dir) throws Exception {
        Path source = dev.llmx.testing.Refs.require("models/stories260K-hf");
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            Files.copy(source.resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\", "
                + "\"chat_template\": [{\"name\": \"default\", \"template\": \"{% for m in messages %}[{{ m.role }}]"
                + "{{ m.content }}{% endfor %}\"}, {\"name\": \"tool_use\", \"template\": \"T{{ tools | length }}\"}]}");
        Path conv = dir.resolve("c.json");
        Files.writeString(conv, "[{\"role\": \"user\", \"content\": \"Hi\"}]");
        JsonNode plain = new ObjectMapper().readTree(CliRunner.cli().run("tokenize", "--chat", conv.toString(), "-m",
                dir.toString(), "--format", "json").stdout());
        assertEquals("[user]Hi", plain.get("text").asText());
        assertEquals("the model's tokenizer_config.json", plain.get("template").asText());
        Files.writeString(conv, "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": [{}]}");
        JsonNode tools = new ObjectMapper().readTree(CliRunner.cli().run("tokenize", "--chat", conv.toString(), "-m",
                dir.toString(), "--format", "json").stdout());
        assertEquals("T1", tools.get("text").asText());
    }

    @Test
    void repliesAreTakenApart() {
        AssistantReply qwen = AssistantReply.parse("<think>\nadd them\n</think>\n\n4", false);
        assertEquals("add them", qwen.reasoning());
        assertEquals("4", qwen.content());
        AssistantReply r1 = AssistantReply.parse("still thinking</think>answer", true);
        assertEquals("still thinking", r1.reasoning());
        assertEquals("answer", r1.content());
        AssistantReply oss = AssistantReply.parse("<|channel|>analysis<|message|>Think.<|end|><|start|>assistant"
                + "<|channel|>final<|message|>Done.<|return|>", false);
        assertEquals("Think.", oss.reasoning());
        assertEquals("Done.", oss.content());
        AssistantReply call = AssistantReply.parse("<tool_call>\n{\"name\": \"f\", \"arguments\": {\"a\": 1}}\n"
                + "</tool_call>", false);
        assertEquals("", call.content());
        assertEquals("f", call.toolCalls().get(0).name());
        assertTrue(ChatTurns.assistantMessage(call).containsKey("tool_calls"));
        assertTrue(ChatTurns.opensThinking("<|im_start|>assistant\n<think>\n"));
    }
}
