package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.cli.bench.BenchRow;
import dev.llmx.cli.bench.BenchRunner;
import dev.llmx.cli.bench.BenchTableStream;
import dev.llmx.cli.bench.BenchTest;
import dev.llmx.cli.bench.KernelChoice;
import dev.llmx.cli.bench.ModelSummary;
import dev.llmx.engine.Model;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.engine.Session;
import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.render.Format;
import dev.llmx.render.Progress;
import dev.llmx.render.Renderer;
import dev.llmx.tensor.kernel.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code llmx bench}: prompt-processing and generation throughput, one row per test, like llama-bench. */
@Command(name = "bench",
        description = {
            "Measure prompt processing and generation speed in tokens per second, like llama-bench.",
            "",
            "A prompt test (pp N) runs N random token ids through the model in one batched prefill; a",
            "generation test (tg N) decodes N tokens one at a time. Both start from an empty context. Each",
            "test runs untimed for a second (warm-up: the JIT compiles the hot loops), then -r times, and the",
            "row reports the mean and standard deviation of the rates. -p, -n, -t and --kernels take",
            "comma-separated lists: every combination is a row. Rows are printed as each test finishes;",
            "--format md prints llama-bench's Markdown table (its -o md).",
            "Progress goes to standard error on a terminal. JSON: see docs/bench.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx bench",
            "  llmx bench -m model.gguf -p 512 -n 128 -t 1,2 -ctk q8_0 -ctv q8_0",
            "  llmx bench -m model.gguf --kernels scalar,vector -r 3",
            "  llmx bench -p 16 -n 16 -r 2 --format md"
        })
public final class BenchCommand extends LlmxSubcommand {
    @Mixin
    ModelOption model;

    @Mixin
    KvCacheOptions cacheTypes;

    @Option(names = {"-p", "--n-prompt"}, paramLabel = "N", split = ",", defaultValue = "128",
            description = "Prompt lengths to test, comma-separated; 0 skips prompt tests (default: ${DEFAULT-VALUE}).")
    List<Integer> nPrompt;

    @Option(names = {"-n", "--n-gen"}, paramLabel = "N", split = ",", defaultValue = "64",
            description = "Tokens to generate, comma-separated; 0 skips generation tests (default: ${DEFAULT-VALUE}).")
    List<Integer> nGen;

    @Option(names = {"-r", "--repetitions"}, paramLabel = "N", defaultValue = "5",
            description = "Timed runs of each test (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", split = ",",
            description = "Threads, comma-separated (default: one per CPU core).")
    List<Integer> threads;

    @Option(names = "--kernels", paramLabel = "SET", split = ",", defaultValue = "auto",
            converter = KernelChoice.Converter.class, completionCandidates = KernelChoice.Candidates.class,
            description = "Kernel sets, comma-separated: auto (what other commands use: scalar for tiny models), "
                    + "scalar, vector (default: ${DEFAULT-VALUE}).")
    List<KernelChoice> kernels;

    @Option(names = "--warmup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run each test untimed for at least a second (at least once) before timing it "
                    + "(default: on; --no-warmup times the JIT's warm-up too).")
    boolean warmup;

