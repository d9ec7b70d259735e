package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.sampling.SamplerSettings;
import dev.llmx.sampling.SamplerStep;
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

    @Option(names = "--typical", paramLabel = "P", defaultValue = "1.0",
            description = "Locally typical sampling: keep the tokens whose surprise is nearest the entropy, up to "
                    + "probability P; 1 = off (default: ${DEFAULT-VALUE}).")
    double typicalP;

    @Option(names = "--repeat-penalty", paramLabel = "X", defaultValue = "1.0",
            description = "Penalize tokens among the last --repeat-last-n; 1 = off (default: ${DEFAULT-VALUE}).")
    double repeatPenalty;

    @Option(names = "--presence-penalty", paramLabel = "X", defaultValue = "0.0",
            description = "Subtract X from the logits of tokens among the last --repeat-last-n; 0 = off "
                    + "(default: ${DEFAULT-VALUE}).")
    double presencePenalty;

    @Option(names = "--frequency-penalty", paramLabel = "X", defaultValue = "0.0",
            description = "Subtract X × count from the logits of tokens among the last --repeat-last-n; 0 = off "
                    + "(default: ${DEFAULT-VALUE}).")
    double frequencyPenalty;

    @Option(names = "--repeat-last-n", paramLabel = "N", defaultValue = "64",
            description = "Recent tokens the penalties look at; 0 = none, -1 = all (default: ${DEFAULT-VALUE}).")
    int repeatLastN;

    @Option(names = "--samplers", paramLabel = "LIST",
            description = "The sampler steps in order, ';'-separated llama.cpp names (default: "
                    + "penalties;top_k;typ_p;top_p;min_p;temperature).")
    String samplers;

    @Option(names = {"-s", "--seed"}, paramLabel = "N",
            description = "Random seed, 0 to 4294967295 as in llama.cpp: the same seed and flags give the same tokens "
                    + "(default, or -1: a random seed, reported in the JSON).")
    Long seed;

    /** Seeds are 32-bit, as llama.cpp's: exactly representable in JSON (a double), so jq hands them back intact. */
    static final long MAX_SEED = 0xFFFF_FFFFL;

    /** The settings; a flag out of range is a usage error. */
    public SamplerSettings settings() {
        if (seed != null && seed != -1 && (seed < 0 || seed > MAX_SEED)) {
            throw new UsageException("--seed must be between 0 and " + MAX_SEED + ", or -1 for a random seed, not "
                    + seed);
        }
        long s = seed != null && seed != -1 ? seed : ThreadLocalRandom.current().nextLong(MAX_SEED + 1);
        try {
            return new SamplerSettings(temperature, topK, topP, minP, typicalP, repeatPenalty, presencePenalty,
                    frequencyPenalty, repeatLastN, s,
                    samplers != null ? SamplerStep.parseList(samplers) : SamplerStep.DEFAULT_ORDER);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
