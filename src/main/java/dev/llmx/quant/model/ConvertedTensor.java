package dev.llmx.quant.model;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufWriter;
import dev.llmx.quant.Quantizers;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;

import java.nio.ByteBuffer;

/**
 * A safetensors tensor as convert_hf_to_gguf.py writes it: 1-D tensors and norms as F32, q/k projections of
 * llama-family models with their rows permuted from Hugging Face's rotate-half order to the interleaved pairs
 * llama.cpp's RoPE expects.
 *
 * <p>The permutation, per head of {@code d} rows: GGUF row {@code 2i + t} is Hugging Face row {@code t·d/2 + i}
 * (t ∈ {0, 1}). For a bias (1-D) the same applies to its elements.
 */
final class ConvertedTensor implements SourceTensor {
    private final String name;
    private final Tensor raw;
    private final GgmlType type;
    private final int heads;
    private final long permutedLength;

    /**
     * @param heads the number of heads to permute for (query heads for attn_q, KV heads for attn_k), 0 for none
     */
    ConvertedTensor(String name, Tensor raw, GgmlType type, int heads) {
        this.name = name;
        this.raw = raw;
        this.type = type;
        this.heads = heads;
        long[] shape = raw.info().shape();
        this.permutedLength = shape.length == 1 ? shape[0] : raw.rows();
        if (heads > 0 && (permutedLength % heads != 0 || (permutedLength / heads) % 2 != 0)) {
            throw new LlmxException("tensor '" + raw.info().name() + "': " + permutedLength + " rows do not split into "
                    + heads + " heads of an even size, so its RoPE pairs cannot be reordered");
        }
    }

    /** The Hugging Face index of GGUF index {@code r} in a permuted dimension of {@code n} split into {@code heads}. */
    static long sourceIndex(long r, long n, int heads) {
        long headSize = n / heads;
        long within = r % headSize;
        return r - within + (within % 2) * (headSize / 2) + within / 2;
    }

    private boolean oneDimensional() {
        return raw.info().dims() == 1;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long[] shape() {
        return raw.info().shape();
    }

    @Override
    public GgmlType type() {
        return type;
    }

    @Override
    public long rows() {
        return raw.rows();
    }

    @Override
    public int rowLength() {
        return raw.rowLength();
    }

    @Override
    public void readRow(long row, float[] dst) {
        if (heads == 0) {
            raw.dequantizeRow(row, dst, 0);
        } else if (!oneDimensional()) {
            raw.dequantizeRow(sourceIndex(row, permutedLength, heads), dst, 0);
        } else {
            float[] original = raw.dequantizeRow(0);
            for (int i = 0; i < original.length; i++) {
                dst[i] = original[(int) sourceIndex(i, permutedLength, heads)];
            }
        }
    }

    @Override
    public GgufWriter.TensorSource bytes() {
        if (type == raw.type() && heads == 0) {
            return GgufWriter.TensorSource.of(raw);
        }
        return (out, position, byteSize) -> {
            int rowBytes = (int) type.bytesFor(rowLength());
            float[] row = new float[rowLength()];
            byte[] encoded = new byte[rowBytes];
            long at = position;
            for (long r = 0; r < rows(); r++) {
                ByteBuffer src;
                if (type == raw.type() && !oneDimensional()) {
                    long from = sourceIndex(r, permutedLength, heads);
                    src = raw.rowBuffer(from).duplicate();
                    src.limit(raw.rowOffset(from) + rowBytes).position(raw.rowOffset(from));
                } else {
                    readRow(r, row);
                    Quantizers.require(type).quantize(row, 0, encoded, 0, row.length);
                    src = ByteBuffer.wrap(encoded);
                }
                while (src.hasRemaining()) {
                    at += out.write(src, at);
                }
            }
        };
    }
}
