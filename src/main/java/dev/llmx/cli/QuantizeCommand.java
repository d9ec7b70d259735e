package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.quantize.QuantizeReport;
import dev.llmx.cli.quantize.DriftReport;
import dev.llmx.cli.quantize.Written;
import dev.llmx.engine.Model;
import dev.llmx.model.ModelSource;
import dev.llmx.quant.RowWorkers;
import dev.llmx.quant.drift.Drift;
import dev.llmx.quant.drift.DriftMeter;
import dev.llmx.quant.drift.QuantizedSource;
import dev.llmx.quant.explain.Explainer;
import dev.llmx.quant.model.ModelQuantizer;
import dev.llmx.quant.model.SourceModel;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.render.Progress;
import dev.llmx.render.Renderer;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tokenize.ModelTokenizers;
import dev.llmx.tokenize.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code llmx quantize}: a quantized GGUF file as llama-quantize makes it, and what the quantization costs. */
@Command(name = "quantize",
        description = {
            "Quantize a model to a GGUF file, or show what quantization does to it.",
            "",
            "With -o: writes the model with llama-quantize's type (Q8_0, Q4_K_M, …): the same tensor types,",
            "rules and bytes as llama.cpp, metadata copied, general.file_type set. The input (-m; default:",
            "the embedded model) is a GGUF file (F32/F16/BF16; already quantized ones with",
            "--allow-requantize) or a Hugging Face folder of a llama-family model, converted as",
            "convert_hf_to_gguf.py does (so --type F16 is a plain conversion). The file appears only when",
            "complete.",
            "",
            "Without -o (or with --report): measures instead of writing. Every tensor's error, one tensor up",
            "close (a corner of the matrix before and after, its first block's scales and codes, an error",
            "histogram) and the whole model under each type: size, bits per weight, RMSE. Without --type:",
            "Q4_K_M. CSV output is the tensor table. JSON: see docs/quantize.md.",
            "",
            "With --drift TEXT: runs TEXT through the model and through the model quantized in memory (no",
            "file), and shows how far the quantized one strays: per layer the cosine similarity of the hidden",
            "states (blk.N.resid_out), then per position the KL divergence of the next-token distributions,",
            "top-1 agreement and the perplexity of the text under both. CSV output is the per-layer table.",
            "",
            "Types, most to fewest bits (any case; Q4_K means Q4_K_M): F32, F16, BF16, Q8_0, Q6_K, Q5_K_M,",
            "Q5_K_S, Q5_1, Q5_0, Q4_K_M, Q4_K_S, Q4_1, Q4_0, IQ4_NL, IQ4_XS, MXFP4_MOE (for mixtures of",
            "experts: *_exps in MXFP4, the rest Q8_0), Q3_K_L, Q3_K_M, Q3_K_S, Q2_K."
        },
        footer = {
            "",
            "Examples:",
            "  llmx quantize --type Q8_0 -o stories260K-Q8_0.gguf",
            "  llmx quantize --type Q4_0",
            "  llmx quantize --type Q6_K --tensor blk.0.attn_v.weight --compare Q8_0,Q6_K,Q4_K_M",
            "  llmx quantize --type Q4_K_M --drift \"Once upon a time\""
        })
public final class QuantizeCommand extends LlmxSubcommand {
    @Mixin
    ModelOption model;

    @Option(names = "--type", paramLabel = "TYPE", completionCandidates = ValueCandidates.QuantTypes.class,
            description = "llama-quantize's type name (see the list above).")
    String type;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the quantized model here (a new .gguf).")
    Path output;

    @Option(names = "--report", description = "With -o: also measure and show the errors (as without -o).")
    boolean report;

    @Option(names = "--tensor", paramLabel = "NAME",
            description = "Look closely at this tensor (repeatable; default: the first one the type quantizes).")
    List<String> tensors = new ArrayList<>();

    @Option(names = "--compare", paramLabel = "TYPES", split = ",",
            description = "Types for the whole-model table (default: all; 'none' for no table).")
    List<String> compare;

    @Option(names = "--allow-requantize",
            description = "Accept an input that is already quantized (its rounding errors add to the new ones).")
    boolean allowRequantize;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Threads (default: all processors).")
    Integer threads;

    @Option(names = "--excerpt", paramLabel = "N", defaultValue = "2",
            description = "Rows and columns from each end of the matrix excerpts (default: ${DEFAULT-VALUE}, a 5 × 5 view).")
    int edge;

    @Option(names = "--bins", paramLabel = "N", defaultValue = "16",
            description = "Error histogram bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--drift", paramLabel = "TEXT",
            description = "Run TEXT through the original and the quantized model (in memory) and compare them "
                    + "(default model: the embedded one).")
    String drift;

