package dev.llmx.tensor.kernel;

import dev.llmx.tensor.Tensor;

import java.nio.ByteBuffer;

/**
 * A weight matrix where it lies in the model file, with the kernel for its type: {@code y = W·x} for one vector
 * (decode) or for a batch of vectors (prefill). The matrix may be a range of a tensor's rows, so a fused tensor
 * (Phi-3's {@code attn_qkv}, its gate+up {@code ffn_up}) serves as several matrices without copying.
 *
 * <p>Rows are split over the {@link WorkerPool}'s threads. For a batch, each thread decodes a tile of rows once and
 * multiplies it with every vector of the batch: the weights are read from memory once per batch, not once per token,
 * which is what makes prefill faster per token than decode (see {@link #multiply}).
 *
 * <p>The activations are first rounded as llama.cpp rounds them for this weight type ({@link ActivationRounding}:
 * 8-bit blocks for quantized weights, F16 for F16 weights), once per product, so that the float kernels compute
 * llama.cpp's numbers.
 */
public final class WeightMatrix {
    /**
     * Rows per kernel call of matrix × vector (one view of the mapped rows per call). Eight beat sixteen by 5–10 % on
     * the decode pass of SmolLM-135M-shaped models with 2 threads (Q8_0 9.6–13.7 → 8.5–8.9 ms, Q4_0 9.4 → 8.7,
     * IQ4_XS 9.8 → 9.1) and tie on a 1B shape (measured when runs were copied out of the file; unchanged since).
     */
    private static final int RUN = 8;
    /** Rows per register tile of matrix × matrix ({@link FloatOps#dot4}, {@link FloatOps#dot4x4}). */
    private static final int TILE = 4;
    /** Most rows per decoded tile of matrix × matrix. */
    private static final int MAX_TILE = 64;
    /** Bytes of decoded floats a tile may take. */
    private static final long TILE_BYTES = 256 * 1024;
    /** Below this many multiply-adds a job runs on the calling thread: dispatch would cost more than it saves. */
    private static final long MIN_PARALLEL_WORK = 1 << 15;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Tensor tensor;
    private final long firstRow;
    private final int rows;
    private final int columns;
    private final RowKernel kernel;
    private final FloatOps floats;
    private final ActivationRounding rounding;

    /** Rows {@code [firstRow, firstRow + rows)} of {@code tensor}. */
    public WeightMatrix(Tensor tensor, long firstRow, int rows, Kernels kernels) {
        if (firstRow < 0 || rows < 0 || firstRow + rows > tensor.rows()) {
            throw new IllegalArgumentException("rows " + firstRow + "+" + rows + " of " + tensor.rows());
        }
        this.tensor = tensor;
        this.firstRow = firstRow;
        this.rows = rows;
        this.columns = tensor.rowLength();
        this.kernel = kernels.rowKernel(tensor.type(), tensor.name());
        this.floats = kernels.floats();
        this.rounding = ActivationRounding.forWeights(tensor.type());
    }

    /** All rows of {@code tensor}. */
    public WeightMatrix(Tensor tensor, Kernels kernels) {
        this(tensor, 0, (int) Math.min(Integer.MAX_VALUE, tensor.rows()), kernels);
    }

    /** Length of an input vector. */
    public int columns() {
        return columns;
    }

    /** Length of an output vector. */
    public int rows() {
        return rows;
    }

    public Tensor tensor() {
        return tensor;
    }

    /**
     * {@code y[yOffset + r] = Σ W[r][i]·x[xOffset + i]} for every row r: one vector, the kernel's fused dot product
     * per row (decode, and the logits of a single position).
     */
    public void multiplyVector(float[] input, int inputOffset, float[] y, int yOffset, WorkerPool pool) {
        int rowBytes = tensor.data().rowBytes();
        if (rounding == ActivationRounding.Q8_K && kernel instanceof Q8KRowKernel codesKernel) {
            // The kernel multiplies the codes and applies each block's scale once: ggml's exact block sums.
            Q8KActivations codes = SCRATCH.get().q8k();
            codes.quantize(input, inputOffset, columns, floats);
            forEachRun(pool, (buffer, offset, run, r, scratch) -> codesKernel.dotRowsQ8K(buffer, offset, rowBytes, run,
                    codes, y, yOffset + r, scratch));
            return;
        }
        if (rounding == ActivationRounding.Q8_0 && kernel instanceof Q80RowKernel codesKernel) {
            // The same, on Q8_0 blocks: integer block sums, each block's two scales applied once.
            Q80Activations codes = SCRATCH.get().q80();
            codes.quantize(input, inputOffset, columns, floats);
            forEachRun(pool, (buffer, offset, run, r, scratch) -> codesKernel.dotRowsQ80(buffer, offset, rowBytes, run,
                    codes, y, yOffset + r, scratch));
            return;
        }
        float[] x = input;
        int xOffset = inputOffset;
        if (rounding != ActivationRounding.NONE) {
            x = SCRATCH.get().activations(columns);
            xOffset = 0;
            floats.round(rounding, input, inputOffset, x, 0, columns);
        }
        float[] rounded = x;
        int roundedOffset = xOffset;
        forEachRun(pool, (buffer, offset, run, r, scratch) -> kernel.dotRows(buffer, offset, rowBytes, run, rounded,
                roundedOffset, columns, y, yOffset + r, scratch));
    }

