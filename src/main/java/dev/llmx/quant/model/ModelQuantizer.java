package dev.llmx.quant.model;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufWriter;
import dev.llmx.quant.RowWorkers;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.quant.recipe.TypePlanner;
import dev.llmx.render.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * llama-quantize's job: plan a type per tensor, copy the metadata (recording the new {@code general.file_type}), and
 * write every tensor converted to its planned type into a new GGUF file that appears atomically.
 */
public final class ModelQuantizer {
    /** Keys llama-quantize drops from the input: a quantized file is never one shard of a split model. */
    private static final List<String> DROPPED_KEYS = List.of("split.no", "split.count", "split.tensors.count");

    private final SourceModel model;
    private final QuantType type;
    private final List<TensorPlan> plan;

    public ModelQuantizer(SourceModel model, QuantType type, boolean allowRequantize) {
        this.model = model;
        this.type = type;
        List<TypePlanner.Input> inputs = new ArrayList<>();
        for (SourceTensor t : model.tensors()) {
            inputs.add(new TypePlanner.Input(t.name(), t.shape(), t.type()));
        }
        this.plan = new TypePlanner(model.shape(), type, allowRequantize).plan(inputs);
    }

    /** One entry per tensor, in the order of {@link SourceModel#tensors()}. */
    public List<TensorPlan> plan() {
        return plan;
    }

    /** The metadata of the output: the input's, then llama-quantize's two keys at the end as it appends them. */
    public Map<String, GgufValue> outputMetadata() {
        Map<String, GgufValue> out = new LinkedHashMap<>(model.metadata());
        out.remove(GgufWriter.QUANTIZATION_VERSION_KEY);
        out.remove(GgufWriter.FILE_TYPE_KEY);
        DROPPED_KEYS.forEach(out::remove);
        out.put(GgufWriter.QUANTIZATION_VERSION_KEY, GgufValue.uint32(GgufWriter.QUANTIZATION_VERSION));
        out.put(GgufWriter.FILE_TYPE_KEY, GgufValue.uint32(type.fileType().id()));
        return out;
    }

    /** Fails early, before any work, when {@code output} cannot or must not be written. */
    public void checkOutput(Path output) {
        Path absolute = output.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new LlmxException("cannot write " + output + ": folder " + dir + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new LlmxException("cannot write " + output + ": it is a folder; give a file name such as "
                    + absolute.resolve("model-" + type.label() + ".gguf"));
        }
        if (Files.exists(absolute)) {
            for (Path input : model.model().files()) {
                try {
                    if (Files.isSameFile(absolute, input)) {
                        throw new LlmxException("refusing to overwrite the input " + input + "; choose another -o");
                    }
                } catch (IOException e) {
                    throw new LlmxException("cannot compare " + output + " with the input " + input + ": " + e.getMessage());
                }
            }
        }
    }

    /** Writes the quantized model to {@code output}; bytes of the input read so far are reported to {@code progress}. */
    public void write(Path output, RowWorkers workers, Progress progress) throws IOException {
        checkOutput(output);
        GgufWriter writer = new GgufWriter();
        outputMetadata().forEach(writer::put);
        List<SourceTensor> tensors = model.tensors();
        for (int i = 0; i < tensors.size(); i++) {
            SourceTensor t = tensors.get(i);
            TensorPlan p = plan.get(i);
            GgufWriter.TensorSource source = p.changesType()
                    ? new QuantizingSource(t, p.target(), workers, progress)
                    : copied(t, p, progress);
            writer.addTensor(t.name(), p.target(), t.shape(), source);
        }
        writer.write(output);
    }

    private static GgufWriter.TensorSource copied(SourceTensor t, TensorPlan p, Progress progress) {
        GgufWriter.TensorSource bytes = t.bytes();
        return (out, position, byteSize) -> {
            bytes.writeTo(out, position, byteSize);
            progress.advance(p.sourceBytes());
        };
    }

    /** Bytes of all input tensors: the total the progress counts to. */
    public long sourceBytes() {
        return plan.stream().mapToLong(TensorPlan::sourceBytes).sum();
    }
}
