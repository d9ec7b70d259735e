package dev.llmx.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.chat.template.PyValues;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat request in the OpenAI / Hugging Face shape: {@code {"messages": [...], "tools": [...],
 * "add_generation_prompt": true, "chat_template_kwargs": {...}}}, or a bare messages array. Messages keep every
 * field they have (content, reasoning_content, thinking, tool_calls, tool_call_id, name …) because templates read
 * them; content may be a string or a list of parts, as the request allows.
 *
 * @param messages            each message as a template value (a map with at least a string "role")
 * @param tools               the tool definitions, or null when the request has none
 * @param addGenerationPrompt the request's add_generation_prompt, or null when it does not say
 * @param kwargs              chat_template_kwargs (also the request's other top-level keys, as transformers passes them)
 */
public record Conversation(List<Map<Object, Object>> messages, List<Object> tools, Boolean addGenerationPrompt,
                           Map<String, Object> kwargs) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Conversation {
        messages = List.copyOf(messages);
        kwargs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /** Parses request JSON; {@code source} names it in error messages. */
    public static Conversation parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*?\\]\\)", "")
                    .replaceAll("\\s*\\[Source.*?\\]", "").replace('\n', ' ');
            throw new LlmxException(source + " is not valid JSON: " + why
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""));
        }
        return fromJson(root, source);
    }

    public static Conversation fromJson(JsonNode root, String source) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new LlmxException(source + " is empty; give {\"messages\": [...]} or an array of messages");
        }
        JsonNode messages;
        Map<String, Object> kwargs = new LinkedHashMap<>();
        List<Object> tools = null;
        Boolean addGenerationPrompt = null;
        if (root.isArray()) {
            messages = root;
        } else if (root.isObject()) {
            messages = root.get("messages");
            if (messages == null || !messages.isArray()) {
                throw new LlmxException(source + ": expected \"messages\" to be an array of {\"role\", \"content\"}"
                        + " objects");
            }
            JsonNode t = root.get("tools");
            if (t != null && !t.isNull()) {
                if (!t.isArray()) {
                    throw new LlmxException(source + ": \"tools\" must be an array of tool definitions");
                }
                tools = new ArrayList<>();
                for (JsonNode tool : t) {
                    tools.add(PyValues.fromJson(tool));
                }
            }
            JsonNode agp = root.get("add_generation_prompt");
            if (agp != null && !agp.isNull()) {
                if (!agp.isBoolean()) {
                    throw new LlmxException(source + ": \"add_generation_prompt\" must be true or false");
                }
                addGenerationPrompt = agp.booleanValue();
            }
            JsonNode k = root.get("chat_template_kwargs");
            if (k != null && !k.isNull()) {
                if (!k.isObject()) {
                    throw new LlmxException(source + ": \"chat_template_kwargs\" must be an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = k.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    kwargs.put(e.getKey(), PyValues.fromJson(e.getValue()));
                }
            }
        } else {
            throw new LlmxException(source + ": expected a JSON object with \"messages\" or an array of messages");
        }
        List<Map<Object, Object>> list = new ArrayList<>();
        int i = 0;
        for (JsonNode m : messages) {
            list.add(message(m, source, i++));
        }
        return new Conversation(list, tools, addGenerationPrompt, kwargs);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> message(JsonNode m, String source, int index) {
        if (!m.isObject()) {
            throw new LlmxException(source + ": message " + index + " is not an object with \"role\" and \"content\"");
        }
        JsonNode role = m.get("role");
        if (role == null || !role.isTextual() || role.textValue().isEmpty()) {
            throw new LlmxException(source + ": message " + index + " has no \"role\" string");
        }
        JsonNode content = m.get("content");
        if (content != null && !(content.isTextual() || content.isArray() || content.isNull())) {
            throw new LlmxException(source + ": message " + index + " \"content\" must be a string, an array of "
                    + "parts or null");
        }
        return (Map<Object, Object>) PyValues.fromJson(m);
    }

    /** A conversation of plain role/content messages. */
    public static Map<Object, Object> message(String role, String content) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    public Conversation withMessages(List<Map<Object, Object>> newMessages) {
        return new Conversation(newMessages, tools, addGenerationPrompt, kwargs);
    }

    public Conversation withAddGenerationPrompt(boolean add) {
        return new Conversation(messages, tools, add, kwargs);
    }

    public Conversation withKwargs(Map<String, Object> more) {
        Map<String, Object> k = new LinkedHashMap<>(kwargs);
        k.putAll(more);
        return new Conversation(messages, tools, addGenerationPrompt, k);
    }

    /** The role of message {@code i}. */
    public String role(int i) {
        return (String) messages.get(i).get("role");
    }
}
