package dev.llmx.cli;

import dev.llmx.render.Units;
import dev.llmx.Cancellation;
import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.generate.Interruption;
import dev.llmx.cli.train.StepReport;
import dev.llmx.cli.train.SummaryReport;
import dev.llmx.cli.train.TrainLiveView;
import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufValue;
import dev.llmx.model.ModelSource;
import dev.llmx.render.Format;
import dev.llmx.render.Renderer;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WorkerPool;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.train.LlamaNetwork;
import dev.llmx.train.LlamaShape;
import dev.llmx.train.Optimizer;
import dev.llmx.train.OptimizerKind;
import dev.llmx.train.Parameters;
import dev.llmx.train.PerplexityWindows;
import dev.llmx.train.Schedule;
import dev.llmx.train.Trainer;
import dev.llmx.train.TrainingWindows;
import dev.llmx.train.Checkpoint;
import dev.llmx.train.BatchSource;
import dev.llmx.train.Evaluation;
import dev.llmx.cli.train.SftData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code llmx train}: fine-tune a model or train one from scratch, and watch it learn. */
@Command(name = "train",
        description = {
            "Train a model on a text: loss, gradients, optimizer updates, and an F32 GGUF checkpoint.",
            "",
            "Fine-tunes the model (-m; default: the embedded one) or, with --init random, a new llama model of",
            "the sizes --dim/--layers/--heads/--kv-heads/--ffn with the tokenizer of -m. The text is tokenized",
            "by the model's tokenizer; batches are windows of -c tokens at seeded random offsets; the last",
            "--val-fraction of the tokens (or --val-file) is the validation set, scored as llama-perplexity",
            "scores it, so the validation loss at step 0 is ln(PPL) of the model as loaded. Each step shows",
            "the loss, the validation loss every --eval-every steps, tokens/s, the gradient norm, and per",
            "tensor group the gradient norm and update-to-weight ratio; -o writes the weights as an F32 GGUF",
            "file (atomically; Ctrl-C stops after the current step and still writes it). --sft trains on",
            "conversations through the chat template with the loss on assistant tokens only; --dpo tunes on",
            "ranked pairs against a frozen copy; --explain takes one step apart; --toy draws optimizers'",
            "paths on a 2-D loss. JSON: docs/train.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx train -f ../shared/refs/corpus/war-and-peace.txt --max-bytes 65536 --steps 20 -o tuned.gguf",
            "  llmx train --dpo examples/dpo-pairs.jsonl --steps 20 -b 4 -o preferred.gguf",
            "  llmx train --explain \"Once upon a time there was a little\"",
            "  llmx train --toy rosenbrock"
        })
public final class TrainCommand extends LlmxSubcommand {
    private static final int MAX_SEQUENCE = 1 << 16;

    @Mixin
    ModelOption model;

    @Mixin
    ThreadsOption threads;

    @Option(names = {"-f", "--file"}, paramLabel = "TEXT", description = "The training text (UTF-8).")
    Path file;

    @Option(names = "--max-bytes", paramLabel = "N", description = "Read only the first N bytes of the text files.")
    Long maxBytes;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the trained weights here as an F32 GGUF model (atomically).")
    Path output;

    @Option(names = "--init", paramLabel = "FROM", defaultValue = "model",
            description = "model (fine-tune the weights of -m) or random (a new model; default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--dim", paramLabel = "N", description = "With --init random: d_model (default: as -m).")
    Integer dim;

    @Option(names = "--layers", paramLabel = "N", description = "With --init random: layers (default: as -m).")
    Integer layers;

    @Option(names = "--heads", paramLabel = "N", description = "With --init random: query heads (default: as -m).")
    Integer heads;

    @Option(names = "--kv-heads", paramLabel = "N", description = "With --init random: KV heads (default: --heads).")
    Integer kvHeads;

    @Option(names = "--ffn", paramLabel = "N", description = "With --init random: feed-forward size (default: as -m).")
    Integer ffn;

    @Option(names = {"-c", "--ctx"}, paramLabel = "N", defaultValue = "128",
            description = "Tokens per sequence, and per validation window (default: ${DEFAULT-VALUE}).")
    int ctx;

