package dev.llmx.kvcache;

import dev.llmx.quant.Quantizer;
import dev.llmx.quant.Quantizers;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.RowKernel;
import dev.llmx.tensor.kernel.Scratch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link KvCache} whose keys and values are stored encoded, as ggml stores them: F16, BF16, Q8_0 or Q4_0 (and F32,
 * for a mixed pair), each head's vector of a position encoded on its own (blocks run along the head, as in
 * llama.cpp, so a block type needs a head dimension that is a multiple of its block).
 *
 * <p>Pages are laid out head-major: {@code [kvHead][slot][head bytes]}, so the positions of one head in a page are
 * contiguous and attention reads a run of them with one kernel call: key scores are the weight kernels' fused
 * dot products ({@link RowKernel#dotRows}), values are decoded a run at a time and added with {@code axpy}. A batch
 * of queries may instead take the keys decoded ({@link #decodeKeys}, for F32/F16/BF16 keys, whose kernels add as
 * {@code dot4} does) and the values decoded once. The encoders are llmx's quantizers (bit-identical to ggml's), the
 * decoders the weight kernels: no cache-only arithmetic.
 */
final class EncodedKvCache extends KvCache {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<float[][]> DECODED = ThreadLocal.withInitial(() -> new float[1][0]);

    private final Format keyFormat;
    private final Format valueFormat;
    private final FloatOps floats;
    /** [layer][page] → kvHeads × PAGE encoded head vectors; pages are allocated on first store. */
    private final ByteBuffer[][] keys;
    private final ByteBuffer[][] values;

    /** One side's storage: type, encoder, row kernel, bytes per head vector. */
    private record Format(ElementType type, Quantizer encoder, RowKernel kernel, int headBytes) {
        static Format of(ElementType type, int headDim, Kernels kernels, String side) {
            GgmlType g = GgmlType.valueOf(type.name());
            return new Format(type, Quantizers.require(g), kernels.rowKernel(g, side + " cache"),
                    Math.toIntExact(type.bytes(headDim)));
        }
    }

    EncodedKvCache(int layers, int kvHeads, int keyDim, int valueDim, int capacity, KvCacheTypes types,
                   Kernels kernels) {
        super(layers, kvHeads, keyDim, valueDim, capacity);
        types.requireFits(keyDim, valueDim);
        this.keyFormat = Format.of(types.keys(), keyDim, kernels, "keys");
        this.valueFormat = Format.of(types.values(), valueDim, kernels, "values");
        this.floats = kernels.floats();
        int pages = (capacity + PAGE - 1) / PAGE;
        this.keys = new ByteBuffer[layers][pages];
        this.values = new ByteBuffer[layers][pages];
    }

    @Override
    public ElementType type() {
        return keyFormat.type;
    }

    @Override
    public KvCacheTypes types() {
        return new KvCacheTypes(keyFormat.type, valueFormat.type);
    }

    @Override
    public void store(int layer, int position, float[] k, int keyOffset, float[] v, int valueOffset) {
        int page = position / PAGE;
        int slot = position % PAGE;
        if (keys[layer][page] == null) {
            keys[layer][page] = newPage(keyFormat);
            values[layer][page] = newPage(valueFormat);
        }
        byte[] kp = keys[layer][page].array();
        byte[] vp = values[layer][page].array();
        for (int h = 0; h < kvHeads; h++) {
            keyFormat.encoder.quantize(k, keyOffset + h * keyDim, kp, (h * PAGE + slot) * keyFormat.headBytes, keyDim);
            valueFormat.encoder.quantize(v, valueOffset + h * valueDim, vp, (h * PAGE + slot) * valueFormat.headBytes,
                    valueDim);
        }
    }

    private ByteBuffer newPage(Format f) {
        return ByteBuffer.wrap(new byte[kvHeads * PAGE * f.headBytes]).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void keyScores(int layer, int kvHead, int from, int count, float[] q, int qOffset, float scale,
                          float[] scores) {
        Scratch scratch = SCRATCH.get();
        int hb = keyFormat.headBytes;
        for (int i = 0; i < count; ) {
            int position = from + i;
            int slot = position % PAGE;
            int run = Math.min(count - i, PAGE - slot);
            keyFormat.kernel.dotRows(keys[layer][position / PAGE], (kvHead * PAGE + slot) * hb, hb, run, q, qOffset,
                    keyDim, scores, i, scratch);
            for (int j = i; j < i + run; j++) {
                scores[j] *= scale;
            }
            i += run;
        }
    }

    @Override
    public void addValues(int layer, int kvHead, int from, int count, float[] weights, float[] out, int outOffset) {
        // A page's run at a time (not the whole range: a long context's values would not fit a small buffer), each
        // run decoded by one kernel call and its rows added in order: what decodeValues and axpy give a batch.
        for (int i = 0; i < count; ) {
            int run = Math.min(count - i, PAGE - (from + i) % PAGE);
            float[] decoded = decoded(run * valueDim);
            decodeValues(layer, kvHead, from + i, run, decoded);
            for (int j = 0; j < run; j++) {
                floats.axpy(weights[i + j], decoded, j * valueDim, out, outOffset, valueDim);
            }
            i += run;
        }
    }

    /**
     * F32, F16 and BF16 keys: their row kernels' dot products (heap pages) add the products of the widened values in
     * {@code FloatOps.dot4}'s order — one accumulator of vector lanes, then the tail, on vectors; one running sum,
     * scalar — and widening is exact, so the decoded keys give the same scores. Q8_0's kernel sums per block first.
     * (Both sides are this model's kernel set: the cache's row kernels and the attention's {@code FloatOps}.)
     */
    @Override
    public boolean keysDecodeToTheirScores() {
        return keyFormat.type == ElementType.F32 || keyFormat.type == ElementType.F16
                || keyFormat.type == ElementType.BF16;
    }

    @Override
    public void decodeKeys(int layer, int kvHead, int from, int count, float[] dst) {
        decode(keys[layer], keyFormat, keyDim, kvHead, from, count, dst);
    }

    @Override
    public void decodeValues(int layer, int kvHead, int from, int count, float[] dst) {
        decode(values[layer], valueFormat, valueDim, kvHead, from, count, dst);
    }

    /** Rows [from, from + count) of one head, a run of contiguous rows (within a page) per decode call. */
    private static void decode(ByteBuffer[] pages, Format format, int dim, int kvHead, int from, int count,
                               float[] dst) {
        Scratch scratch = SCRATCH.get();
        for (int i = 0; i < count; ) {
            int position = from + i;
            int slot = position % PAGE;
            int run = Math.min(count - i, PAGE - slot);
            format.kernel.decode(pages[position / PAGE], (kvHead * PAGE + slot) * format.headBytes, dst, i * dim,
                    run * dim, scratch);
            i += run;
        }
    }

    private static float[] decoded(int n) {
        float[][] holder = DECODED.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }

    @Override
    public long allocatedBytes() {
        long bytes = 0;
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < keys[l].length; p++) {
                if (keys[l][p] != null) {
                    bytes += (long) keys[l][p].capacity() + values[l][p].capacity();
                }
            }
        }
        return bytes;
    }
}
