package dev.llmx.quant.drift;

import dev.llmx.LlmxException;
import dev.llmx.model.MetadataEntry;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;
import dev.llmx.model.TokenizerSummary;
import dev.llmx.quant.Quantizer;
import dev.llmx.quant.Quantizers;
import dev.llmx.quant.RowWorkers;
import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.render.Units;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorData;
import dev.llmx.tensor.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model as it would be after quantization, without a file: every tensor the plan gives a new type is quantized
 * (with the same quantizers as {@code llmx quantize -o}) when the engine first asks for it, and served in that type
 * from the heap, so the engine runs the quantized model with its own kernels for that type, as it would run the
 * written file. Tensors that keep their type are the original's, mapped as before. Everything else (config,
 * metadata, tokenizer) is the original model's.
 */
public final class QuantizedSource implements ModelSource {
    private final ModelSource original;
    private final RowWorkers workers;
    private final Map<String, TensorPlan> plans = new HashMap<>();
    private final Map<String, Tensor> quantized = new HashMap<>();

    /**
     * @param plan one entry per tensor that {@code original} serves under its GGUF name (from
     *             {@link dev.llmx.quant.model.ModelQuantizer#plan()})
     */
    public QuantizedSource(ModelSource original, List<TensorPlan> plan, RowWorkers workers) {
        this.original = original;
        this.workers = workers;
        for (TensorPlan p : plan) {
            plans.put(p.name(), p);
        }
    }

    @Override
    public Path path() {
        return original.path();
    }

    @Override
    public Format format() {
        return original.format();
    }

    @Override
    public String formatDescription() {
        return original.formatDescription();
    }

    @Override
    public List<Path> files() {
        return original.files();
    }

    @Override
    public long fileBytes() {
        return original.fileBytes();
    }

    @Override
    public ModelConfig config() {
        return original.config();
    }

    @Override
    public List<ModelTensor> tensors() {
        return original.tensors().stream().map(this::retyped).toList();
    }

    @Override
    public Optional<ModelTensor> findTensor(String name) {
        return original.findTensor(name).map(this::retyped);
    }

    @Override
    public synchronized Tensor tensor(String name) {
        ModelTensor mt = original.findTensor(name).orElse(null);
        TensorPlan plan = mt == null ? null : plans.get(mt.name());
        if (plan == null || !plan.changesType()) {
            return original.tensor(name);
        }
        return quantized.computeIfAbsent(mt.name(), n -> quantize(original.tensor(n), plan));
    }

    /** The tensor's description with the type it has after quantization. */
    private ModelTensor retyped(ModelTensor mt) {
        TensorPlan plan = plans.get(mt.name());
        if (plan == null || !plan.changesType()) {
            return mt;
        }
        TensorInfo info = TensorInfo.of(mt.name(), plan.target(), mt.info().shape(), 0);
        return new ModelTensor(mt.name(), mt.sourceName(), info, mt.file());
    }

    private Tensor quantize(Tensor source, TensorPlan plan) {
        TensorInfo info = TensorInfo.of(source.name(), plan.target(), source.info().shape(), 0);
        // One heap array holds the tensor: Java arrays are indexed by int.
        if (info.byteSize() > Integer.MAX_VALUE - 8) {
            throw new LlmxException("tensor '" + source.name() + "' is " + Units.bytes(info.byteSize()) + " as "
                    + plan.target() + "; --drift quantizes in memory and handles tensors up to 2 GiB");
        }
        Quantizer quantizer = Quantizers.require(plan.target());
        int rowLength = source.rowLength();
        int rowBytes = (int) info.rowBytes();
        byte[] bytes = new byte[(int) info.byteSize()];
        long rows = source.rows();
        workers.run(0, (int) rows, rowLength, (row, index, buffer) -> {
            source.dequantizeRow(row, buffer, 0);
            quantizer.quantize(buffer, 0, bytes, index * rowBytes, rowLength);
        });
        return new Tensor(info, TensorData.wrap(ByteBuffer.wrap(bytes), info));
    }

    @Override
    public List<MetadataEntry> metadata() {
        return original.metadata();
    }

    @Override
    public Optional<String> fileType() {
        return original.fileType();
    }

    @Override
    public TokenizerSummary tokenizer() {
        return original.tokenizer();
    }

    /** Releases the quantized copies; the original model stays open (its owner closes it). */
    @Override
    public synchronized void close() {
        quantized.clear();
    }
}
