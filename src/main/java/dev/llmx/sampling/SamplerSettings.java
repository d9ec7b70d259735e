package dev.llmx.sampling;

/**
 * How the next token is picked from the logits, with llama.cpp's flag names and defaults.
 *
 * @param temperature   divides the logits before the final draw; 0 means greedy (always the most likely token)
 * @param topK          keep only the k most likely tokens (0: all)
 * @param topP          keep the most likely tokens whose probabilities add up to p (1: all)
 * @param minP          drop tokens less likely than min_p × the most likely one's probability (0: none)
 * @param repeatPenalty divide positive (multiply negative) logits of tokens among the last {@code repeatLastN} (1: off)
 * @param repeatLastN   how many recent tokens the repetition penalty looks at
 * @param seed          the random generator's seed (the same seed and settings give the same tokens)
 */
public record SamplerSettings(double temperature, int topK, double topP, double minP, double repeatPenalty,
                              int repeatLastN, long seed) {
    public static final double DEFAULT_TEMPERATURE = 0.8;
    public static final int DEFAULT_TOP_K = 40;
    public static final double DEFAULT_TOP_P = 0.95;
    public static final double DEFAULT_MIN_P = 0.05;
    public static final double DEFAULT_REPEAT_PENALTY = 1.0;
    public static final int DEFAULT_REPEAT_LAST_N = 64;

    public SamplerSettings {
        if (temperature < 0 || Double.isNaN(temperature)) {
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
        if (!(repeatPenalty > 0)) {
            throw new IllegalArgumentException("--repeat-penalty must be positive, not " + repeatPenalty);
        }
        if (repeatLastN < 0) {
            throw new IllegalArgumentException("--repeat-last-n must be 0 or more, not " + repeatLastN);
        }
    }

    /** Greedy decoding: the most likely token every time. */
    public static SamplerSettings greedy() {
        return new SamplerSettings(0, 0, 1, 0, 1, 0, 0);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
