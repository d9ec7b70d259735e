package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.engine.Model;
import dev.llmx.engine.Session;
import dev.llmx.kvcache.AttentionWindows;
import dev.llmx.kvcache.CacheCheck;
import dev.llmx.kvcache.ComputeCost;
import dev.llmx.kvcache.ElementType;
import dev.llmx.kvcache.KvCache;
import dev.llmx.kvcache.KvCacheCost;
import dev.llmx.kvcache.KvCacheTypes;
import dev.llmx.kvcache.KvModel;
import dev.llmx.kvcache.ModelFileShape;
import dev.llmx.kvcache.PagedCache;
import dev.llmx.kvcache.PlannedMix;
import dev.llmx.kvcache.Presets;
import dev.llmx.kvcache.WeightStorage;
import dev.llmx.model.ModelSource;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.render.Renderer;
import dev.llmx.render.Units;
import dev.llmx.tensor.kernel.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** {@code llmx kv-cost}: what a model's KV cache, weights and tokens cost, spelled out from its shape. */
@Command(name = "kv-cost",
        description = {
            "KV cache size, weights memory, FLOPs and decode speed limits of a model.",
            "",
            "Per layer and token the cache keeps K (kv_heads × head_dim values) and V (kv_heads × v_head_dim",
            "values) as --kv-type; a sliding-window layer keeps at most its window. For a context c and a",
            "batch b:",
            "  total = b × Σ over layers of min(c, window) × (K bytes + V bytes)",
            "The model comes from --preset (--preset list shows them), -m or --layers/--kv-heads/--head-dim.",
            "--verify loads the model (-m, or the embedded one), allocates the engine's real KV cache for the",
            "context and compares its bytes with the estimate. More examples and JSON: see docs/kv-cost.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx kv-cost --preset llama-3-8b --context 1k,8k,128k",
            "  llmx kv-cost --preset gemma-3-27b -c 1k..128k --memory 24GiB",
            "  llmx kv-cost --layers 32 --kv-heads 8 --head-dim 128 -c 32k --format csv",
            "  llmx kv-cost --verify --kv-type f32"
        })
public final class KvCostCommand extends LlmxSubcommand {
    /** Tokens per sequence costed when neither --context nor a native context is known. */
    static final long DEFAULT_CONTEXT = 4096;
    /** Upper end of the --memory search when the model has no native context. */
    static final long UNBOUNDED_SEARCH_LIMIT = 1L << 31;

    @Mixin
    ModelOption modelFile;

    @Option(names = "--preset", paramLabel = "NAME", completionCandidates = ValueCandidates.PresetNames.class,
            description = "A built-in model (see '--preset list'), with the config.json values it came from.")
    String preset;

    @Option(names = "--layers", paramLabel = "L", description = "Number of layers (instead of --preset).")
    Integer layers;

    @Option(names = "--kv-heads", paramLabel = "H", description = "KV heads per layer (instead of --preset).")
    Integer kvHeads;

    @Option(names = "--head-dim", paramLabel = "D", description = "Size of one K head (instead of --preset).")
    Integer headDim;

    @Option(names = "--v-head-dim", paramLabel = "D", description = "Size of one V head when it differs from K.")
    Integer vHeadDim;

    @Option(names = "--heads", paramLabel = "H",
            description = "Query heads: enables FLOPs and --compare-heads for a model given by flags.")
    Integer heads;

    @Option(names = "--sliding-window", paramLabel = "W",
            description = "Sliding window of a model given by flags (every layer, unless --global-every).")
    Integer slidingWindow;

    @Option(names = "--global-every", paramLabel = "N",
            description = "With --sliding-window: every N-th layer attends globally (Gemma 3: 6, gpt-oss: 2).")
    Integer globalEvery;

    @Option(names = "--params", paramLabel = "N",
            description = "Parameter count of a model given by flags (7b, 1.5B, 6738415616) for weights and FLOPs.")
    String params;

