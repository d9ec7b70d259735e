package dev.llmx.engine;

/**
 * The two measurements llama-bench makes, on a session whose KV cache is cleared first so that every run starts
 * from an empty context: prompt processing (all tokens in one prefill, batched as {@link Session#prefill} does,
 * logits for the last token only) and generation (one decode pass per token, as generation runs them, without
 * sampling so that only the forward pass is timed).
 */
public final class Throughput {
    private Throughput() {
    }

    /** Nanoseconds to prefill {@code tokens} from an empty context: a {@code pp} run. */
    public static long promptNanos(Session session, int[] tokens) {
        session.cache().clear();
        long start = System.nanoTime();
        session.prefill(tokens, null);
        return System.nanoTime() - start;
    }

    /** Nanoseconds to decode {@code tokens} one at a time from an empty context: a {@code tg} run. */
    public static long generationNanos(Session session, int[] tokens) {
        session.cache().clear();
        long start = System.nanoTime();
        for (int token : tokens) {
            session.decode(token, null);
        }
        return System.nanoTime() - start;
    }
}
