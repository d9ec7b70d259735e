package dev.llmx.sampling;

import java.util.List;
import java.util.Objects;

/**
 * How the next token is picked from the logits, with llama.cpp's flag names and defaults.
 *
 * @param temperature      divides the logits; 0 keeps only the most likely token (greedy)
 * @param topK             keep only the k most likely tokens (0: all)
 * @param topP             keep the most likely tokens until their probabilities add up to p (1: all)
 * @param minP             drop tokens less likely than min_p × the most likely one's probability (0: none)
 * @param typicalP         locally typical sampling: keep the tokens whose surprise is closest to the entropy until
 *                         they add up to p (1: off)
 * @param repeatPenalty    divide positive (multiply negative) logits of tokens among the last {@code repeatLastN}
 *                         (1: off)
 * @param presencePenalty  subtract this from the logit of every token among the last {@code repeatLastN} (0: off)
 * @param frequencyPenalty subtract this × its count from the logit of a token among the last {@code repeatLastN}
 *                         (0: off)
 * @param repeatLastN      how many recent tokens the penalties look at (0: none; -1: all of them)
 * @param seed             the random generator's seed (the same seed and settings give the same tokens)
 * @param order            the steps, in the order they run
 */
public record SamplerSettings(double temperature, int topK, double topP, double minP, double typicalP,
                              double repeatPenalty, double presencePenalty, double frequencyPenalty, int repeatLastN,
                              long seed, List<SamplerStep> order) {
    public static final double DEFAULT_TEMPERATURE = 0.8;
    public static final int DEFAULT_TOP_K = 40;
    public static final double DEFAULT_TOP_P = 0.95;
    public static final double DEFAULT_MIN_P = 0.05;
    public static final double DEFAULT_TYPICAL_P = 1.0;
    public static final double DEFAULT_REPEAT_PENALTY = 1.0;
    public static final int DEFAULT_REPEAT_LAST_N = 64;

    public SamplerSettings {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temp must be 0 or more, not " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("--top-k must be 0 (off) or more, not " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--top-p must be in (0, 1], not " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("--min-p must be in [0, 1], not " + minP);
        }
        if (!(typicalP > 0 && typicalP <= 1)) {
            throw new IllegalArgumentException("--typical must be in (0, 1], not " + typicalP);
        }
        if (!(repeatPenalty > 0) || Double.isInfinite(repeatPenalty)) {
            throw new IllegalArgumentException("--repeat-penalty must be positive, not " + repeatPenalty);
        }
        if (!Double.isFinite(presencePenalty) || !Double.isFinite(frequencyPenalty)) {
            throw new IllegalArgumentException("--presence-penalty and --frequency-penalty must be finite numbers");
        }
        if (repeatLastN < -1) {
            throw new IllegalArgumentException("--repeat-last-n must be -1 (all tokens), 0 (off) or more, not "
                    + repeatLastN);
        }
        order = List.copyOf(Objects.requireNonNull(order, "order"));
    }

    /** llama.cpp's defaults with the given seed. */
    public static SamplerSettings defaults(long seed) {
        return new SamplerSettings(DEFAULT_TEMPERATURE, DEFAULT_TOP_K, DEFAULT_TOP_P, DEFAULT_MIN_P, DEFAULT_TYPICAL_P,
                DEFAULT_REPEAT_PENALTY, 0, 0, DEFAULT_REPEAT_LAST_N, seed, SamplerStep.DEFAULT_ORDER);
    }

    /** Greedy decoding: the most likely token every time. */
    public static SamplerSettings greedy() {
        return defaults(0).withTemperature(0);
    }

    public SamplerSettings withTemperature(double t) {
        return new SamplerSettings(t, topK, topP, minP, typicalP, repeatPenalty, presencePenalty, frequencyPenalty,
                repeatLastN, seed, order);
    }

    public SamplerSettings withTopK(int k) {
        return new SamplerSettings(temperature, k, topP, minP, typicalP, repeatPenalty, presencePenalty,
                frequencyPenalty, repeatLastN, seed, order);
    }

    public SamplerSettings withTopP(double p) {
        return new SamplerSettings(temperature, topK, p, minP, typicalP, repeatPenalty, presencePenalty,
                frequencyPenalty, repeatLastN, seed, order);
    }

    public SamplerSettings withMinP(double p) {
        return new SamplerSettings(temperature, topK, topP, p, typicalP, repeatPenalty, presencePenalty,
                frequencyPenalty, repeatLastN, seed, order);
    }

    public SamplerSettings withTypicalP(double p) {
        return new SamplerSettings(temperature, topK, topP, minP, p, repeatPenalty, presencePenalty, frequencyPenalty,
                repeatLastN, seed, order);
    }

    public SamplerSettings withPenalties(double repeat, double presence, double frequency, int lastN) {
        return new SamplerSettings(temperature, topK, topP, minP, typicalP, repeat, presence, frequency, lastN, seed,
                order);
    }

    public SamplerSettings withOrder(List<SamplerStep> steps) {
        return new SamplerSettings(temperature, topK, topP, minP, typicalP, repeatPenalty, presencePenalty,
                frequencyPenalty, repeatLastN, seed, steps);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    /** Whether {@code step} changes anything with these settings (llama.cpp skips the same cases). */
    public boolean isActive(SamplerStep step) {
        return switch (step) {
            case PENALTIES -> repeatLastN != 0
                    && (repeatPenalty != 1 || presencePenalty != 0 || frequencyPenalty != 0);
            case TOP_K -> topK > 0;
            case TYPICAL_P -> typicalP < 1;
            case TOP_P -> topP < 1;
            case MIN_P -> minP > 0;
            case TEMPERATURE -> temperature != 1;
        };
    }

    /** The step's parameters as flags would spell them, e.g. {@code "k=40"}. */
    public String describe(SamplerStep step) {
        return switch (step) {
            case PENALTIES -> "repeat=" + repeatPenalty + " presence=" + presencePenalty + " frequency="
                    + frequencyPenalty + " last_n=" + repeatLastN;
            case TOP_K -> "k=" + topK;
            case TYPICAL_P -> "p=" + typicalP;
            case TOP_P -> "p=" + topP;
            case MIN_P -> "p=" + minP;
            case TEMPERATURE -> "t=" + temperature;
        };
    }
}
