package dev.llmx.chat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds tool calls in assistant text, in the notations chat models are trained to write them. Calls are shown,
 * never executed. Each notation is tried over the whole text; a candidate whose JSON does not parse is not a call
 * (a system prompt's {@code {"name": <function-name>}} example is not one).
 */
public final class ToolCallParser {
    /** Reads JSON leniently: Python-style single quotes too (Functionary writes arguments with {@code str(dict)}). */
    private static final ObjectMapper LENIENT = JsonMapper.builder(new JsonFactory())
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private static final Pattern HERMES = Pattern.compile("<tool_call>\\s*(.*?)\\s*</tool_call>", Pattern.DOTALL);
    private static final Pattern GPT_OSS = Pattern.compile(
            "to=functions\\.([\\w.\\-]+)[^<]*(?:<\\|channel\\|>[^<]*)?(?:<\\|constrain\\|>[^<]*)?<\\|message\\|>(.*?)"
                    + "(?:<\\|call\\|>|<\\|end\\|>|<\\|return\\|>|$)", Pattern.DOTALL);
    private static final Pattern FUNCTIONARY = Pattern.compile("<function=([\\w.\\-]+)>(.*?)</function>",
            Pattern.DOTALL);
    private static final Pattern DEEPSEEK = Pattern.compile(
            "<｜tool▁call▁begin｜>\\w*<｜tool▁sep｜>([\\w.\\-]+)\\s*```(?:json)?\\s*(.*?)\\s*```\\s*<｜tool▁call▁end｜>",
            Pattern.DOTALL);
    private static final Pattern COMMAND_R = Pattern.compile("Action:\\s*```(?:json)?\\s*(\\[.*?\\])\\s*```",
            Pattern.DOTALL);
    private static final Pattern MISTRAL = Pattern.compile("\\[TOOL_CALLS\\]\\s*");
    private static final Pattern GRANITE = Pattern.compile("<\\|tool_call\\|>\\s*");
    private static final Pattern LLAMA_JSON = Pattern.compile("\\{\\s*\"(?:name|type)\"\\s*:");

    private ToolCallParser() {
    }

    /** Every tool call in {@code text}, in order of position. */
    public static List<ToolCall> parse(String text) {
        List<ToolCall> calls = new ArrayList<>();
        tagged(text, HERMES, "hermes", calls);
        named(text, GPT_OSS, "gpt_oss", calls);
        named(text, FUNCTIONARY, "functionary", calls);
        named(text, DEEPSEEK, "deepseek_r1", calls);
        Matcher m = COMMAND_R.matcher(text);
        while (m.find()) {
            addArray(readJson(m.group(1)), "command_r", m.start(), m.end(), calls);
        }
        arraysAfter(text, MISTRAL, "mistral", calls);
        arraysAfter(text, GRANITE, "granite", calls);
        if (calls.isEmpty()) {
            llamaJson(text, calls);
        }
        calls.sort(Comparator.comparingInt(ToolCall::start));
        return calls;
    }

    /** {@code <tool_call>{"name": …, "arguments": …}</tool_call>} (Hermes, Qwen). */
    private static void tagged(String text, Pattern p, String format, List<ToolCall> calls) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            JsonNode obj = readJson(m.group(1));
            ToolCall call = fromObject(obj, format, m.start(), m.end());
            if (call != null) {
                calls.add(call);
            }
        }
    }

    /** A name in the markup and the arguments as JSON after it (gpt-oss, Functionary, DeepSeek R1). */
    private static void named(String text, Pattern p, String format, List<ToolCall> calls) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            JsonNode args = readJson(m.group(2).strip());
            if (args != null) {
                calls.add(new ToolCall(m.group(1), args, format, m.start(), m.end()));
            }
        }
    }

    /** A marker followed by a JSON array of calls (Mistral's [TOOL_CALLS], Granite's <|tool_call|>). */
    private static void arraysAfter(String text, Pattern marker, String format, List<ToolCall> calls) {
        Matcher m = marker.matcher(text);
        while (m.find()) {
            int[] end = new int[1];
            JsonNode value = readJsonPrefix(text, m.end(), end);
            if (value != null) {
                addArray(value, format, m.start(), end[0], calls);
            }
        }
    }

    private static void addArray(JsonNode value, String format, int start, int end, List<ToolCall> calls) {
        if (value == null) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        for (JsonNode item : items) {
            ToolCall call = fromObject(item, format, start, end);
            if (call != null) {
                calls.add(call);
            }
        }
    }

    /** Llama 3.x: the reply is a JSON object {"name": …, "parameters": …} (maybe after <|python_tag|>). */
    private static void llamaJson(String text, List<ToolCall> calls) {
        Matcher m = LLAMA_JSON.matcher(text);
        int from = 0;
        while (m.find(from)) {
            int[] end = new int[1];
            JsonNode obj = readJsonPrefix(text, m.start(), end);
            ToolCall call = obj == null ? null : fromObject(obj, "llama3_json", m.start(), end[0]);
            if (call != null) {
                calls.add(call);
                from = end[0];
            } else {
                from = m.start() + 1;
            }
            if (from >= text.length()) {
                break;
            }
        }
    }

    /**
     * A call from an object: {@code name} (or {@code tool_name}, or {@code function.name}) and {@code arguments}
     * (or {@code parameters}); arguments given as a JSON string are parsed.
     */
    private static ToolCall fromObject(JsonNode obj, String format, int start, int end) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode function = obj.has("function") && obj.get("function").isObject() ? obj.get("function") : obj;
        JsonNode name = function.has("name") ? function.get("name") : function.get("tool_name");
        if (name == null || !name.isTextual()) {
            return null;
        }
        JsonNode args = function.has("arguments") ? function.get("arguments") : function.get("parameters");
        if (args == null) {
            args = LENIENT.createObjectNode();
        } else if (args.isTextual()) {
            JsonNode parsed = readJson(args.textValue());
            args = parsed != null ? parsed : args;
        }
        return new ToolCall(name.textValue(), args, format, start, end);
    }

    private static JsonNode readJson(String s) {
        int[] end = new int[1];
        JsonNode v = readJsonPrefix(s, 0, end);
        return v != null && s.substring(end[0]).isBlank() ? v : null;
    }

    /** The JSON value starting at {@code from} (after blanks), its end in {@code end[0]}; null if none. */
    private static JsonNode readJsonPrefix(String s, int from, int[] end) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i >= s.length() || (s.charAt(i) != '{' && s.charAt(i) != '[')) {
            return null;
        }
        String rest = pythonLiterals(s.substring(i));
        try (JsonParser parser = LENIENT.getFactory().createParser(rest)) {
            JsonNode node = LENIENT.readTree(parser);
            end[0] = i + (int) parser.currentLocation().getCharOffset();
            return node;
        } catch (IOException e) {
            return null;
        }
    }

    /** Python's True/False/None outside strings as JSON's true/false/null (same lengths, offsets unchanged). */
    private static String pythonLiterals(String s) {
        StringBuilder sb = new StringBuilder(s);
        char quote = 0;
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (startsWord(sb, i, "True")) {
                sb.replace(i, i + 4, "true");
            } else if (startsWord(sb, i, "None")) {
                sb.replace(i, i + 4, "null");
            } else if (startsWord(sb, i, "False")) {
                sb.replace(i, i + 5, "false");
            }
        }
        return sb.toString();
    }

    private static boolean startsWord(CharSequence s, int i, String word) {
        if (i + word.length() > s.length() || (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)))) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (s.charAt(i + k) != word.charAt(k)) {
                return false;
            }
        }
        int after = i + word.length();
        return after == s.length() || !Character.isLetterOrDigit(s.charAt(after));
    }
}
