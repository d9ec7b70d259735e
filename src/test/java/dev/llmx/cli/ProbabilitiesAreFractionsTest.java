package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 19: probabilities are fractions in every command's JSON (tables may show percentages). Walks every
 * number under a key that names a probability or a share and checks it lies in 0…1, with at least one such number
 * per command, so a command that switched to percentages (or renamed its keys away) fails here.
 */
class ProbabilitiesAreFractionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** prob, probs, p, first_share, mean_first_share, attn_weights, share …; not logprob (a logarithm). */
    private static final Pattern PROBABILITY = Pattern.compile("(.*_)?(prob|probs|p|share|weights|freq)");

    @Test
    void layersAttendLogitsAndSampleGiveFractions() throws Exception {
        check("layers", "--format", "json", "Once upon a time");
        check("attend", "--format", "json", "--layer", "1", "Once upon a time");
        check("attend", "--format", "json", "Once upon a time");
        check("logits", "--format", "json", "Once upon a time");
        check("sample", "--format", "json", "--draws", "50", "--seed", "1", "Once upon a time");
    }

    private static void check(String... args) throws Exception {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r.toString());
        int[] seen = {0};
        walk(JSON.readTree(r.stdout()), null, seen, args[0]);
        assertTrue(seen[0] > 0, args[0] + " JSON has no probability at all: " + r.stdout());
    }

    private static void walk(JsonNode node, String key, int[] seen, String command) {
        if (node.isNumber() && key != null && PROBABILITY.matcher(key).matches()) {
            double v = node.asDouble();
            assertTrue(v >= 0 && v <= 1 + 1e-9, command + ": " + key + " = " + v + " is not a fraction");
            seen[0]++;
        } else if (node.isArray()) {
            for (JsonNode e : node) {
                walk(e, key, seen, command);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), e.getKey(), seen, command);
            }
        }
    }
}
