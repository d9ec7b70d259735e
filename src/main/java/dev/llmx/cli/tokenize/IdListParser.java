package dev.llmx.cli.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads token ids to decode, in any of the shapes a user or the previous stage produces: plain numbers separated
 * by spaces, commas or newlines ({@code 9906 1917}, {@code [9906, 1917]}); the JSON of {@code llmx tokenize}
 * (an object with {@code "ids"}, an array of such objects); or its JSONL (one object per line). Each object is one
 * sequence to decode.
 */
final class IdListParser {
    private IdListParser() {
    }

    static List<int[]> parse(String input, String source) {
        String trimmed = input.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return parseJson(trimmed, source);
        }
        return List.of(parsePlain(trimmed, source));
    }

    private static int[] parsePlain(String text, String source) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split("[\\s,]+");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = parseId(parts[i], source);
        }
        return ids;
    }

    private static int parseId(String s, String source) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new LlmxException(source + ": '" + abbreviate(s) + "' is not a token id (expected integers, or the "
                    + "JSON of 'llmx tokenize')");
        }
    }

    private static List<int[]> parseJson(String text, String source) {
        ObjectMapper mapper = new ObjectMapper();
        List<int[]> sequences = new ArrayList<>();
        try (var parser = mapper.getFactory().createParser(text)) {
            var values = mapper.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                collect(values.next(), sequences, source);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof LlmxException le) {
                throw le;
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new LlmxException(source + ": not valid JSON: " + why);
        }
        return sequences;
    }

    private static void collect(JsonNode node, List<int[]> sequences, String source) {
        if (node.isObject()) {
            JsonNode ids = node.get("ids");
            if (ids == null || !ids.isArray()) {
                throw new LlmxException(source + ": JSON object has no \"ids\" array (expected the output of "
                        + "'llmx tokenize --format json')");
            }
            sequences.add(numbers(ids, source));
        } else if (node.isArray()) {
            if (node.size() > 0 && node.get(0).isObject()) {
                for (JsonNode element : node) {
                    collect(element, sequences, source);
                }
            } else {
                sequences.add(numbers(node, source));
            }
        } else {
            throw new LlmxException(source + ": expected a JSON array of ids or an object with \"ids\"");
        }
    }

    private static int[] numbers(JsonNode array, String source) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode n = array.get(i);
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw new LlmxException(source + ": '" + abbreviate(n.toString()) + "' is not a token id");
            }
            ids[i] = n.intValue();
        }
        return ids;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
