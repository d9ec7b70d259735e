package dev.llmx.engine;

/**
 * Where generation spent its time: prefill (the prompt, batched) and decode (one forward pass per generated token
 * after the first, which comes from the prompt's logits; sampling is counted with decode).
 *
 * <p>The first call of a JVM pays for the JIT: the prefill of a short prompt is mostly interpreted code and
 * compilation, and so is the first decode step (matrix × vector is another code path than prefill's matrix ×
 * matrix). So the time to the first token is reported on its own, and the steady decode rate leaves the first
 * decode step out; the plain rates stay for comparison with earlier releases.
 *
 * @param firstTokenNanos  from the start of prefill to the first token sampled: the time to first token
 * @param firstDecodeNanos the first decode step alone (0 when there was none)
 */
public record Timings(long prefillNanos, int prefillTokens, long decodeNanos, int decodeTokens, long firstTokenNanos,
                      long firstDecodeNanos) {
    public double prefillMillis() {
        return prefillNanos / 1e6;
    }

    public double decodeMillis() {
        return decodeNanos / 1e6;
    }

    public double firstTokenMillis() {
        return firstTokenNanos / 1e6;
    }

    public double prefillTokensPerSecond() {
        return rate(prefillTokens, prefillNanos);
    }

    public double decodeTokensPerSecond() {
        return rate(decodeTokens, decodeNanos);
    }

    /** The decode rate without the first step (which pays for compiling the decode path); 0 with under 2 steps. */
    public double steadyDecodeTokensPerSecond() {
        return decodeTokens < 2 ? 0 : rate(decodeTokens - 1, decodeNanos - firstDecodeNanos);
    }

    private static double rate(int tokens, long nanos) {
        return nanos <= 0 || tokens == 0 ? 0 : tokens * 1e9 / nanos;
    }
}