    @Option(names = {"-b", "--batch"}, paramLabel = "N", defaultValue = "8",
            description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Optimizer steps (default: ${DEFAULT-VALUE}; 0 only evaluates).")
    int steps;

    @Option(names = "--epochs", paramLabel = "X",
            description = "Train for X passes over the training tokens instead of --steps.")
    Double epochs;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adamw",
            description = "sgd, momentum, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizerName;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "1e-3",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--min-lr", paramLabel = "X",
            description = "Learning rate at the end of the cosine decay (default: lr / 10).")
    Double minLr;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Steps of linear warm-up (default: a tenth of the steps, at most 100).")
    Integer warmup;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "0",
            description = "Weight decay of the matrices (decoupled for adamw; default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--momentum", paramLabel = "X", defaultValue = "0.9",
            description = "Momentum's μ (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--clip", paramLabel = "X", defaultValue = "1.0",
            description = "Clip the global gradient norm to X, 0 for no clipping (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the batches and of --init random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--val-fraction", paramLabel = "X", defaultValue = "0.1",
            description = "Share of the text's tokens (its end) held out for validation (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--val-file", paramLabel = "TEXT", description = "Validate on this text instead of a split.")
    Path valFile;

    @Option(names = "--eval-every", paramLabel = "N", defaultValue = "25",
            description = "Steps between validation losses (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--eval-windows", paramLabel = "N", defaultValue = "32",
            description = "Validation windows used at most (default: ${DEFAULT-VALUE}).")
    int evalWindows;

    @Option(names = "--sample-every", paramLabel = "N", defaultValue = "0",
            description = "Steps between greedy samples of the model's text (default: none).")
    int sampleEvery;

    @Option(names = "--sample-prompt", paramLabel = "TEXT", defaultValue = "",
            description = "Prompt of the samples (default: just BOS).")
    String samplePrompt;

    @Option(names = "--sample-tokens", paramLabel = "N", defaultValue = "24",
            description = "Tokens per sample (default: ${DEFAULT-VALUE}).")
    int sampleTokens;

    @Option(names = "--save-every", paramLabel = "N", defaultValue = "0",
            description = "Also write the checkpoint every N steps (default: only at the end).")
    int saveEvery;

    @Option(names = "--explain",
            description = "Instead: take one step apart on a short text (TEXT or the start of -f): loss per position, "
                    + "gradient norms in backward order, a few weights through the update.")
    boolean explain;

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "TEXT",
            description = "With --explain: the text of the step (default: the start of -f).")
    String explainText;

    @Option(names = "--dpo", paramLabel = "PAIRS.jsonl",
            description = "Instead: preference tuning (DPO) on {\"prompt\", \"chosen\", \"rejected\"} lines against a "
                    + "frozen copy of the model; -b pairs per step.")
    Path dpo;

    @Option(names = "--beta", paramLabel = "X", defaultValue = "0.1",
            description = "DPO's β: how far the policy may move from the reference (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--sft", paramLabel = "CONV.jsonl",
            description = "Train on conversations ({\"messages\": [...]} per line) rendered with the chat template; "
                    + "the loss counts assistant tokens only.")
    Path sft;

    @Mixin
    ChatTemplateOption chatTemplate;

    @Option(names = "--toy", paramLabel = "SURFACE",
            description = "Instead: SGD, momentum and Adam on a 2-D loss (rosenbrock, saddle, ravine), drawn.")
    String toy;

    @Option(names = "--png", paramLabel = "FILE",
            description = "Also draw the loss curves (with --toy: the paths) into a PNG file.")
    Path png;

    @Override
    protected int execute() throws Exception {
        if (toy != null) {
            var parsed = spec.commandLine().getParseResult();
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new UsageException("--lr must be a positive number, not " + lr);
            }
            try (Renderer out = renderer(false)) {
                return ToyRun.run(out, toy, png, parsed.hasMatchedOption("--lr") ? lr : null,
                        parsed.hasMatchedOption("--steps") ? steps : null);
            }
        }
        OptimizerKind kind = OptimizerKind.parse(optimizerName);
        if (kind == null) {
            throw new UsageException("unknown optimizer '" + optimizerName + "'; use sgd, momentum, adam or adamw");
        }
        checkOptions();
        if (explain) {
            return explain(kind);
        }
        if (dpo != null) {
            return dpo(kind);
        }
        if (explainText != null) {
            throw new UsageException("a TEXT argument is for --explain; give the training text with -f");
        }
        if (file == null && sft == null) {
            throw new UsageException("give the training text with -f TEXT (or --sft CONV.jsonl, --dpo PAIRS.jsonl, "
                    + "--toy SURFACE, --explain TEXT)");
        }
        if (file != null && sft != null) {
            throw new UsageException("-f and --sft are two kinds of training data; give one");
        }
        int threadCount = threads.threads();
        String text = file != null ? read(file) : null;
        try (EngineModel em = EngineModel.open(model); WorkerPool pool = new WorkerPool(threadCount)) {
            // Opened as every model command opens one (ModelOpener's checks); training reads its tensors as F32.
            ModelSource source = em.source;
            GgufFile gguf = source.ggufFile().orElseThrow(() -> new LlmxException(
                    "training starts from a GGUF model (its metadata carries the tokenizer into the checkpoint); "
                            + source.path() + " is not one"));
            Tokenizer tokenizer = em.tokenizer;
            Parameters params = parameters(source);
            LlamaShape shape = params.shape();
            int bos = tokenizer.addsSpecialTokens() && tokenizer.bos().isPresent() ? tokenizer.bos().getAsInt() : -1;

            LlamaNetwork.requireRoom(shape, batch, ctx);
            BatchSource trainSource;
            Evaluation validation;
            int trainTokenCount;
            int valTokenCount;
            int firstToken;
            SftData sftData = null;
            if (sft != null) {
                sftData = SftData.read(sft, valFile, valFraction, chatTemplate.load(source, tokenizer, false),
                        tokenizer, shape.vocab(), ctx, seed);
                trainSource = sftData.train();
                validation = sftData.validation();
                trainTokenCount = sftData.trainTokens();
                valTokenCount = sftData.valTokens();
                firstToken = sftData.train().examples().get(0).tokens()[0];
            } else {
                int[] all = tokenizer.encode(text, false, true).ids();
                checkVocabulary(all, shape);
                int[] trainTokens;
                int[] valTokens;
                if (valFile != null) {
                    trainTokens = all;
                    valTokens = tokenizer.encode(read(valFile), false, true).ids();
                    checkVocabulary(valTokens, shape);
                } else {
                    int held = (int) Math.round(all.length * valFraction);
                    trainTokens = Arrays.copyOf(all, all.length - held);
                    valTokens = Arrays.copyOfRange(all, all.length - held, all.length);
                }
                if (trainTokens.length < ctx + 1) {
                    throw new LlmxException("the text has " + Units.plural(trainTokens.length, "training token")
                            + ", fewer than one sequence of " + (ctx + 1) + " (-c " + ctx + " and the next token); give a longer text "
                            + "or a smaller -c");
                }
                if (valTokens.length < ctx) {
                    throw new LlmxException("the validation text has " + Units.plural(valTokens.length, "token") + ", fewer than one "
                            + "window of -c " + ctx + "; give a longer text, a larger --val-fraction or --val-file");
                }
                trainSource = new TrainingWindows(trainTokens, ctx, seed);
                validation = new PerplexityWindows(valTokens, ctx, bos, evalWindows);
                trainTokenCount = trainTokens.length;
                valTokenCount = valTokens.length;
                firstToken = trainTokens[0];
            }
            int stepCount = epochs != null
                    ? (int) Math.min(Integer.MAX_VALUE, Math.ceil(epochs * trainTokenCount / ((double) batch * ctx)))
                    : steps;
            Schedule schedule = schedule(stepCount);
            Optimizer.Settings settings = settings(kind);
            int[] prompt = tokenizer.encode(samplePrompt, false, true).ids();
            if (prompt.length == 0) {
                prompt = new int[] {firstToken};
            }
            Trainer.Config config = new Trainer.Config(batch, ctx, schedule, settings, clip, evalEvery, sampleEvery,
                    sampleTokens, prompt);
            Trainer trainer = new Trainer(params, config, trainSource, validation, pool, Kernels.best().floats());

            Format format = format();
            List<StepReport> kept = format == Format.JSON ? new ArrayList<>() : null;
            double[] totals = new double[4];
            long[] heapUsed = {0};
            Trainer.GroupStats[][] lastGroups = {new Trainer.GroupStats[0]};
            Runtime rt = Runtime.getRuntime();
            List<Double> trainCurve = new ArrayList<>();
            List<Double> valCurve = new ArrayList<>();
            Trainer.Result result;
            // The interruption is closed last: on Ctrl-C the JVM exits once it is, so the output must be flushed.
            try (Interruption interruption = Interruption.install();
                 Renderer out = renderer(format == Format.JSONL || format == Format.CSV);
                 TrainLiveView live = new TrainLiveView(terminal(), stepCount, format == Format.TABLE)) {
                result = trainer.run(step -> {
                    String sample = step.sample() != null
                            ? new String(tokenizer.decode(step.sample(), false), StandardCharsets.UTF_8) : null;
                    StepReport report = new StepReport(step, sample);
                    trainCurve.add(step.loss());
                    valCurve.add(step.valLoss());
                    totals[0] += step.tokens();
                    totals[1] += step.forwardSeconds();
                    totals[2] += step.backwardSeconds();
                    totals[3] += step.updateSeconds();
                    heapUsed[0] = Math.max(heapUsed[0], rt.totalMemory() - rt.freeMemory());
                    if (!step.groups().isEmpty()) {
                        lastGroups[0] = step.groups().toArray(new Trainer.GroupStats[0]);
                    }
                    if (kept != null) {
                        kept.add(report);
                    } else if (format != Format.TABLE) {
                        out.emit(report);
                    }
                    live.step(step, sample);
                    if (output != null && saveEvery > 0 && step.step() > 0 && step.step() % saveEvery == 0
                            && !Double.isNaN(step.loss())) {
                        save(params, gguf, step.step() + 1, step.loss());
                    }
                }, () -> interruption.requested() || Cancellation.requested());
                Cancellation.clear();
                live.close();
                if (png != null) {
                    dev.llmx.cli.train.CurvePicture.write(png, trainCurve, valCurve);
                }
                if (result.stop() != Trainer.Stop.NOT_FINITE && output != null) {
                    save(params, gguf, result.stepsDone(), result.lastValLoss());
                }
                SummaryReport summary = new SummaryReport(source.path().getFileName().toString(), init, shape,
                        params.count(), kind.jsonName(), trainTokenCount, valTokenCount, validation.scored(),
                        ctx, batch, result, threadCount, totals[0], totals[1], totals[2], totals[3],
                        trainer.heapBytes(), LlamaNetwork.activationBytes(shape, batch, ctx), heapUsed[0],
                        output != null && result.stop() != Trainer.Stop.NOT_FINITE ? output.toString() : null,
                        List.of(lastGroups[0]), kept, sftData != null ? sftData.describe(tokenizer) : null);
                if (format != Format.CSV) {
                    out.emit(summary);
                }
            }
            if (result.stop() == Trainer.Stop.NOT_FINITE) {
                throw new LlmxException(result.failure() + (output != null
                        ? "; " + output + " was not written (a checkpoint saved earlier is kept)" : ""));
            }
        }
        return 0;
    }

    /** --dpo: preference tuning against a frozen copy of the starting model. */
    private int dpo(OptimizerKind kind) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new UsageException("--beta must be a positive number, not " + beta);
        }
        try (EngineModel em = EngineModel.open(model);
             WorkerPool pool = new WorkerPool(threads.threads())) {
            ModelSource source = em.source;
            GgufFile gguf = source.ggufFile().orElseThrow(() -> new LlmxException(
                    "training starts from a GGUF model; " + source.path() + " is not one"));
            Tokenizer tokenizer = em.tokenizer;
            Parameters params = parameters(source);
            var pairs = DpoPairs.read(dpo, tokenizer, params.shape().vocab());
            var config = new dev.llmx.train.DpoTrainer.Config(batch, beta, schedule(steps), settings(kind), clip,
                    seed);
            var trainer = new dev.llmx.train.DpoTrainer(params, pairs, config, pool, Kernels.best().floats());
            Format format = format();
            dev.llmx.train.DpoTrainer.Result result;
            try (Interruption interruption = Interruption.install();
                 Renderer out = renderer(format == Format.JSONL || format == Format.CSV)) {
                result = trainer.run(step -> {
                    if (format == Format.JSONL || format == Format.CSV) {
                        out.emit(new dev.llmx.cli.train.DpoReports.StepRecord(step));
                    } else if (format == Format.TABLE && (step.step() % 10 == 0 || step.step() == steps - 1)) {
                        terminal().info("step " + step.step() + "/" + steps + "  loss " + round(step.loss())
                                + "  margin " + round(step.margin()) + "  accuracy " + round(step.accuracy()));
                    }
                }, () -> interruption.requested() || Cancellation.requested());
                Cancellation.clear();
                boolean write = output != null && result.stop() != Trainer.Stop.NOT_FINITE;
                if (write) {
                    save(params, gguf, result.stepsDone(), result.last().loss());
                }
                if (format != Format.CSV) {
                    out.emit(new dev.llmx.cli.train.DpoReports.Summary(source.path().getFileName().toString(),
                            pairs.size(), beta, kind.jsonName(), result, write ? output.toString() : null));
                }
            }
            if (result.stop() == Trainer.Stop.NOT_FINITE) {
                throw new LlmxException(result.failure());
            }
        }
        return 0;
    }

    /** The optimizer settings of --optimizer, --momentum and --weight-decay (Adam's betas and epsilon fixed). */
    private Optimizer.Settings settings(OptimizerKind kind) {
        return new Optimizer.Settings(kind, momentum, 0.9, 0.999, 1e-8, weightDecay);
    }

    /** --lr decaying to --min-lr over {@code total} steps after --warmup (default: a tenth of them, at most 100). */
    private Schedule schedule(int total) {
        int warm = warmup != null ? warmup : Math.min(100, total / 10);
        return new Schedule(lr, minLr != null ? minLr : lr / 10, warm, total);
    }

    private static String round(double v) {
        return dev.llmx.render.Cells.format(Math.round(v * 10000) / 10000.0);
    }

    /** --explain: one step on the first tokens of TEXT (or -f), taken apart. */
    private int explain(OptimizerKind kind) {
        if (explainText == null && file == null) {
            throw new UsageException("--explain needs a text: give TEXT or -f FILE");
        }
        String text = explainText != null ? explainText : read(file);
        boolean ctxGiven = spec.commandLine().getParseResult().hasMatchedOption("-c");
        int limit = ctxGiven ? ctx : 16;
        try (EngineModel em = EngineModel.open(model);
             WorkerPool pool = new WorkerPool(threads.threads()); Renderer out = renderer(false)) {
            ModelSource source = em.source;
            Tokenizer tokenizer = em.tokenizer;
            Parameters params = parameters(source);
            int[] ids = tokenizer.encode(text, false, true).ids();
            checkVocabulary(ids, params.shape());
            if (ids.length < 2) {
                throw new LlmxException("--explain needs a text of at least 2 tokens (an input and its next token)");
            }
            int n = Math.min(limit, ids.length - 1);
            int[] in = Arrays.copyOf(ids, n);
            int[] tg = Arrays.copyOfRange(ids, 1, n + 1);
            Optimizer.Settings settings = settings(kind);
            var explained = dev.llmx.train.StepExplainer.explain(params, dev.llmx.train.Batch.of(1, n, in, tg),
                    settings, lr, pool, Kernels.best().floats());
            out.emit(new dev.llmx.cli.train.ExplainReport(explained, in, tg, id -> tokenizer.isValid(id)
                    ? new String(tokenizer.bytes(id), StandardCharsets.UTF_8) : "?", kind.jsonName()));
        }
        return 0;
    }

    private void save(Parameters params, GgufFile base, int stepsDone, double loss) {
        Map<String, GgufValue> extra = new LinkedHashMap<>();
        extra.put("llmx.train.steps", GgufValue.uint32(stepsDone));
        if (Double.isFinite(loss)) {
            extra.put("llmx.train.loss", GgufValue.float32((float) loss));
        }
        try {
            Checkpoint.write(output, params, base.metadata(), extra);
        } catch (IOException e) {
            throw new LlmxException("cannot write the checkpoint " + output + ": " + e.getMessage());
        }
    }

    private Parameters parameters(ModelSource source) {
        switch (init) {
            case "model" -> {
                if (dim != null || layers != null || heads != null || kvHeads != null || ffn != null) {
                    throw new UsageException("--dim/--layers/--heads/--kv-heads/--ffn choose the shape of a new model; "
                            + "add --init random");
                }
                return Parameters.of(source);
            }
            case "random" -> {
                LlamaShape base = LlamaShape.of(source.config(), source.findTensor("output.weight").isEmpty());
                int h = heads != null ? heads : base.heads();
                int kv = kvHeads != null ? kvHeads : heads != null ? h : base.kvHeads();
                int d = dim != null ? dim : base.dModel();
                for (int[] v : new int[][] {{d, 'd'}, {h, 'h'}, {kv, 'k'}}) {
                    if (v[0] < 1 || v[0] > 65536) {
                        throw new UsageException("sizes must be between 1 and 65536, not " + v[0]);
                    }
                }
                int l = layers != null ? layers : base.layers();
                int f = ffn != null ? ffn : base.ffn();
                if (l < 1 || l > 1024 || f < 1 || f > 1 << 20) {
                    throw new UsageException("--layers must be 1–1024 and --ffn 1–1048576");
                }
                if (d % h != 0 || (d / h) % 2 != 0) {
                    throw new UsageException("--dim " + d + " must split into " + h + " heads of an even size");
                }
                if (h % kv != 0) {
                    throw new UsageException(h + " query heads do not share " + kv + " KV heads evenly");
                }
                LlamaShape shape = new LlamaShape(d, l, h, kv, d / h, f, base.vocab(), base.eps(), base.ropeBase(),
                        d / h, base.ropeLayout(), base.tied(), Math.max(ctx, base.context()));
                return Parameters.random(shape, seed);
            }
            default -> throw new UsageException("--init is model or random, not '" + init + "'");
        }
    }

    private void checkOptions() {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new UsageException("--lr must be a positive number, not " + lr);
        }
        if (minLr != null && (!(minLr >= 0) || minLr > lr)) {
            throw new UsageException("--min-lr must be between 0 and --lr, not " + minLr);
        }
        if (ctx < 4 || ctx > MAX_SEQUENCE) {
            throw new UsageException("-c must be between 4 and " + MAX_SEQUENCE + ", not " + ctx);
        }
        if (batch < 1 || batch > 4096) {
            throw new UsageException("-b must be between 1 and 4096, not " + batch);
        }
        if (steps < 0 || (epochs != null && !(epochs > 0 && epochs < 1e6))) {
            throw new UsageException("--steps must be 0 or more and --epochs a positive number");
        }
        if (warmup != null && warmup < 0) {
            throw new UsageException("--warmup cannot be negative");
        }
        if (!(weightDecay >= 0) || !(momentum >= 0 && momentum < 1) || !(clip >= 0) || Double.isInfinite(clip)) {
            throw new UsageException("--weight-decay and --clip must be 0 or more and --momentum in [0, 1)");
        }
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new UsageException("--val-fraction must be between 0 and 1, not " + valFraction);
        }
        if (evalEvery < 0 || evalWindows < 1 || sampleEvery < 0 || sampleTokens < 1 || sampleTokens > 4096
                || saveEvery < 0) {
            throw new UsageException("--eval-every, --sample-every and --save-every must be 0 or more, "
                    + "--eval-windows 1 or more, --sample-tokens 1–4096");
        }
        if (maxBytes != null && maxBytes < 1) {
            throw new UsageException("--max-bytes must be positive");
        }
    }

    private String read(Path path) {
        try {
            return TextFiles.head(path, maxBytes != null ? maxBytes : Integer.MAX_VALUE - 16);
        } catch (OutOfMemoryError e) {
            throw new LlmxException(path + " is too large to train on in memory; use --max-bytes");
        }
    }

    private static void checkVocabulary(int[] tokens, LlamaShape shape) {
        for (int t : tokens) {
            if (t < 0 || t >= shape.vocab()) {
                throw new LlmxException("the tokenizer gives id " + t + ", outside the model's " + shape.vocab()
                        + " embeddings");
            }
        }
    }
}
