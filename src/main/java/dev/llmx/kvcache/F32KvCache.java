package dev.llmx.kvcache;

import dev.llmx.tensor.kernel.FloatOps;

/** A {@link KvCache} of floats, as llama.cpp's {@code --cache-type-k f32}: exact, 4 bytes per value. */
final class F32KvCache extends KvCache {
    private final FloatOps floats;
    private final int keyRow;
    private final int valueRow;
    /** [layer][page] → PAGE rows of keys; pages are allocated on first store. */
    private final float[][][] keys;
    private final float[][][] values;

    F32KvCache(int layers, int kvHeads, int keyDim, int valueDim, int capacity, FloatOps floats) {
        super(layers, kvHeads, keyDim, valueDim, capacity);
        this.floats = floats;
        this.keyRow = kvHeads * keyDim;
        this.valueRow = kvHeads * valueDim;
        int pages = (capacity + PAGE - 1) / PAGE;
        this.keys = new float[layers][pages][];
        this.values = new float[layers][pages][];
    }

    @Override
    public ElementType type() {
        return ElementType.F32;
    }

    @Override
    public void store(int layer, int position, float[] k, int keyOffset, float[] v, int valueOffset) {
        int page = position / PAGE;
        int slot = position % PAGE;
        if (keys[layer][page] == null) {
            keys[layer][page] = new float[PAGE * keyRow];
            values[layer][page] = new float[PAGE * valueRow];
        }
        System.arraycopy(k, keyOffset, keys[layer][page], slot * keyRow, keyRow);
        System.arraycopy(v, valueOffset, values[layer][page], slot * valueRow, valueRow);
    }

    @Override
    public void keyScores(int layer, int kvHead, int from, int count, float[] q, int qOffset, float scale,
                          float[] scores) {
        float[][] pages = keys[layer];
        int head = kvHead * keyDim;
        for (int i = 0; i < count; i++) {
            int position = from + i;
            int at = (position % PAGE) * keyRow + head;
            scores[i] = floats.dot(pages[position / PAGE], at, q, qOffset, keyDim) * scale;
        }
    }

    @Override
    public void addValues(int layer, int kvHead, int from, int count, float[] weights, float[] out, int outOffset) {
        float[][] pages = values[layer];
        int head = kvHead * valueDim;
        for (int i = 0; i < count; i++) {
            int position = from + i;
            floats.axpy(weights[i], pages[position / PAGE], (position % PAGE) * valueRow + head, out, outOffset,
                    valueDim);
        }
    }

    @Override
    public void decodeKeys(int layer, int kvHead, int from, int count, float[] dst) {
        copyRows(keys[layer], keyRow, keyDim, kvHead, from, count, dst);
    }

    @Override
    public void decodeValues(int layer, int kvHead, int from, int count, float[] dst) {
        copyRows(values[layer], valueRow, valueDim, kvHead, from, count, dst);
    }

    /** One head's vectors of positions [from, from + count), {@code dim} floats each, from rows of {@code row}. */
    private static void copyRows(float[][] pages, int row, int dim, int kvHead, int from, int count, float[] dst) {
        for (int i = 0; i < count; i++) {
            int position = from + i;
            System.arraycopy(pages[position / PAGE], (position % PAGE) * row + kvHead * dim, dst, i * dim, dim);
        }
    }

    @Override
    public long allocatedBytes() {
        long bytes = 0;
        for (int l = 0; l < layers; l++) {
            for (int p = 0; p < keys[l].length; p++) {
                if (keys[l][p] != null) {
                    bytes += 4L * PAGE * (keyRow + valueRow);
                }
            }
        }
        return bytes;
    }
}
