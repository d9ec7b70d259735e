package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.cli.inspect.InspectReport;
import dev.llmx.cli.inspect.TensorDumpReport;
import dev.llmx.cli.inspect.TensorFileReport;
import dev.llmx.cli.inspect.TensorStatsReport;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;
import dev.llmx.render.Progress;
import dev.llmx.render.Renderer;
import dev.llmx.safetensors.SafetensorsFile;
import dev.llmx.tensor.Dequantizers;
import dev.llmx.tensor.Histogram;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.tensor.TensorStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** {@code llmx inspect}: a model file's summary, metadata and tensors; one tensor's values; a tensor dumped as floats. */
@Command(name = "inspect",
        description = {
            "Show what a model file holds: summary, metadata, tensors and their types.",
            "",
            "Reads a GGUF file or a Hugging Face folder without loading the weights: the summary",
            "(architecture, parameters, bits per weight, context, vocabulary, tokenizer, RoPE), the metadata,",
            "every tensor (type, shape in ggml order, bytes, bits per weight) and totals per type. With",
            "--tensor NAME it decodes one tensor and shows its statistics and histogram; --dump FILE writes it",
            "as little-endian float32. CSV output is the tensor table (or the histogram). A safetensors file",
            "outside a model folder (the probes --probe-out writes) shows its metadata and tensors.",
            "JSON: see docs/inspect.md."
        },
        footer = {
            "",
            "Examples:",
            "  llmx inspect",
            "  llmx inspect --tensors 'blk.0.*'",
            "  llmx inspect --tensor blk.0.attn_q.weight",
            "  llmx inspect --tensor token_embd.weight --dump token_embd.f32"
        })
public final class InspectCommand extends LlmxSubcommand {
    private static final int EXCERPT = 16;
    private static final int DUMP_CHUNK_BYTES = 1 << 20;

    @Mixin
    ModelOption model;

    @Parameters(arity = "0..1", paramLabel = "MODEL", converter = ModelOption.ModelPathConverter.class,
            description = "The model, as with -m (llmx inspect model.gguf).")
    Path positionalModel;

    @Option(names = "--full", description = "Show long metadata values (vocabularies, chat templates) in full.")
    boolean full;

    @Option(names = "--tensors", paramLabel = "GLOB",
            description = "List only tensors whose name matches GLOB (* any text, ? one character), e.g. 'blk.0.*'.")
    String tensorGlob;

    @Option(names = "--tensor", paramLabel = "NAME",
            description = "Decode this tensor and show its statistics, histogram and first values.")
    String tensorName;

    @Option(names = "--dump", paramLabel = "FILE",
            description = "With --tensor: write the decoded tensor to FILE as little-endian float32 (written atomically; "
                    + "'-' is standard output).")
    Path dumpFile;

    @Option(names = "--bins", paramLabel = "N", defaultValue = "16",
            description = "Histogram bins for --tensor (default: ${DEFAULT-VALUE}).")
    int bins;

    @Override
    protected int execute() throws Exception {
        if (dumpFile != null && tensorName == null) {
            throw new UsageException("--dump needs --tensor NAME (which tensor to write)");
        }
        if (bins < 1 || bins > 1000) {
            throw new UsageException("--bins must be between 1 and 1000");
        }
        if (positionalModel != null && model.path().isPresent()) {
            throw new UsageException("give the model either as an argument or with -m, not both");
        }
        Path bare = (positionalModel != null ? java.util.Optional.of(positionalModel) : model.path())
                .filter(TensorFileReport::isBareSafetensors).orElse(null);
        if (bare != null) {
            return inspectTensorFile(bare);
        }
        try (ModelSource source = positionalModel != null ? ModelFiles.open(positionalModel) : model.open();
             Renderer out = renderer(false)) {
            if (tensorName == null) {
                InspectReport report = new InspectReport(source, tensorGlob, full);
                if (tensorGlob != null && report.shownTensorCount() == 0) {
                    terminal().info("llmx inspect: no tensor name matches '" + tensorGlob + "'");
                }
                out.emit(report);
            } else if (OutputFile.isStandardOutput(dumpFile)) {
                ModelTensor mt = find(source);
                Dequantizers.require(mt.info().type(), mt.name());
                TensorDumpReport dumped = dump(source.tensor(mt.name()), mt.info(), mt.name());
                terminal().info("llmx inspect: wrote " + dumped.describe() + " to standard output");
            } else if (dumpFile != null) {
                ModelTensor mt = find(source);
                Dequantizers.require(mt.info().type(), mt.name());
                out.emit(dump(source.tensor(mt.name()), mt.info(), mt.name()));
            } else {
                ModelTensor mt = find(source);
                Dequantizers.require(mt.info().type(), mt.name());
                out.emit(statistics(source.tensor(mt.name()), mt.info(), mt.sourceName(), mt.name()));
            }
        }
        return 0;
    }