    @Override
    protected int execute() throws Exception {
        List<Integer> prompts = lengths("-p", nPrompt);
        List<Integer> gens = lengths("-n", nGen);
        if (prompts.isEmpty() && gens.isEmpty()) {
            throw new UsageException("-p and -n are both 0: nothing to measure; give a prompt length (-p) or a number "
                    + "of tokens to generate (-n)");
        }
        if (repetitions < 1) {
            throw new UsageException("-r must be at least 1, not " + repetitions);
        }
        List<Integer> threadCounts = threadCounts();
        try (EngineModel em = EngineModel.open(model)) {
            // Everything that can be refused is checked before the renderer opens (JSON would print "[]").
            int context = contextFor(em.model, prompts, gens);
            List<Model> models = models(em);
            // The embedded model's copy has a content hash in its file name; the row names the model, not the copy.
            ModelSummary summary = ModelSummary.of(nameOf(model.resolve()), em.source);
            KvCacheTypes types = cacheTypes.types().requireFits(em.model.headDim(), em.model.valueDim());
            List<BenchTest> planned = new ArrayList<>();
            for (Model m : models) {
                for (int t : threadCounts) {
                    String k = m.kernels().description();
                    prompts.forEach(p -> planned.add(BenchTest.prompt(k, t, types, p)));
                    gens.forEach(n -> planned.add(BenchTest.generation(k, t, types, n)));
                }
            }
            long total = (long) planned.size() * repetitions;
            BenchTableStream table = new BenchTableStream(summary, planned);
            try (Renderer out = renderer(true);
                 Progress progress = Progress.items(terminal(), "llmx bench", total)) {
                int next = 0;
                for (Model m : models) {
                    for (int t : threadCounts) {
                        try (Session session = Session.open(m, context, t, types)) {
                            BenchRunner runner = new BenchRunner(session, summary, repetitions, warmup, progress);
                            for (int i = 0; i < prompts.size() + gens.size(); i++) {
                                emit(out, table, progress, runner.run(planned.get(next++)));
                            }
                        }
                    }
                }
            }
        }
        return 0;
    }

    /**
     * Every row is written the moment its test finishes, as llama-bench does: the table view with column widths
     * fixed from the planned tests, the other formats as records. The progress bar is erased first so that the row
     * starts on a clean line (it comes back with the next repetition).
     */
    private void emit(Renderer out, BenchTableStream table, Progress progress, BenchRow row) {
        progress.close();
        if (format() == Format.TABLE) {
            table.write(out.text(), row);
            out.flush();
        } else {
            out.emit(row);
        }
    }

    /** A model file's or folder's own name ({@code -m .} names the current folder). */
    private static String nameOf(Path path) {
        if (EmbeddedModel.isCopy(path)) {
            return EmbeddedModel.NAME;
        }
        Path name = path.toAbsolutePath().normalize().getFileName();
        return name != null ? name.toString() : path.toString();
    }

    /** The positive values of {@code -p} or {@code -n}, without repeats (0 means none). */
    private static List<Integer> lengths(String flag, List<Integer> values) {
        Set<Integer> kept = new LinkedHashSet<>();
        for (int v : values) {
            if (v < 0) {
                throw new UsageException(flag + " must be 0 or more (a number of tokens), not " + v);
            }
            if (v > 0) {
                kept.add(v);
            }
        }
        return List.copyOf(kept);
    }

    private List<Integer> threadCounts() {
        if (threads == null) {
            return List.of(Runtime.getRuntime().availableProcessors());
        }
        Set<Integer> kept = new LinkedHashSet<>();
        for (int t : threads) {
            kept.add(ThreadsOption.checked(t));
        }
        return List.copyOf(kept);
    }

    /** A context that holds the longest test; an error naming the flag when the model's context is shorter. */
    private static int contextFor(Model model, List<Integer> prompts, List<Integer> gens) {
        int available = Session.contextLength(model, 0);
        int longestPrompt = prompts.stream().mapToInt(Integer::intValue).max().orElse(0);
        int longestGen = gens.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (longestPrompt > available) {
            throw new UsageException("-p " + longestPrompt + " is more than the model's context of " + available
                    + " positions; lower -p");
        }
        if (longestGen > available) {
            throw new UsageException("-n " + longestGen + " is more than the model's context of " + available
                    + " positions; lower -n");
        }
        return Math.max(longestPrompt, longestGen);
    }

    /**
     * The model once per kernel set asked for: the weights stay memory-mapped in the one open file, so another set
     * costs only its small heap tensors (norms, biases).
     */
    private List<Model> models(EngineModel em) {
        Set<Kernels> sets = new LinkedHashSet<>();
        for (KernelChoice choice : kernels) {
            sets.add(choice.resolve(em.model.kernels()));
        }
        List<Model> models = new ArrayList<>();
        for (Kernels set : sets) {
            models.add(set == em.model.kernels() ? em.model : Model.load(em.source, set));
        }
        return models;
    }
}
