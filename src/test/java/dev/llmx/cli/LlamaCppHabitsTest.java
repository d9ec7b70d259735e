package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What llama-cli users type: -p, -n -1, --seed -1, -ngl, -cnv; and generate's refusals before it prints anything. */
class LlamaCppHabitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        return JSON.readTree(r.stdout());
    }

    @Test
    void dashPIsThePrompt() {
        CliRunner.Result p = CliRunner.cli().run("generate", "-p", "Once upon a time", "-n", "8", "--temp", "0");
        assertEquals(0, p.exitCode(), p::toString);
        assertEquals(CliRunner.cli().run("generate", "Once upon a time", "-n", "8", "--temp", "0").stdout(), p.stdout());
        CliRunner.Result both = CliRunner.cli().run("generate", "-p", "Once", "upon");
        assertEquals(2, both.exitCode(), both::toString);
        CliRunner.Result logits = CliRunner.cli().run("logits", "-p", "Once upon a time");
        assertEquals(0, logits.exitCode(), "every prompt command takes -p: " + logits);
    }

    @Test
    void nMinusOneGeneratesUntilTheEndOfGenerationOrAFullContext() throws Exception {
        JsonNode j = json(CliRunner.cli().run("generate", "--format", "json", "-n", "-1", "-c", "24", "--temp", "0",
                "Once upon a time"));
        int generated = j.get("tokens").size();
        String stop = j.get("stop_reason").asText();
        assertTrue(stop.equals("eog") ? generated <= 20 : stop.equals("context_full") && generated == 24 - 5 + 1,
                "until the end of generation or a full context (24 positions, 5 of them the prompt's): " + j);
    }

    @Test
    void seedMinusOneIsRandomAndSeedsStayWithin32Bits() throws Exception {
        for (int i = 0; i < 5; i++) {
            long seed = json(CliRunner.cli().run("generate", "--format", "json", "--seed", "-1", "-n", "2", "hi"))
                    .get("seed").asLong();
            assertTrue(seed >= 0 && seed <= 0xFFFFFFFFL, "a 32-bit seed: " + seed);
            long unset = json(CliRunner.cli().run("generate", "--format", "json", "-n", "2", "hi")).get("seed").asLong();
            assertTrue(unset >= 0 && unset <= 0xFFFFFFFFL, "a 32-bit seed: " + unset);
        }
        CliRunner.Result big = CliRunner.cli().run("generate", "--seed", "9007199254740993", "hi");
        assertEquals(2, big.exitCode(), big::toString);
        assertTrue(big.stderr().startsWith("llmx generate: --seed must be between 0 and 4294967295, or -1"),
                big.stderr());
    }

    @Test
    void nglIsAcceptedWithANoteAndCnvSaysWhereConversationsAre() {
        CliRunner.Result ngl = CliRunner.cli().run("generate", "-ngl", "99", "-n", "4", "--temp", "0", "Once");
        assertEquals(0, ngl.exitCode(), ngl::toString);
        assertTrue(ngl.stderr().startsWith("llmx generate: -ngl 99 ignored: llmx runs on the CPU\n"), ngl.stderr());
        CliRunner.Result cnv = CliRunner.cli().run("generate", "-cnv");
        assertEquals(2, cnv.exitCode(), cnv::toString);
        assertTrue(cnv.stderr().startsWith("llmx generate: -cnv (llama.cpp's conversation mode) is not part of "
                + "'generate'; 'llmx "), cnv.stderr());
    }

    @Test
    void aRefusedRequestPrintsNothingOnStandardOutput() {
        CliRunner.Result tooLong = CliRunner.cli().run("generate", "-c", "4", "Once upon a time");
        assertEquals(1, tooLong.exitCode(), tooLong::toString);
        assertEquals("", tooLong.stdout(), "the prompt is not echoed before the refusal");
        assertTrue(tooLong.stderr().contains("more than the context"), tooLong.stderr());
    }

    @Test
    void aHugeLimitStopsAtTheFullContextWithoutAllocatingForIt() throws Exception {
        // -n 100000000 as llama.cpp users type it: generation runs until the context is full, and says so.
        CliRunner.Result huge = CliRunner.cli().run("generate", "-c", "32", "-n", "100000000", "--temp", "0",
                "--format", "json", "Once upon a time");
        assertEquals("context_full", json(huge).get("stop_reason").asText());
    }
}