    /** A kernel call on {@code run} rows starting at row {@code r} of this matrix, at {@code offset} of buffer. */
    @FunctionalInterface
    private interface RunOfRows {
        void multiply(ByteBuffer buffer, int offset, int run, int r, Scratch scratch);
    }

    /** Cuts the rows into runs ({@link #runLength}) and hands them to {@code body}, split over the pool's threads. */
    private void forEachRun(WorkerPool pool, RunOfRows body) {
        int chunks = chunks(rows, (long) rows * columns, pool);
        int perChunk = (rows + chunks - 1) / chunks;
        pool.run(chunks, c -> {
            Scratch scratch = SCRATCH.get();
            int end = Math.min(rows, (c + 1) * perChunk);
            for (int r = c * perChunk; r < end; ) {
                long row = firstRow + r;
                ByteBuffer buffer = tensor.rowBuffer(row);
                int run = runLength(row, end - r, buffer);
                body.multiply(buffer, tensor.rowOffset(row), run, r, scratch);
                r += run;
            }
        });
    }

    /** Rows from {@code row} that one kernel call takes: at most {@link #RUN}, and within one mapped window. */
    private int runLength(long row, int left, ByteBuffer buffer) {
        int run = Math.min(RUN, left);
        while (run > 1 && tensor.rowBuffer(row + run - 1) != buffer) {
            run--; // the run would cross into the next mapped window: rows are contiguous only within one
        }
        return run;
    }

    /**
     * {@code y[t][r] = Σ W[r][i]·x[t][i]} for the {@code count} vectors of {@code x} (row-major, {@link #columns()}
     * each); {@code y} is row-major with {@link #rows()} values per vector.
     *
     * <p>Blocked twice. A thread decodes a tile of up to {@link #MAX_TILE} rows once (sized to stay in the L2 cache)
     * and runs every vector of the batch against it, so each vector is read from memory once per tile rather than
     * once per four rows; inside the tile, {@link FloatOps#dot4x4} multiplies four rows with four vectors, each
     * loaded value serving four multiply-adds (the last one to three vectors take {@link FloatOps#dot4}, which adds
     * in the same order, so a token's result does not depend on its place in the batch). Four by four rather than
     * the four by three of before: 8 loads for 16 multiply-adds instead of 7 for 12, which the L2
     * cache's bandwidth rewards once a tile's rows and the vectors outgrow the L1 (prefill, 2 threads: SmolLM Q4_0
     * 492 → 580 tokens/s, Llama-3.2-1B Q4_K_M 71.6 → 79.1; four by five gained nothing more).
     */
    public void multiply(float[] input, int count, float[] y, WorkerPool pool) {
        if (count == 1) {
            multiplyVector(input, 0, y, 0, pool);
            return;
        }
        float[] x = roundedBatch(input, count, pool);
        int tileRows = tileRows(rows, columns, pool.threads());
        int tiles = (rows + tileRows - 1) / tileRows;
        // One tile per task, taken by whichever thread is free: in chunks of several tiles, 9 tiles of 64 rows (a
        // 576-row matrix) made 5 chunks, 3 for one thread and 2 for the other.
        int chunks = (long) rows * columns * count < MIN_PARALLEL_WORK || pool.threads() == 1 ? 1 : tiles;
        int perChunk = (tiles + chunks - 1) / chunks;
        pool.run(chunks, c -> {
            Scratch scratch = SCRATCH.get();
            float[] tile = scratch.tile(tileRows * columns);
            float[] out = new float[16];
            int end = Math.min(tiles, (c + 1) * perChunk);
            for (int t = c * perChunk; t < end; t++) {
                int r0 = t * tileRows;
                int n = Math.min(tileRows, rows - r0);
                for (int k = 0; k < n; k++) {
                    long row = firstRow + r0 + k;
                    kernel.decode(tensor.rowBuffer(row), tensor.rowOffset(row), tile, k * columns, columns, scratch);
                }
                int v = vectors(4, 0, tile, n, x, count, y, r0, out);
                vectors(1, v, tile, n, x, count, y, r0, out);
            }
        });
    }