    @Option(names = {"-c", "--ctx-size", "--context"}, paramLabel = "LIST",
            description = "Context length(s): 8192, 8k, 1k,8k,128k or 1k..128k (k = 1024); --ctx-size as in the other "
                    + "commands and llama.cpp. Default: the model's own.")
    String context;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1",
            description = "Sequences decoded together (default: ${DEFAULT-VALUE}).")
    long batch;

    @Option(names = "--kv-type", paramLabel = "TYPE", defaultValue = "f16",
            completionCandidates = ValueCandidates.KvTypes.class,
            description = "KV cache element type: f32, f16, bf16, q8_0, q4_0 (default: ${DEFAULT-VALUE}).")
    String kvType;

    @Option(names = "--weight-type", paramLabel = "TYPE", defaultValue = "f16",
            completionCandidates = ValueCandidates.WeightTypes.class,
            description = "Weight element type for weights memory and traffic: f32, f16, bf16, q8_0, q6_k, q5_k,"
                    + " q5_0, q4_k, q4_0, mxfp4, q3_k, q2_k, or a quantize mix (Q4_K_M, Q5_K_M, Q3_K_M, MXFP4_MOE …)"
                    + " planned tensor by tensor as llmx quantize would (default: ${DEFAULT-VALUE}).")
    String weightType;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "Memory available (24GiB, 80GB): whether weights + cache fit, and the largest context.")
    String memory;

    @Option(names = "--bandwidth", paramLabel = "GB/s",
            description = "Memory bandwidth in GB/s (1000, 3.35TB/s): the bandwidth-bound ceiling of tokens/s.")
    String bandwidth;

    @Option(names = "--block-size", paramLabel = "N",
            description = "Paged attention: tokens per block; shows pages and the bytes the last blocks waste.")
    Integer blockSize;

    @Option(names = "--seq-lens", paramLabel = "LIST",
            description = "With --block-size: the sequences in the cache (default: --batch sequences of the context).")
    String seqLens;

    @Option(names = "--compare-heads", description = "Show the same model as MHA, GQA and MQA.")
    boolean compareHeads;

    @Option(names = "--verify",
            description = "Allocate the engine's real KV cache (-m MODEL, or the embedded model) at the context and "
                    + "compare its bytes with the estimate (F32, the type the engine caches).")
    boolean verify;

    @Override
    protected int execute() {
        if ("list".equalsIgnoreCase(preset == null ? "" : preset.trim())) {
            try (Renderer out = renderer(false)) {
                out.emit(new PresetListReport(Presets.all()));
            }
            return 0;
        }
        ElementType kv = type(kvType, "--kv-type", true);
        Optional<QuantType> mix = PlannedMix.mixNamed(weightType);
        WeightStorage weights = mix.isPresent() ? null : type(weightType, "--weight-type", false);
        if (batch < 1) {
            throw new UsageException("--batch must be at least 1, not " + batch);
        }
        KvModel model;
        Optional<CacheCheck> check = Optional.empty();
        List<Long> contexts;
        boolean describedByFlags = preset != null || layers != null || kvHeads != null || headDim != null;
        // In the REPL, a kv-cost that names no model is about the loaded one.
        if (modelFile.path().isPresent() || verify || (!describedByFlags && modelFile.pathOrKept().isPresent())) {
            if (describedByFlags) {
                throw new UsageException(verify ? "--verify runs the model itself: give -m FILE (or nothing, for the"
                        + " embedded model), not --preset or --layers/--kv-heads/--head-dim"
                        : "give one model: -m FILE, --preset NAME or --layers/--kv-heads/--head-dim");
            }
            try (ModelSource source = modelFile.open()) {
                model = ModelFileShape.of(source);
                if (!spec.commandLine().getParseResult().hasMatchedOption("--weight-type")) {
                    weights = ModelFileShape.weights(source);
                } else if (mix.isPresent()) {
                    weights = PlannedMix.of(model, mix.get());
                }
                contexts = contexts(model);
                if (verify) {
                    check = Optional.of(verify(source, model, kv, contexts));
                }
            }
        } else {
            model = model();
            contexts = contexts(model);
            if (mix.isPresent()) {
                weights = PlannedMix.of(model, mix.get());
            }
        }
        KvCacheCost cache;
        try {
            cache = new KvCacheCost(model, kv);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kv-type " + kv.cliName() + ": " + e.getMessage());
        }
        KvCostReport.Request request = new KvCostReport.Request(contexts, batch, optionalBytes(),
                optionalBandwidth(), paged(cache, contexts), compareHeads, searchLimit(model, contexts));
        Optional<ComputeCost> compute = ComputeCost.of(cache, weights);
        KvCostReport report;
        try {
            report = KvCostReport.build(cache, compute, request, check);
        } catch (ArithmeticException e) {
            throw new LlmxException("the numbers for context " + contexts.get(contexts.size() - 1)
                    + " overflow 64 bits; use a smaller --context or --batch", e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (Renderer out = renderer(false)) {
            out.emit(report);
        }
        return 0;
    }

    /** --verify: the engine's cache for one sequence of the context, all its pages allocated, against the estimate. */
    private CacheCheck verify(ModelSource source, KvModel model, ElementType kv, List<Long> contexts) {
        if (batch != 1) {
            throw new UsageException("--verify allocates one sequence's cache (the engine runs one); drop --batch");
        }
        if (contexts.size() != 1) {
            throw new UsageException("--verify allocates one context at a time; give one -c value");
        }
        long context = contexts.get(0);
        if (context > Integer.MAX_VALUE - KvCache.PAGE) {
            throw new UsageException("-c " + context + " is more than the engine can hold");
        }
        Model engineModel = Model.load(source, Kernels.scalar());
        long needed = Math.multiplyExact(new KvCacheCost(model, kv).bytesPerToken(),
                (context + KvCache.PAGE - 1) / KvCache.PAGE * KvCache.PAGE);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (needed > free) {
            throw new LlmxException("--verify: the engine's " + kv.cliName() + " cache for " + context + " positions needs "
                    + Units.bytes(needed) + ", more than the " + Units.bytes(free) + " of heap free; give a smaller -c"
                    + " or a larger heap (LLMX_JAVA_OPTS=-Xmx…)");
        }
        try (Session session = Session.open(engineModel, (int) context, 1, new KvCacheTypes(kv, kv))) {
            return CacheCheck.of(model, kv, session.cache(), context);
        }
    }

    private KvModel model() {
        boolean explicit = layers != null || kvHeads != null || headDim != null;
        if (preset != null && explicit) {
            throw new UsageException("give either --preset or --layers/--kv-heads/--head-dim, not both");
        }
        if (preset != null) {
            if (heads != null || vHeadDim != null || slidingWindow != null || globalEvery != null || params != null) {
                throw new UsageException("--heads, --v-head-dim, --sliding-window, --global-every and --params"
                        + " describe a model given by flags; a preset brings its own");
            }
            return Presets.find(preset).orElseThrow(() -> unknownPreset(preset));
        }
        if (!explicit) {
            throw new UsageException("say which model: -m FILE, --preset NAME (see '--preset list') or"
                    + " --layers L --kv-heads H --head-dim D");
        }
        if (layers == null || kvHeads == null || headDim == null) {
            throw new UsageException("a model given by flags needs all of --layers, --kv-heads and --head-dim");
        }
        return explicitModel();
    }

    private KvModel explicitModel() {
        positive(layers, "--layers");
        positive(kvHeads, "--kv-heads");
        positive(headDim, "--head-dim");
        KvModel.Builder b = KvModel.builder("custom", "custom (" + Units.plural(layers, "layer") + ", " + Units.plural(kvHeads, "KV head") + " × "
                + headDim + ")").shape(layers, 0, heads == null ? 0 : positive(heads, "--heads"), kvHeads)
                .headDim(headDim);
        if (vHeadDim != null) {
            b.valueHeadDim(positive(vHeadDim, "--v-head-dim"));
        }
        if (globalEvery != null && slidingWindow == null) {
            throw new UsageException("--global-every needs --sliding-window");
        }
        if (slidingWindow != null) {
            positive(slidingWindow, "--sliding-window");
            b.windows(globalEvery == null ? AttentionWindows.allLayers(layers, slidingWindow)
                    : AttentionWindows.globalEvery(layers, slidingWindow, positive(globalEvery, "--global-every")));
        }
        if (params != null) {
            b.knownParams(parseParams(params));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int positive(int value, String option) {
        if (value < 1) {
            throw new UsageException(option + " must be at least 1, not " + value);
        }
        return value;
    }

    private static UsageException unknownPreset(String name) {
        List<String> close = Presets.closest(name, 4);
        return new UsageException("unknown preset '" + name + "'"
                + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?")
                + " ('--preset list' shows them all)");
    }

    private static ElementType type(String name, String option, boolean kvCache) {
        try {
            ElementType t = ElementType.parse(name);
            if (kvCache && !t.allowedForKvCache()) {
                throw new IllegalArgumentException(t.cliName() + " is a weight type");
            }
            return t;
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage() + "; choose " + ElementType.names(kvCache)
                    + (kvCache ? "" : ", or a quantize mix: " + PlannedMix.mixNames()));
        }
    }

    /** The contexts to cost, sorted and without repeats; the model's native context when none is given. */
    private List<Long> contexts(KvModel model) {
        if (context == null) {
            return List.of(model.nativeContext() > 0 ? model.nativeContext() : DEFAULT_CONTEXT);
        }
        try {
            return List.copyOf(new TreeSet<>(TokenCounts.parseList(context, 1, "context")));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--context: " + e.getMessage());
        }
    }

    /** The largest context --memory may report: the model's own, or the largest asked if that is larger. */
    private static long searchLimit(KvModel model, List<Long> contexts) {
        long asked = contexts.get(contexts.size() - 1);
        return model.nativeContext() > 0 ? Math.max(model.nativeContext(), asked) : Math.max(UNBOUNDED_SEARCH_LIMIT,
                asked);
    }

    private Optional<Long> optionalBytes() {
        if (memory == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Units.parseBytes(memory));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--memory: " + e.getMessage());
        }
    }

    /** Bytes per second from "1000" (GB/s), "1000GB/s", "3.35TB/s". */
    private Optional<Double> optionalBandwidth() {
        if (bandwidth == null) {
            return Optional.empty();
        }
        String s = bandwidth.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        double scale = 1e9;
        if (s.endsWith("tb/s")) {
            scale = 1e12;
            s = s.substring(0, s.length() - 4);
        } else if (s.endsWith("gb/s")) {
            s = s.substring(0, s.length() - 4);
        }
        try {
            double v = Double.parseDouble(s);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return Optional.of(v * scale);
        } catch (NumberFormatException e) {
            throw new UsageException("--bandwidth must be a positive number of GB/s (1000, 3.35TB/s), not '"
                    + bandwidth + "'");
        }
    }

    private Optional<KvCostReport.Paged> paged(KvCacheCost cache, List<Long> contexts) {
        if (blockSize == null) {
            if (seqLens != null) {
                throw new UsageException("--seq-lens needs --block-size");
            }
            return Optional.empty();
        }
        positive(blockSize, "--block-size");
        List<Long> sequences;
        if (seqLens != null) {
            try {
                sequences = TokenCounts.parseList(seqLens, 1, "sequence length");
            } catch (IllegalArgumentException e) {
                throw new UsageException("--seq-lens: " + e.getMessage());
            }
        } else {
            long c = contexts.get(contexts.size() - 1);
            sequences = java.util.Collections.nCopies((int) Math.min(batch, TokenCounts.MAX_ENTRIES), c);
        }
        return Optional.of(new KvCostReport.Paged(new PagedCache(cache, blockSize), sequences));
    }

    /** "7b" → 7,000,000,000; "1.5B", "135m", "6738415616". */
    static long parseParams(String text) {
        String s = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        double unit = 1;
        if (s.endsWith("t")) {
            unit = 1e12;
        } else if (s.endsWith("b") || s.endsWith("g")) {
            unit = 1e9;
        } else if (s.endsWith("m")) {
            unit = 1e6;
        } else if (s.endsWith("k")) {
            unit = 1e3;
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            double v = Double.parseDouble(s) * unit;
            if (!(v >= 1) || v > 1e15) {
                throw new NumberFormatException();
            }
            return Math.round(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--params must be a parameter count (7b, 1.5B, 135m, 6738415616), not '"
                    + text + "'");
        }
    }
}
