package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx generate} on the embedded model (no -m), in-process. */
class GenerateCommandTest {
    static final String LILY = "Once upon a time, there was a little girl named Lily. She loved to play outside in the"
            + " park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily's mom said";

    static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void greedyStreamsTheLilyStoryAndTimingsGoToStandardError() {
        CliRunner.Result r = CliRunner.cli().run("generate", "Once upon a time", "--temp", "0", "-n", "64", "-t", "2");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(LILY + "\n", r.stdout());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().matches("llmx generate: 64 tokens \\(length\\); prefill 5 tokens in .* ms \\(.* tokens/s\\), "
                + "decode 63 tokens in .* ms \\(.* tokens/s\\); 2 threads, .* kernels\\n"), r.stderr());
    }

    @Test
    void jsonFollowsTheContractAndGreedyTokensAreLlamaCpps() throws Exception {
        JsonNode j = json(CliRunner.cli().run("generate", "--format", "json", "--temp", "0", "-n", "64",
                "Once upon a time"));
        assertEquals("[1,403,407,261,378]", j.get("prompt_tokens").toString());
        assertEquals(64, j.get("tokens").size());
        assertEquals(LILY.substring("Once upon a time".length()), j.get("text").asText());
        assertEquals("length", j.get("stop_reason").asText());
        for (String key : new String[] {"prefill_ms", "decode_ms", "prefill_tokens_per_s", "decode_tokens_per_s"}) {
            assertTrue(j.get("timings").get(key).asDouble() > 0, key);
        }
        assertEquals(63, j.get("timings").get("decode_tokens").asInt());
        if (Refs.present("forward/stories260K.once.json")) {
            JsonNode ref = new ObjectMapper().readTree(Files.readString(Refs.require("forward/stories260K.once.json")));
            assertEquals(ref.get("greedy_tokens"), j.get("tokens"));
        }
    }

    @Test
    void theHuggingFaceFolderGeneratesTheSameTokens() throws Exception {
        String hf = Refs.require("models/stories260K-hf").toString();
        JsonNode a = json(CliRunner.cli().run("generate", "--format", "json", "--temp", "0", "-n", "48", "Lily and Ben"));
        JsonNode b = json(CliRunner.cli().run("generate", "-m", hf, "--format", "json", "--temp", "0", "-n", "48",
                "Lily and Ben"));
        assertEquals(a.get("prompt_tokens"), b.get("prompt_tokens"));
        assertEquals(a.get("tokens"), b.get("tokens"));
    }

    @Test
    void aSeedMakesSamplingRepeatable() throws Exception {
        String[] args = {"generate", "--format", "json", "--seed", "7", "--temp", "1.0", "-n", "30", "Lily"};
        JsonNode a = json(CliRunner.cli().run(args));
        JsonNode b = json(CliRunner.cli().run(args));
        assertEquals(a.get("tokens"), b.get("tokens"));
        assertEquals(7, a.get("seed").asLong());
        args[4] = "8";
        assertNotEquals(a.get("tokens"), json(CliRunner.cli().run(args)).get("tokens"));
    }

    @Test
    void aSeedGivesTheSameTokensWithOneThreadAndWithTwo() throws Exception {
        // The sampler runs on one thread after the forward pass; the forward pass splits rows, never sums, across
        // threads, so the logits and therefore every draw are the same.
        String[] args = {"generate", "--format", "json", "--seed", "21", "--temp", "1.3", "--top-k", "0",
            "--repeat-penalty", "1.1", "-n", "48", "-t", "1", "Lily"};
        JsonNode one = json(CliRunner.cli().run(args));
        args[args.length - 2] = "2";
        JsonNode two = json(CliRunner.cli().run(args));
        assertEquals(48, one.get("tokens").size());
        assertEquals(one.get("tokens"), two.get("tokens"));
        assertEquals(2, two.get("timings").get("threads").asInt());
    }

    @Test
    void badInputIsAOneLineError() {
        CliRunner.Result zero = CliRunner.cli().run("generate", "-n", "0", "hi");
        assertEquals(2, zero.exitCode(), zero::toString);
        assertEquals("llmx generate: -n must be at least 1 (the number of tokens to generate), not 0 "
                + "(see 'llmx generate --help')\n", zero.stderr());

        CliRunner.Result tooLong = CliRunner.cli().run("generate", "-c", "8", "Once upon a time there was a girl named Lily");
        assertEquals(1, tooLong.exitCode(), tooLong::toString);
        assertEquals(1, tooLong.stderr().lines().count(), tooLong.stderr());
        assertTrue(tooLong.stderr().startsWith("llmx generate: the prompt has 13 tokens, more than the context of 8 "
                + "positions; shorten the input or raise -c (the model allows 2048)"), tooLong.stderr());


        CliRunner.Result bigContext = CliRunner.cli().run("generate", "-c", "100000", "hi");
        assertEquals(2, bigContext.exitCode(), bigContext::toString);
        assertTrue(bigContext.stderr().contains("-c 100000 is more than the model's context length 2048"),
                bigContext.stderr());

        CliRunner.Result temp = CliRunner.cli().run("generate", "--temp", "-1", "hi");
        assertEquals(2, temp.exitCode(), temp::toString);
        assertEquals(1, temp.stderr().lines().count(), temp.stderr());
    }
}
