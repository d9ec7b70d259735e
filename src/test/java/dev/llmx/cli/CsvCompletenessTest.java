package dev.llmx.cli;

import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every result of the table and JSON views is in the CSV too: nothing dropped silently. */
class CsvCompletenessTest {
    private static List<String> csv(String... args) {
        CliRunner.Result r = CliRunner.cli().run(args);
        assertEquals(0, r.exitCode(), r::toString);
        return r.stdout().lines().toList();
    }

    @Test
    void embedAnalogyResultsAreRows() {
        List<String> lines = csv("embed", "--format", "csv", "--analogy", "king - man + woman", "--top", "5");
        assertEquals("position,id,piece,norm,analogy_rank,analogy_cosine", lines.get(0));
        assertEquals(1 + 5, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith(",") && lines.get(1).matches(".*,1,-?[0-9.E-]+"), lines.get(1));
    }

    @Test
    void embedNearestTokensAreColumns() {
        List<String> lines = csv("embed", "--format", "csv", "--nearest", "3", "Lily");
        assertTrue(lines.get(0).endsWith(",nearest_1_id,nearest_1_piece,nearest_1_cosine,nearest_2_id,nearest_2_piece,"
                + "nearest_2_cosine,nearest_3_id,nearest_3_piece,nearest_3_cosine"), lines.get(0));
        int columns = lines.get(0).split(",", -1).length;
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.split(",", -1).length >= columns, line);
        }
    }

    @Test
    void logitsContinuationTokensAreRows() {
        List<String> lines = csv("logits", "--format", "csv", "--continuation", " upon a time", "Once");
        assertTrue(lines.get(0).endsWith(",continuation_logprob,continuation_rank"), lines.get(0));
        long scored = lines.stream().skip(1).filter(l -> l.matches(".*,-?[0-9.E-]+,\\d+")).count();
        assertEquals(3, scored, "one row per continuation token: " + lines);
    }
}
