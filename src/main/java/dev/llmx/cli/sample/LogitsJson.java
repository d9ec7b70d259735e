package dev.llmx.cli.sample;

import dev.llmx.cli.JsonTokenIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;

import java.util.HashMap;
import java.util.Map;

/**
 * The next-token distribution read from {@code llmx logits --format json} (the last position it lists). That JSON
 * holds only the {@code --top} most likely tokens: when their probabilities do not add up to 1, the tail beyond them
 * is unknown and the chain runs on the listed tokens alone.
 *
 * @param promptTokens the prompt's tokens (the penalties' history)
 * @param ids          the listed tokens
 * @param logits       their logits
 * @param pieces       their text
 * @param listedMass   the sum of their probabilities under the full vocabulary (NaN when the JSON gives none)
 */
public record LogitsJson(int[] promptTokens, int[] ids, float[] logits, Map<Integer, String> pieces,
                         double listedMass) {
    /** Below this, the listed tokens leave out probability that matters: the list is a top-K, not the vocabulary. */
    private static final double COMPLETE = 1 - 1e-6;
    private static final String WHAT = "standard input is not the JSON of 'llmx logits --format json': ";

    /** Whether the JSON lists only the most likely tokens, not the whole distribution. */
    public boolean topKOnly() {
        return !(listedMass >= COMPLETE);
    }

    public static LogitsJson parse(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new LlmxException("standard input is not valid JSON (" + e.getOriginalMessage()
                    + "); pipe 'llmx logits --format json' into it");
        }
        JsonNode positions = root == null ? null : root.get("positions");
        if (positions == null || !positions.isArray() || positions.isEmpty()) {
            throw new LlmxException(WHAT + "no \"positions\" array");
        }
        JsonNode top = positions.get(positions.size() - 1).get("top");
        if (top == null || !top.isArray() || top.isEmpty()) {
            throw new LlmxException(WHAT + "the last position has no \"top\" candidates");
        }
        int n = top.size();
        int[] ids = new int[n];
        float[] logits = new float[n];
        Map<Integer, String> pieces = new HashMap<>();
        double mass = 0;
        for (int i = 0; i < n; i++) {
            JsonNode c = top.get(i);
            JsonNode id = c.get("id");
            JsonNode logit = c.get("logit");
            if (!JsonTokenIds.isTokenId(id)) {
                throw new LlmxException(WHAT + "candidate " + i + " has no \"id\" (a token id)");
            }
            if (logit == null || !logit.isNumber()) {
                throw new LlmxException(WHAT + "candidate " + i + " has no \"logit\" (a number)");
            }
            ids[i] = id.asInt();
            logits[i] = (float) logit.asDouble();
            if (pieces.put(ids[i], c.path("piece").asText("")) != null) {
                throw new LlmxException(WHAT + "token " + ids[i] + " is listed twice");
            }
            JsonNode prob = c.get("prob");
            mass += prob != null && prob.isNumber() ? prob.asDouble() : Double.NaN;
        }
        JsonNode prompt = root.get("prompt_tokens");
        int[] promptTokens = new int[prompt != null && prompt.isArray() ? prompt.size() : 0];
        for (int i = 0; i < promptTokens.length; i++) {
            if (!JsonTokenIds.isTokenId(prompt.get(i))) {
                throw new LlmxException(WHAT + "prompt_tokens[" + i + "] is " + prompt.get(i) + ", not a token id");
            }
            promptTokens[i] = prompt.get(i).asInt();
        }
        return new LogitsJson(promptTokens, ids, logits, pieces, mass);
    }
}
