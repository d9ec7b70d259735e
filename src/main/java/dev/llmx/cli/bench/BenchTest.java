package dev.llmx.cli.bench;

import dev.llmx.kvcache.KvCacheTypes;

/**
 * One row of a benchmark: either a prompt-processing test ({@code nPrompt} tokens in one prefill, {@code nGen} = 0)
 * or a generation test ({@code nGen} tokens decoded one at a time, {@code nPrompt} = 0), as llama-bench names them.
 *
 * @param kernels    the kernel set's description ("scalar", "Vector API 256-bit")
 * @param cacheTypes the KV cache's key and value types
 */
public record BenchTest(String kernels, int threads, KvCacheTypes cacheTypes, int nPrompt, int nGen) {
    public BenchTest {
        if ((nPrompt > 0) == (nGen > 0) || nPrompt < 0 || nGen < 0) {
            throw new IllegalArgumentException("a test is either pp N or tg N, not pp " + nPrompt + " tg " + nGen);
        }
    }

    public static BenchTest prompt(String kernels, int threads, KvCacheTypes cacheTypes, int tokens) {
        return new BenchTest(kernels, threads, cacheTypes, tokens, 0);
    }

    public static BenchTest generation(String kernels, int threads, KvCacheTypes cacheTypes, int tokens) {
        return new BenchTest(kernels, threads, cacheTypes, 0, tokens);
    }

    public boolean isPrompt() {
        return nPrompt > 0;
    }

    /** Tokens one run processes. */
    public int tokens() {
        return nPrompt + nGen;
    }

    /** {@code pp128} or {@code tg64}. */
    public String name() {
        return (isPrompt() ? "pp" : "tg") + tokens();
    }
}
