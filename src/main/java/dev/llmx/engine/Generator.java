package dev.llmx.engine;

import dev.llmx.Cancellation;
import dev.llmx.CancelledException;
import dev.llmx.sampling.Sampler;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Text generation: prefill the prompt, then repeat — sample a token from the last logits, stop at an
 * end-of-generation token, a stop condition of the caller's (a stop string), after {@code maxTokens} or when the
 * context is full, otherwise run the token (decode) for the next logits.
 */
public final class Generator {
    /** Why generation ended. */
    public enum StopReason {
        /** The model produced an end-of-generation token (not included in the output). */
        EOG("eog"),
        /** The caller's stop condition (a stop string) held after a token. */
        STOP_STRING("stop_string"),
        /** {@code maxTokens} were generated. */
        LENGTH("length"),
        /** The context has no room for another token. */
        CONTEXT_FULL("context_full"),
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

    /** Asked after each generated token (after the listener saw it): whether to stop there. */
    @FunctionalInterface
    public interface StopCheck {
        boolean stopAfter(int id);
    }

    /**
     * When generation stops.
     *
     * @param endOfGeneration which tokens end generation
     * @param suppressed      tokens never sampled (their logits set to -inf): {@code --ignore-eos} suppresses the
     *                        end-of-generation tokens, as llama.cpp does, so generation runs to the limit
     * @param check           the caller's own condition (a stop string), or null
     */
    public record Stopping(IntPredicate endOfGeneration, int[] suppressed, StopCheck check) {
        public static Stopping at(IntPredicate endOfGeneration) {
            return new Stopping(endOfGeneration, new int[0], null);
        }
    }

    /**
     * @param promptTokens the prompt as run
     * @param tokens       the generated tokens (an end-of-generation token that stopped it is not included)
     * @param stopToken    the end-of-generation token that stopped it, or -1
     */
    public record Result(int[] promptTokens, int[] tokens, StopReason stopReason, int stopToken, Timings timings) {
    }

    private Generator() {
    }

    /**
     * Generates up to {@code maxTokens} tokens after {@code prompt}.
     *
     * @param endOfGeneration which tokens end generation
     * @param interrupted     polled before each step; when true, generation stops with what it has
     */
    public static Result generate(Session session, Sampler sampler, IntPredicate endOfGeneration, int[] prompt,
                                  int maxTokens, BooleanSupplier interrupted, Listener listener) {
        return generate(session, sampler, Stopping.at(endOfGeneration), prompt, maxTokens, interrupted, listener,
                null);
    }

    /** As below, with no probe. */
    public static Result generate(Session session, Sampler sampler, Stopping stopping, int[] prompt,
                                  int maxTokens, BooleanSupplier interrupted, Listener listener) {
        return generate(session, sampler, stopping, prompt, maxTokens, interrupted, listener, null);
    }

    /**
     * Generates up to {@code maxTokens} tokens after {@code prompt} (which is run after what the session already
     * holds), with {@code probe} (null for none) observing — and possibly editing — every forward pass. A prompt
     * that does not fit is an error; generation that fills the context stops with {@link StopReason#CONTEXT_FULL}.
     */
    public static Result generate(Session session, Sampler sampler, Stopping stopping, int[] prompt,
                                  int maxTokens, BooleanSupplier interrupted, Listener listener, Probe probe) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1");
        }
        session.requireRoom(prompt.length);
        // Never more tokens than the context has room for (the last one sampled needs no position of its own), so a
        // huge -n costs nothing up front: generation stops at the full context (CONTEXT_FULL) before the arrays end.
        int room = (int) Math.min(maxTokens, Math.max(1L,
                (long) session.contextLength() - session.position() - prompt.length + 1));
        int[] history = Arrays.copyOf(prompt, prompt.length + room);
        int historyLength = prompt.length;
        long start = System.nanoTime();
        float[] logits = session.prefill(prompt, probe);
        long prefillNanos = System.nanoTime() - start;

        int[] out = new int[room];
        int generated = 0;
        int decodeRuns = 0;
        long firstTokenNanos = 0;
        long firstDecodeNanos = 0;
        StopReason reason = StopReason.LENGTH;
        int stopToken = -1;
        long decodeStart = System.nanoTime();
        while (true) {
            if (interrupted.getAsBoolean() || Cancellation.requested()) {
                // A stop request between tokens ends generation with what it has: it is honoured, not an error.
                Cancellation.clear();
                reason = StopReason.INTERRUPTED;
                break;
            }
            for (int id : stopping.suppressed()) {
                logits[id] = Float.NEGATIVE_INFINITY;
            }
            int token = sampler.sample(logits, history, historyLength);
            if (generated == 0) {
                firstTokenNanos = System.nanoTime() - start;
            }
            if (stopping.endOfGeneration().test(token)) {
                reason = StopReason.EOG;
                stopToken = token;
                break;
            }
            out[generated++] = token;
            history[historyLength++] = token;
            listener.onToken(token);
            if (stopping.check() != null && stopping.check().stopAfter(token)) {
                reason = StopReason.STOP_STRING;
                break;
            }
            if (generated == maxTokens) {
                break;
            }
            if (session.position() >= session.contextLength()) {
                reason = StopReason.CONTEXT_FULL;
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
        return new Result(prompt, Arrays.copyOf(out, generated), reason, stopToken,
                new Timings(prefillNanos, prompt.length, decodeNanos, decodeRuns, firstTokenNanos,
                        firstDecodeNanos));
    }
}
