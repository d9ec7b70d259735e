package dev.llmx.cli.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.chat.AssistantReply;
import dev.llmx.chat.ToolCall;
import dev.llmx.tokenize.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small pieces the chat commands share: the reply as an OpenAI-style assistant message, a token's text. */
public final class ChatTurns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatTurns() {
    }

    /** Whether a rendered prompt ends inside an opened {@code <think>} (QwQ, DeepSeek R1 generation prompts). */
    public static boolean opensThinking(String prompt) {
        int open = prompt.lastIndexOf("<think>");
        return open >= 0 && prompt.indexOf("</think>", open) < 0;
    }

    /** The text of token {@code id} (a special token as its markup). */
    public static String piece(Tokenizer tokenizer, int id) {
        return tokenizer.isValid(id) ? new String(tokenizer.bytes(id), StandardCharsets.UTF_8) : "#" + id;
    }

    /** {@link #assistantMessage} as a template value (numbers as the template's ints and floats). */
    @SuppressWarnings("unchecked")
    public static Map<Object, Object> assistantMessageValue(AssistantReply reply) {
        return (Map<Object, Object>) dev.llmx.chat.template.PyValues.fromJson(JSON.valueToTree(assistantMessage(reply)));
    }

    /**
     * The reply as a message of the request shape, ready to append to a conversation: {@code role},
     * {@code content}, {@code reasoning_content} (when there was reasoning), {@code tool_calls} (when there were
     * calls; arguments as JSON objects).
     */
    public static Map<String, Object> assistantMessage(AssistantReply reply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", "assistant");
        m.put("content", reply.content());
        if (!reply.reasoning().isEmpty()) {
            m.put("reasoning_content", reply.reasoning());
        }
        if (!reply.toolCalls().isEmpty()) {
            List<Object> calls = new ArrayList<>();
            for (ToolCall c : reply.toolCalls()) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", c.name());
                function.put("arguments", JSON.convertValue(c.arguments(), Object.class));
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("type", "function");
                call.put("function", function);
                call.put("format", c.format());
                calls.add(call);
            }
            m.put("tool_calls", calls);
        }
        return m;
    }
}