    private ModelTensor find(ModelSource source) {
        return source.findTensor(tensorName).orElseThrow(() -> {
            String needle = tensorName.toLowerCase(Locale.ROOT);
            List<String> similar = source.tensors().stream().map(ModelTensor::name)
                    .filter(n -> n.toLowerCase(Locale.ROOT).contains(needle) || needle.contains(n.toLowerCase(Locale.ROOT)))
                    .limit(3).toList();
            return new LlmxException("no tensor named '" + tensorName + "' in " + source.path().getFileName()
                    + (similar.isEmpty() ? "; list them with 'llmx inspect -m " + source.path() + "'"
                    : "; did you mean " + String.join(" or ", similar) + "?"));
        });
    }

    /**
     * A safetensors file that is not part of a model folder — such as the probes {@code --probe-out} writes: its
     * metadata and tensors, or one tensor's statistics or dump.
     */
    private int inspectTensorFile(Path file) throws Exception {
        try (SafetensorsFile st = SafetensorsFile.open(file); Renderer out = renderer(false)) {
            if (tensorName == null) {
                TensorFileReport report = new TensorFileReport(st, tensorGlob);
                if (tensorGlob != null && report.shownTensorCount() == 0) {
                    terminal().info("llmx inspect: no tensor name matches '" + tensorGlob + "'");
                }
                out.emit(report);
                return 0;
            }
            SafetensorsFile.Entry e = st.entry(tensorName).orElseThrow(() -> new LlmxException("no tensor named '"
                    + tensorName + "' in " + file.getFileName() + "; list them with 'llmx inspect -m " + file + "'"));
            Dequantizers.require(e.info().type(), e.name());
            out.emit(dumpFile != null ? dump(st.tensor(e.name()), e.info(), e.name())
                    : statistics(st.tensor(e.name()), e.info(), e.name(), e.name()));
        }
        return 0;
    }

    private TensorStatsReport statistics(Tensor tensor, TensorInfo info, String sourceName, String name) {
        long rows = tensor.rows();
        float[] row = new float[tensor.rowLength()];
        TensorStatistics stats = new TensorStatistics();
        float[] excerpt = new float[0];
        try (Progress progress = Progress.items(terminal(), "inspect: reading " + name, 2 * rows)) {
            for (long r = 0; r < rows; r++) {
                tensor.dequantizeRow(r, row, 0);
                stats.add(row, 0, row.length);
                if (r == 0) {
                    excerpt = Arrays.copyOf(row, Math.min(EXCERPT, row.length));
                }
                progress.update(r);
            }
            Histogram histogram = null;
            if (stats.count() > 0) {
                histogram = new Histogram(stats.min(), stats.max(), bins);
                for (long r = 0; r < rows; r++) {
                    tensor.dequantizeRow(r, row, 0);
                    histogram.add(row, 0, row.length);
                    progress.update(rows + r);
                }
            }
            return new TensorStatsReport(info, sourceName, stats, histogram, excerpt);
        }
    }

    private TensorDumpReport dump(Tensor tensor, TensorInfo info, String name) throws java.io.IOException {
        long rows = tensor.rows();
        float[] row = new float[tensor.rowLength()];
        long bytes = Math.multiplyExact(info.elements(), 4L);
        try (Progress progress = Progress.items(terminal(), "inspect: writing " + name, rows)) {
            OutputFile.write(dumpFile, terminal(), channel -> {
                ByteBuffer buffer = ByteBuffer.allocate(Math.max(DUMP_CHUNK_BYTES, row.length * 4))
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (long r = 0; r < rows; r++) {
                    tensor.dequantizeRow(r, row, 0);
                    if (buffer.remaining() < row.length * 4) {
                        drain(buffer, channel);
                    }
                    buffer.asFloatBuffer().put(row);
                    buffer.position(buffer.position() + row.length * 4);
                    progress.update(r);
                }
                drain(buffer, channel);
            });
        }
        return new TensorDumpReport(info, dumpFile, bytes);
    }

    private static void drain(ByteBuffer buffer, WritableByteChannel channel) throws java.io.IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
