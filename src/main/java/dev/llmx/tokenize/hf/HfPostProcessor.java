package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What tokenizer.json's post-processor adds around a single sequence when special tokens are added:
 * {@code TemplateProcessing} ({@code <s> $A}), {@code BertProcessing} ({@code [CLS] $A [SEP]}),
 * {@code RobertaProcessing} ({@code <s> $A </s>}); {@code ByteLevel} adds nothing.
 */
record HfPostProcessor(int[] prefix, int[] suffix) {
    static final HfPostProcessor NOTHING = new HfPostProcessor(new int[0], new int[0]);

    static HfPostProcessor from(JsonNode node, Map<Integer, String> tokens) {
        if (node == null || node.isNull()) {
            return NOTHING;
        }
        String type = node.path("type").asText();
        return switch (type) {
            case "TemplateProcessing" -> template(node);
            case "BertProcessing", "RobertaProcessing" -> new HfPostProcessor(
                    new int[] {pairId(node, "cls")}, new int[] {pairId(node, "sep")});
            case "ByteLevel" -> NOTHING;
            case "Sequence" -> {
                HfPostProcessor result = NOTHING;
                for (JsonNode p : node.path("processors")) {
                    HfPostProcessor next = from(p, tokens);
                    if (next.prefix.length + next.suffix.length > 0) {
                        result = next;
                    }
                }
                yield result;
            }
            default -> throw new LlmxException("tokenizer.json: post-processor '" + type + "' is not supported by llmx");
        };
    }

    /** The id of a {@code ["[CLS]", 101]} pair. */
    private static int pairId(JsonNode node, String key) {
        JsonNode pair = node.path(key);
        if (!pair.isArray() || pair.size() != 2 || !pair.get(1).canConvertToInt()) {
            throw new LlmxException("tokenizer.json: post_processor." + key + " must be [token, id]");
        }
        return pair.get(1).asInt();
    }

    private static HfPostProcessor template(JsonNode node) {
        List<Integer> before = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        boolean seenSequence = false;
        for (JsonNode item : node.path("single")) {
            if (item.has("Sequence")) {
                seenSequence = true;
                continue;
            }
            String name = item.path("SpecialToken").path("id").asText();
            JsonNode ids = node.path("special_tokens").path(name).path("ids");
            if (!ids.isArray()) {
                throw new LlmxException("tokenizer.json: the template names special token '" + name
                        + "' but special_tokens does not define it");
            }
            for (JsonNode id : ids) {
                (seenSequence ? after : before).add(id.asInt());
            }
        }
        return new HfPostProcessor(before.stream().mapToInt(Integer::intValue).toArray(),
                after.stream().mapToInt(Integer::intValue).toArray());
    }
}
