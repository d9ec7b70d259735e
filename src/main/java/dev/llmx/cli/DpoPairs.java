package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.train.PreferencePair;
import dev.llmx.tokenize.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads {@code --dpo PAIRS.jsonl}: one {@code {"prompt", "chosen", "rejected"}} object per line, defensively. */
final class DpoPairs {
    /** More than any preference set llmx can tune on in memory; a larger file is refused before it is read. */
    private static final long MAX_BYTES = 64L << 20;
    private static final int MAX_TOKENS = 4096;

    private DpoPairs() {
    }

    static List<PreferencePair> read(Path file, Tokenizer tokenizer, int vocab) {
        List<String> lines = Arrays.asList(TextFiles.whole(file, MAX_BYTES,
                file + " is larger than 64 MiB; split the preference pairs").split("\n"));
        ObjectMapper json = new ObjectMapper();
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file.getFileName() + " line " + (i + 1);
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (IOException e) {
                throw new LlmxException(where + ": not a JSON object");
            }
            String prompt = text(node, "prompt", where);
            int[] p = tokenizer.encode(prompt, false, true).ids();
            int[] chosen = response(tokenizer, prompt, p, text(node, "chosen", where), where + ": chosen");
            int[] rejected = response(tokenizer, prompt, p, text(node, "rejected", where), where + ": rejected");
            for (int[] ids : new int[][] {p, chosen, rejected}) {
                for (int id : ids) {
                    if (id < 0 || id >= vocab) {
                        throw new LlmxException(where + ": token id " + id + " is outside the model's vocabulary");
                    }
                }
            }
            if (p.length + Math.max(chosen.length, rejected.length) > MAX_TOKENS) {
                throw new LlmxException(where + ": longer than " + MAX_TOKENS + " tokens");
            }
            pairs.add(new PreferencePair(p, chosen, rejected));
        }
        if (pairs.isEmpty()) {
            throw new LlmxException(file + " has no preference pairs (one {\"prompt\", \"chosen\", \"rejected\"} "
                    + "object per line)");
        }
        return pairs;
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode v = node == null || !node.isObject() ? null : node.get(key);
        if (v == null || !v.isTextual()) {
            throw new LlmxException(where + ": needs string fields \"prompt\", \"chosen\" and \"rejected\"");
        }
        return v.asText();
    }

    /** The response's tokens as they follow the prompt (tokenized together, as the model reads them). */
    private static int[] response(Tokenizer tokenizer, String prompt, int[] promptIds, String response, String where) {
        int[] full = tokenizer.encode(prompt + response, false, true).ids();
        int n = promptIds.length;
        if (full.length <= n || !Arrays.equals(full, 0, n, promptIds, 0, n)) {
            throw new LlmxException(where + (full.length <= n ? " gives no tokens"
                    : ": the prompt's last token and the response's first merge into one token; move the boundary "
                    + "(for example, start the response with a space)"));
        }
        return Arrays.copyOfRange(full, n, full.length);
    }
}