    /**
     * Vectors {@code v, v + size, …} of the batch, {@code size} at a time (4: {@link FloatOps#dot4x4}, 1:
     * {@link FloatOps#dot4}), against the {@code n} decoded rows of a tile that starts at row {@code r0}; returns the
     * first vector left over.
     */
    private int vectors(int size, int v, float[] tile, int n, float[] x, int count, float[] y, int r0, float[] out) {
        for (; v + size <= count; v += size) {
            int k = 0;
            for (; k + TILE <= n; k += TILE) {
                if (size == 4) {
                    floats.dot4x4(tile, k * columns, columns, x, v * columns, out, 0);
                } else {
                    floats.dot4(tile, k * columns, columns, x, v * columns, out, 0);
                }
                for (int j = 0; j < size; j++) {
                    int yo = (v + j) * rows + r0 + k;
                    y[yo] = out[4 * j];
                    y[yo + 1] = out[4 * j + 1];
                    y[yo + 2] = out[4 * j + 2];
                    y[yo + 3] = out[4 * j + 3];
                }
            }
            for (; k < n; k++) {
                for (int j = 0; j < size; j++) {
                    y[(v + j) * rows + r0 + k] = floats.dot(tile, k * columns, x, (v + j) * columns, columns);
                }
            }
        }
        return v;
    }

    /** The batch's vectors rounded for this weight type (in parallel: a prompt's worth is not negligible). */
    private float[] roundedBatch(float[] input, int count, WorkerPool pool) {
        if (rounding == ActivationRounding.NONE) {
            return input;
        }
        float[] x = SCRATCH.get().activations(count * columns);
        int chunks = chunks(count, (long) count * columns * 8, pool);
        int perChunk = (count + chunks - 1) / chunks;
        pool.run(chunks, c -> {
            for (int v = c * perChunk, end = Math.min(count, (c + 1) * perChunk); v < end; v++) {
                floats.round(rounding, input, v * columns, x, v * columns, columns);
            }
        });
        return x;
    }

    /**
     * Rows per decoded tile: at most as many as fit {@link #TILE_BYTES} of floats (a quarter of a 1 MiB L2, leaving
     * room for the vectors being multiplied), few enough that every thread gets several tiles, a multiple of four,
     * and evened out towards a tile count that is a multiple of the thread count (576 rows on 2 threads: 10 tiles, 9
     * of 60 and one of 36, rather than 9 of 64; rounding to four rows can leave the count odd).
     */
    static int tileRows(int rows, int columns, int threads) {
        if (rows <= 0) {
            return TILE;
        }
        int t = Math.max(1, threads);
        int byCache = (int) Math.min(MAX_TILE, TILE_BYTES / (4L * Math.max(1, columns)));
        int byThreads = rows / (4 * t);
        int most = Math.max(TILE, Math.min(byCache, byThreads)) / TILE * TILE;
        int tiles = (rows + most - 1) / most;
        tiles = (tiles + t - 1) / t * t;
        int even = (rows + tiles - 1) / tiles;
        return Math.max(TILE, Math.min(most, (even + TILE - 1) / TILE * TILE));
    }

    /** Decodes row {@code r} of this matrix (an embedding lookup) into {@code dst[dstOffset…]}. */
    public void decodeRow(int r, float[] dst, int dstOffset) {
        long row = firstRow + r;
        ByteBuffer buffer = tensor.rowBuffer(row);
        kernel.decode(buffer, tensor.rowOffset(row), dst, dstOffset, columns, SCRATCH.get());
    }

    /**
     * How many pieces to cut {@code units} of work into: a few per thread for balance, one when the job is small.
     * Four per thread: sixteen (pieces of at least 32 rows) left the threads waiting as long in JFR's samples of a
     * 1B-shaped decode (6.5 % against 7.1 %) and decoded the SmolLM shape 6–12 % slower (IQ4_XS, Q8_0; three
     * alternating launches each).
     */
    private static int chunks(int units, long work, WorkerPool pool) {
        if (work < MIN_PARALLEL_WORK || pool.threads() == 1) {
            return 1;
        }
        return Math.max(1, Math.min(units, pool.threads() * 4));
    }
}
