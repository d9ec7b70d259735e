package dev.llmx.engine;

import dev.llmx.Cancellation;
import dev.llmx.CancelledException;
import dev.llmx.LlmxException;
import dev.llmx.sampling.Sampler;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Text generation: prefill the prompt, then repeat — sample a token from the last logits, stop at an
 * end-of-generation token or after {@code maxTokens}, otherwise run the token (decode) for the next logits.
 */
public final class Generator {
    /** Why generation ended. */
    public enum StopReason {
        /** The model produced an end-of-generation token (not included in the output). */
        EOS("eos"),
        /** {@code maxTokens} were generated. */
        LENGTH("length"),
        /** The user interrupted (Ctrl-C). */
        INTERRUPTED("interrupted");

        private final String jsonName;

        StopReason(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** Receives each generated token as soon as it is sampled. */
    @FunctionalInterface
    public interface Listener {
        void onToken(int id);
    }

    /**
     * @param promptTokens the prompt as run
     * @param tokens       the generated tokens (an end-of-generation token that stopped it is not included)
     */
    public record Result(int[] promptTokens, int[] tokens, StopReason stopReason, Timings timings) {
    }

    private Generator() {
    }

    /**
     * Checks that a {@code promptLength}-token prompt and {@code maxTokens} new tokens fit the session's context, so
     * that a caller can refuse a request before it prints anything.
     */
    public static void checkRoom(Session session, int promptLength, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1");
        }
        session.requireRoom(promptLength);
        long needed = (long) session.position() + promptLength + maxTokens - 1;
        if (needed > session.contextLength()) {
            throw new LlmxException("a " + promptLength + "-token prompt and " + maxTokens + " new tokens need "
                    + needed + " positions, more than the context of " + session.contextLength()
                    + "; lower -n" + (session.contextLength() < session.model().trainedContext()
                    ? " or raise -c (the model allows " + session.model().trainedContext() + ")" : ""));
        }
    }

    /** The most tokens that can follow a {@code promptLength}-token prompt in the session's context (-n -1). */
    public static int roomAfter(Session session, int promptLength) {
        session.requireRoom(promptLength);
        return (int) Math.max(1, session.contextLength() - session.position() - promptLength + 1);
    }

    /**
     * Generates up to {@code maxTokens} tokens after {@code prompt}.
     *
     * @param endOfGeneration which tokens end generation
     * @param interrupted     polled before each step; when true, generation stops with what it has
     */
    public static Result generate(Session session, Sampler sampler, IntPredicate endOfGeneration, int[] prompt,
                                  int maxTokens, BooleanSupplier interrupted, Listener listener) {
        return generate(session, sampler, endOfGeneration, prompt, maxTokens, interrupted, listener, null);
    }

    /** As above, with {@code probe} (null for none) observing — and possibly editing — every forward pass. */
    public static Result generate(Session session, Sampler sampler, IntPredicate endOfGeneration, int[] prompt,
                                  int maxTokens, BooleanSupplier interrupted, Listener listener, Probe probe) {
        checkRoom(session, prompt.length, maxTokens);
        int[] history = Arrays.copyOf(prompt, prompt.length + maxTokens);
        int historyLength = prompt.length;
        long start = System.nanoTime();
        float[] logits = session.prefill(prompt, probe);
        long prefillNanos = System.nanoTime() - start;

        int[] out = new int[maxTokens];
        int generated = 0;
        int decodeRuns = 0;
        long firstTokenNanos = 0;
        long firstDecodeNanos = 0;
        StopReason reason = StopReason.LENGTH;
        long decodeStart = System.nanoTime();
        while (true) {
            if (interrupted.getAsBoolean() || Cancellation.requested()) {
                // A stop request between tokens ends generation with what it has: it is honoured, not an error.
                Cancellation.clear();
                reason = StopReason.INTERRUPTED;
                break;
            }
            int token = sampler.sample(logits, history, historyLength);
            if (generated == 0) {
                firstTokenNanos = System.nanoTime() - start;
            }
            if (endOfGeneration.test(token)) {
                reason = StopReason.EOS;
                break;
            }
            out[generated++] = token;
            history[historyLength++] = token;
            listener.onToken(token);
            if (generated == maxTokens) {
                break;
            }
            long stepStart = System.nanoTime();
            try {
                logits = session.decode(token, probe);
            } catch (CancelledException e) {
                reason = StopReason.INTERRUPTED;
                break;
            }
            if (decodeRuns++ == 0) {
                firstDecodeNanos = System.nanoTime() - stepStart;
            }
        }
        long decodeNanos = System.nanoTime() - decodeStart;
        return new Result(prompt, Arrays.copyOf(out, generated), reason,
                new Timings(prefillNanos, prompt.length, decodeNanos, decodeRuns, firstTokenNanos,
                        firstDecodeNanos));
    }
}
