package dev.llmx.cli.bench;

import dev.llmx.engine.Session;
import dev.llmx.engine.Throughput;
import dev.llmx.render.Progress;

import java.util.Random;

/**
 * Runs tests on one session as llama-bench does: random valid token ids (a fixed seed, so every run of llmx feeds the
 * same ids), an optional untimed warm-up, then the timed repetitions, each from an empty context.
 *
 * <p>llama-bench warms up with one run; llmx runs the test untimed for at least {@link #WARMUP_NANOS} (and at least
 * once), because the JVM compiles the hot loops while they run: a short test's first few runs go through the
 * interpreter and the first compiler tier and are several times slower than the rest.
 */
public final class BenchRunner {
    /** The seed of the token ids: fixed so that two benchmark runs process the same tokens. */
    static final long SEED = 1234;
    /** How long the warm-up of one test runs at least: long enough for the JIT's optimising tier to compile it. */
    static final long WARMUP_NANOS = 1_000_000_000L;

    private final Session session;
    private final ModelSummary model;
    private final int repetitions;
    private final boolean warmup;
    private final Progress progress;
    private final Random random = new Random(SEED);

    public BenchRunner(Session session, ModelSummary model, int repetitions, boolean warmup, Progress progress) {
        this.session = session;
        this.model = model;
        this.repetitions = repetitions;
        this.warmup = warmup;
        this.progress = progress;
    }

    public BenchRow run(BenchTest test) {
        if (warmup) {
            long spent = 0;
            do {
                spent += time(test);
            } while (spent < WARMUP_NANOS);
        }
        long[] samples = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            samples[i] = time(test);
            progress.advance(1);
        }
        return new BenchRow(model, test, samples);
    }

    private long time(BenchTest test) {
        int[] tokens = randomTokens(test.tokens());
        return test.isPrompt() ? Throughput.promptNanos(session, tokens) : Throughput.generationNanos(session, tokens);
    }

    private int[] randomTokens(int n) {
        // Ids the embedding table has a row for: valid input for any model, whatever its tokenizer says.
        int vocab = session.model().embeddingRows();
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = random.nextInt(vocab);
        }
        return tokens;
    }
}
