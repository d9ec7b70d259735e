package dev.llmx.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;

import java.util.Optional;

/**
 * Token ids handed over by {@code llmx tokenize --format json}: a prompt that is a JSON object with an {@code ids}
 * array is taken as those ids, so that {@code llmx tokenize -m M --format json | llmx attend -m M} looks at exactly
 * the tokens shown (any BOS included). Any other text is a prompt to tokenize.
 */
final class PipedTokens {
    private PipedTokens() {
    }

    /**
     * The piped ids and the tokenizer that made them ({@code tokenizer} in tokenize's JSON; null when the JSON does
     * not say), so that a stage can tell ids of another tokenizer from its own.
     */
    record Ids(int[] ids, String tokenizer) {
    }

    static Optional<Ids> parse(String text) {
        String t = text.strip();
        if (!t.startsWith("{") || !t.endsWith("}")) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(t);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        JsonNode ids = root.get("ids");
        if (ids == null || !ids.isArray()) {
            return Optional.empty();
        }
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode id = ids.get(i);
            if (!JsonTokenIds.isTokenId(id)) {
                throw new LlmxException("the piped JSON's ids[" + i + "] is " + id + ", not a token id; pipe the "
                        + "output of 'llmx tokenize -m MODEL --format json'");
            }
            out[i] = id.asInt();
        }
        JsonNode tokenizer = root.get("tokenizer");
        return Optional.of(new Ids(out, tokenizer != null && tokenizer.isTextual() ? tokenizer.asText() : null));
    }
}
