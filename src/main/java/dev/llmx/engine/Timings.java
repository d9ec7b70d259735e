package dev.llmx.engine;

/**
 * Where generation spent its time: prefill (the prompt, batched) and decode (one forward pass per generated token
 * after the first, which comes from the prompt's logits; sampling is counted with decode).
 */
public record Timings(long prefillNanos, int prefillTokens, long decodeNanos, int decodeTokens) {
    public double prefillMillis() {
        return prefillNanos / 1e6;
    }

    public double decodeMillis() {
        return decodeNanos / 1e6;
    }

    public double prefillTokensPerSecond() {
        return rate(prefillTokens, prefillNanos);
    }

    public double decodeTokensPerSecond() {
        return rate(decodeTokens, decodeNanos);
    }

    private static double rate(int tokens, long nanos) {
        return nanos <= 0 || tokens == 0 ? 0 : tokens * 1e9 / nanos;
    }
}
