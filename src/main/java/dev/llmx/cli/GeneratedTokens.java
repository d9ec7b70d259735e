package dev.llmx.cli;

import dev.llmx.engine.Generator;
import dev.llmx.engine.Session;
import dev.llmx.sampling.Sampler;
import dev.llmx.sampling.SamplerSettings;

import java.util.Arrays;

/**
 * The prompt followed by tokens the model generates greedily (for views over generated text). Because the pass is
 * causal, running prompt + generated tokens again in one prefill gives each position the same attention and
 * activations it had when it was decoded, so a view of that prefill shows the generation.
 */
final class GeneratedTokens {
    private GeneratedTokens() {
    }

    /** {@code prompt} plus up to {@code n} greedy tokens (fewer if an end-of-generation token comes); cache cleared. */
    static int[] greedy(EngineModel em, Session session, int[] prompt, int n) {
        Generator.Result r = Generator.generate(session, new Sampler(SamplerSettings.greedy()),
                em.tokenizer::isEndOfGeneration, prompt, n, () -> false, id -> { });
        session.cache().clear();
        int[] all = Arrays.copyOf(prompt, prompt.length + r.tokens().length);
        System.arraycopy(r.tokens(), 0, all, prompt.length, r.tokens().length);
        return all;
    }
}
