package dev.llmx.tensor;

import java.nio.ByteBuffer;

/**
 * A tensor of a model file: its description and its bytes where they lie in the mapped file.
 *
 * <p>Compute code reads a row in place: {@code rowBuffer(r)} and {@code rowOffset(r)} give the buffer and the byte
 * offset of row {@code r}'s blocks, ready for a per-type kernel (a {@link Dequantizer} today, dot products
 * tomorrow). {@link #dequantizeRow} is the convenience that turns a row into floats.
 */
public final class Tensor {
    private final TensorInfo info;
    private final TensorData data;

    public Tensor(TensorInfo info, TensorData data) {
        this.info = info;
        this.data = data;
    }

    public TensorInfo info() {
        return info;
    }

    public String name() {
        return info.name();
    }

    public GgmlType type() {
        return info.type();
    }

    public long rows() {
        return data.rows();
    }

    /** Values per row; rows longer than an int can index are refused when the tensor is mapped. */
    public int rowLength() {
        return (int) info.rowLength();
    }

    public ByteBuffer rowBuffer(long row) {
        return data.rowBuffer(row);
    }

    public int rowOffset(long row) {
        return data.rowOffset(row);
    }

    public TensorData data() {
        return data;
    }

    /** Decodes row {@code row} into {@code dst[dstOffset…]}; fails with a clear message for unsupported types. */
    public void dequantizeRow(long row, float[] dst, int dstOffset) {
        Dequantizer dq = Dequantizers.require(info.type(), info.name());
        dq.dequantize(data.rowBuffer(row), data.rowOffset(row), dst, dstOffset, rowLength());
    }

    public float[] dequantizeRow(long row) {
        float[] out = new float[rowLength()];
        dequantizeRow(row, out, 0);
        return out;
    }
}
