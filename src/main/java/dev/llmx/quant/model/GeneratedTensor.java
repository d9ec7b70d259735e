package dev.llmx.quant.model;

import dev.llmx.gguf.GgufWriter;
import dev.llmx.tensor.GgmlType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A small F32 vector the converter computes rather than reads (Llama 3's {@code rope_freqs.weight}). */
final class GeneratedTensor implements SourceTensor {
    private final String name;
    private final float[] values;

    GeneratedTensor(String name, float[] values) {
        this.name = name;
        this.values = values.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] shape() {
        return new long[] {values.length};
    }

    @Override
    public GgmlType type() {
        return GgmlType.F32;
    }

    @Override
    public long rows() {
        return 1;
    }

    @Override
    public int rowLength() {
        return values.length;
    }

    @Override
    public void readRow(long row, float[] dst) {
        System.arraycopy(values, 0, dst, 0, values.length);
    }

    @Override
    public GgufWriter.TensorSource bytes() {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return GgufWriter.TensorSource.of(b);
    }
}
