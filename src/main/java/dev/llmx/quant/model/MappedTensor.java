package dev.llmx.quant.model;

import dev.llmx.gguf.GgufWriter;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;

/** A tensor of a GGUF file, read where it lies. */
final class MappedTensor implements SourceTensor {
    private final Tensor tensor;

    MappedTensor(Tensor tensor) {
        this.tensor = tensor;
    }

    @Override
    public String name() {
        return tensor.name();
    }

    @Override
    public long[] shape() {
        return tensor.info().shape();
    }

    @Override
    public GgmlType type() {
        return tensor.type();
    }

    @Override
    public long rows() {
        return tensor.rows();
    }

    @Override
    public int rowLength() {
        return tensor.rowLength();
    }

    @Override
    public void readRow(long row, float[] dst) {
        tensor.dequantizeRow(row, dst, 0);
    }

    @Override
    public GgufWriter.TensorSource bytes() {
        return GgufWriter.TensorSource.of(tensor);
    }
}
