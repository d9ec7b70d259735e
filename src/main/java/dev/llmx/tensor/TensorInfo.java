package dev.llmx.tensor;

import dev.llmx.LlmxException;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * What a model file says about one tensor: its name, element type, shape and where its bytes lie.
 *
 * <p>The shape is in ggml order: {@code shape[0]} is the length of a row (the contiguous dimension), so a weight
 * matrix that multiplies a vector of {@code n_in} values into {@code n_out} values has shape {@code [n_in, n_out]}.
 * A safetensors shape {@code [n_out, n_in]} is stored reversed here so that both file formats describe the same
 * bytes the same way.
 *
 * @param offset   absolute offset of the first byte in its file
 * @param byteSize bytes of data, as computed (overflow-checked) from the type and shape
 */
public record TensorInfo(String name, GgmlType type, long[] shape, long offset, long byteSize) {
    public TensorInfo {
        shape = shape.clone();
    }

    /** A tensor whose size follows from its type and shape; throws {@link LlmxException} on overflow or bad rows. */
    public static TensorInfo of(String name, GgmlType type, long[] shape, long offset) {
        long elements = elementsOf(shape);
        long rowLength = shape.length == 0 ? 1 : shape[0];
        if (rowLength % type.blockSize() != 0) {
            throw new LlmxException("tensor '" + name + "': a row of " + rowLength + " values is not a whole number of "
                    + type + " blocks (" + type.blockSize() + " values each)");
        }
        return new TensorInfo(name, type, shape, offset, type.bytesFor(elements));
    }

    /** The product of the dimensions, or an exception when it overflows a long or a dimension is negative. */
    public static long elementsOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new LlmxException("negative dimension " + d + " in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new LlmxException("shape " + Arrays.toString(shape) + " has more elements than a long can count");
            }
        }
        return n;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int dims() {
        return shape.length;
    }

    /** Dimension {@code i} in ggml order, 1 beyond the stored dimensions (as ggml pads shapes to four). */
    public long dim(int i) {
        return i < shape.length ? shape[i] : 1;
    }

    public long elements() {
        return elementsOf(shape);
    }

    /** Values per row ({@code shape[0]}); 1 for a scalar. */
    public long rowLength() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Number of rows: all dimensions but the first multiplied. */
    public long rows() {
        long rowLength = rowLength();
        return rowLength == 0 ? 0 : elements() / rowLength;
    }

    /** Bytes per row. */
    public long rowBytes() {
        return type.bytesFor(rowLength());
    }

    /** Storage bits per value, 0 for an empty tensor. */
    public double bitsPerWeight() {
        long n = elements();
        return n == 0 ? 0 : byteSize * 8.0 / n;
    }

    /** {@code "256 × 32000"}: the shape in ggml order, as llama.cpp prints it. */
    public String shapeText() {
        if (shape.length == 0) {
            return "scalar";
        }
        StringJoiner j = new StringJoiner(" × ");
        for (long d : shape) {
            j.add(Long.toString(d));
        }
        return j.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && type == t.type && Arrays.equals(shape, t.shape)
                && offset == t.offset && byteSize == t.byteSize;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + type + " [" + shapeText() + "] @" + offset + " (" + byteSize + " bytes)";
    }
}