    @Override
    protected int execute() throws Exception {
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 1024) {
            throw new UsageException("--threads must be between 1 and 1024");
        }
        if (edge < 1 || edge > 20) {
            throw new UsageException("--excerpt must be between 1 and 20");
        }
        if (bins < 1 || bins > 1000) {
            throw new UsageException("--bins must be between 1 and 1000");
        }
        if (OutputFile.isStandardOutput(output)) {
            // GgufWriter puts tensors at their offsets (in parallel, padding left as holes): it needs a file.
            throw new UsageException("-o - (standard output) cannot take the GGUF file, whose tensors are written at "
                    + "their offsets; give a file name");
        }
        if (output != null && type == null) {
            throw new UsageException("-o needs --type (one of " + QuantType.names() + ")");
        }
        if (report && output == null) {
            throw new UsageException("--report goes with -o (without -o the report is all there is)");
        }
        QuantType quantType = type == null ? QuantType.Q4_K_M : QuantType.parse(type);
        if (drift != null) {
            return drift(quantType, threadCount);
        }
        List<QuantType> compareTypes = compareTypes();
        Path input = model.resolve();

        try (SourceModel source = SourceModel.of(ModelOpener.convert(input).source());
             RowWorkers workers = new RowWorkers(threadCount);
             Renderer out = renderer(false)) {
            ModelQuantizer quantizer = new ModelQuantizer(source, quantType, allowRequantize);
            Written written = null;
            if (output != null) {
                written = write(quantizer, workers);
            }
            Explainer.Explanation explanation = null;
            if (output == null || report) {
                explanation = new Explainer(source, workers).explain(quantType, compareTypes, tensors, edge, bins,
                        total -> Progress.items(terminal(), "quantize: measuring (rows)", total));
            }
            out.emit(new QuantizeReport(source.path(), source.description(), quantType, threadCount, quantizer.plan(),
                    written, explanation, edge));
        }
        return 0;
    }

    /** --drift: the original and the quantized model side by side on one text. */
    private int drift(QuantType quantType, int threadCount) {
        if (output != null || !tensors.isEmpty() || compare != null) {
            throw new UsageException("--drift measures the model in memory; it does not go with -o, --tensor or "
                    + "--compare");
        }
        if (drift.isEmpty()) {
            throw new UsageException("--drift needs some text");
        }
        try (SourceModel source = SourceModel.of(ModelOpener.convert(model.resolve()).source());
             RowWorkers workers = new RowWorkers(threadCount);
             Renderer out = renderer(false)) {
            ModelQuantizer quantizer = new ModelQuantizer(source, quantType, allowRequantize);
            ModelSource original = source.model();
            Tokenizer tokenizer = ModelTokenizers.of(original);
            int[] tokens = tokenizer.encode(drift, true, true).ids();
            if (tokens.length == 0) {
                throw new LlmxException("--drift text gives no tokens; give some text");
            }
            // The plain-Java kernels: the same weights must give the same numbers in both passes, and the Vector
            // API's lane sums may add in another order once the JIT compiles them (a 1e-15 noise floor that would
            // make an unchanged model look changed).
            Kernels kernels = Kernels.scalar();
            Model originalModel = Model.load(original, kernels);
            try (QuantizedSource quantized = new QuantizedSource(original, quantizer.plan(), workers)) {
                Model quantizedModel = Model.load(quantized, kernels);
                Drift measured = DriftMeter.measure(originalModel, quantizedModel, tokens, threadCount);
                out.emit(new DriftReport(source.path(), source.description(), quantType, quantizer.plan(), drift,
                        measured, id -> tokenizer.isValid(id) ? tokenizer.bytes(id) : new byte[0]));
            }
        }
        return 0;
    }

    private List<QuantType> compareTypes() {
        if (compare == null) {
            return Arrays.asList(QuantType.values());
        }
        if (compare.size() == 1 && compare.get(0).equalsIgnoreCase("none")) {
            return List.of();
        }
        List<QuantType> out = new ArrayList<>();
        for (String name : compare) {
            QuantType t = QuantType.parse(name);
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private Written write(ModelQuantizer quantizer, RowWorkers workers) {
        quantizer.checkOutput(output);
        long start = System.nanoTime();
        try (Progress progress = Progress.bytes(terminal(), "quantize: writing " + output.getFileName(),
                quantizer.sourceBytes())) {
            quantizer.write(output, workers, progress);
        } catch (IOException e) {
            throw new LlmxException("cannot write " + output + ": " + reason(e) + " (nothing was left behind)");
        }
        long nanos = System.nanoTime() - start;
        long size;
        try {
            size = Files.isRegularFile(output) ? Files.size(output) : 0;
        } catch (IOException e) {
            size = 0;
        }
        return new Written(output, size, quantizer.sourceBytes(), nanos);
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
