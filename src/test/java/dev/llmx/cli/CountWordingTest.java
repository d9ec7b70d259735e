package dev.llmx.cli;

import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counts of one read in the singular, through one helper (Units.plural). */
class CountWordingTest {
    @Test
    void oneKvHeadAndOneCandidateAreSingular() {
        CliRunner.Result kv = CliRunner.cli().run("kv-cost", "--layers", "2", "--kv-heads", "1", "--head-dim", "64");
        assertEquals(0, kv.exitCode(), kv::toString);
        assertTrue(kv.stdout().contains("1 KV head × 64"), kv.stdout());
        assertFalse(kv.stdout().contains("1 KV heads"), kv.stdout());
        CliRunner.Result sample = CliRunner.cli().run("sample", "--top-k", "1", "--seed", "1", "Once upon a time");
        assertEquals(0, sample.exitCode(), sample::toString);
        assertTrue(sample.stdout().contains(" → 1 candidate, removed"), sample.stdout());
    }
}
