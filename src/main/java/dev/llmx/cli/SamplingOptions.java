package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.sampling.SamplerSettings;
import picocli.CommandLine.Option;

import java.util.concurrent.ThreadLocalRandom;

/** The sampling flags, with llama.cpp's names and defaults. */
public final class SamplingOptions {
    @Option(names = "--temp", paramLabel = "T", defaultValue = "0.8",
            description = "Temperature; 0 = greedy, always the most likely token (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "40",
            description = "Sample among the K most likely tokens; 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95",
            description = "Sample among the most likely tokens that make up probability P; 1 = all "
                    + "(default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0.05",
            description = "Drop tokens less likely than P × the most likely one; 0 = none (default: ${DEFAULT-VALUE}).")
    double minP;

    @Option(names = "--repeat-penalty", paramLabel = "X", defaultValue = "1.0",
            description = "Penalize tokens among the last --repeat-last-n; 1 = off (default: ${DEFAULT-VALUE}).")
    double repeatPenalty;

    @Option(names = "--repeat-last-n", paramLabel = "N", defaultValue = "64",
            description = "Recent tokens the repetition penalty looks at (default: ${DEFAULT-VALUE}).")
    int repeatLastN;

    @Option(names = "--seed", paramLabel = "N",
            description = "Random seed: the same seed and flags give the same text (default: a random seed, "
                    + "reported in the JSON).")
    Long seed;

    /** The settings; a flag out of range is a usage error. */
    public SamplerSettings settings() {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong() >>> 1;
        try {
            return new SamplerSettings(temperature, topK, topP, minP, repeatPenalty, repeatLastN, s);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
