package dev.llmx.tensor.kernel;

import dev.llmx.gguf.GgufFile;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.HalfFloat;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorData;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.testing.RandomBlocks;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every kernel set (scalar, and Vector API when the test JVM has the module, as Maven's does) against the
 * bit-exact decoders: dot products agree with a double-precision sum of the decoded row, decoded rows agree bit
 * for bit.
 */
class KernelsTest {
    static final int COLUMNS = 512 + 256;

    static List<Kernels> sets() {
        List<Kernels> sets = new ArrayList<>();
        sets.add(Kernels.scalar());
        Kernels.vector().ifPresent(sets::add);
        return sets;
    }

    /** The types with a kernel of their own (the rest go through the generic decode-a-row path). */
    static List<GgmlType> kernelTypes() {
        return List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1,
                GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K,
                GgmlType.Q6_K, GgmlType.IQ4_NL, GgmlType.IQ4_XS, GgmlType.MXFP4);
    }

    @Test
    void theTestJvmRunsTheVectorKernels() {
        // Maven starts the tests with --add-modules jdk.incubator.vector; without it this suite would test half.
        assertTrue(Kernels.vector().isPresent(), "Vector API kernels load");
        assertTrue(Kernels.best().description().startsWith("Vector API"), Kernels.best().description());
    }

    @ParameterizedTest
    @MethodSource("kernelTypes")
    void dotProductsAndDecodingMatchTheReferenceDecoder(GgmlType type) {
        Tensor w = RandomBlocks.matrix(type, 6, COLUMNS, type.ordinal());
        float[] x = RandomBlocks.vector(COLUMNS + 3, 99);
        for (Kernels set : sets()) {
            RowKernel kernel = set.rowKernel(type, w.name());
            Scratch scratch = new Scratch();
            for (int r = 0; r < w.rows(); r++) {
                float[] reference = w.dequantizeRow(r);
                assertDotClose(reference, x, 3, kernel.dot(w.rowBuffer(r), w.rowOffset(r), x, 3, COLUMNS, scratch),
                        set.description() + " " + type + " row " + r);
                float[] decoded = new float[COLUMNS + 2];
                kernel.decode(w.rowBuffer(r), w.rowOffset(r), decoded, 2, COLUMNS, scratch);
                for (int i = 0; i < COLUMNS; i++) {
                    if (Float.floatToRawIntBits(decoded[2 + i]) != Float.floatToRawIntBits(reference[i])) {
                        fail(set.description() + " " + type + " row " + r + " value " + i + ": decoded " + decoded[2 + i]
                                + ", reference " + reference[i]);
                    }
                }
            }
        }
    }

    /**
     * Rows of plain floats in heap pages (the KV cache's), which the Vector API kernels read through the page's
     * array (from its array offset), and in a read-only heap buffer (no array: the memory-segment path), give the
     * reference decoder's values at every row length (vector tails included) and at offsets that are not multiples
     * of the value size.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16"})
    void floatRowsInHeapPagesGiveTheReferenceValues(GgmlType type) {
        for (int n : new int[] {7, 64, 64 + 5, COLUMNS + 3}) {
            Tensor w = RandomBlocks.matrix(type, 3, n, n);
            int rowBytes = w.data().rowBytes();
            float[] x = RandomBlocks.vector(n + 1, 7);
            for (int shift : new int[] {0, 1, 2}) {
                byte[] page = new byte[5 + shift + 3 * rowBytes];
                for (int i = 0; i < 3 * rowBytes; i++) {
                    page[5 + shift + i] = w.rowBuffer(0).get(w.rowOffset(0) + i);
                }
                // An array offset of 5 (a slice), rows from byte `shift` of the slice.
                ByteBuffer heap = ByteBuffer.wrap(page, 5, page.length - 5).slice().order(ByteOrder.LITTLE_ENDIAN);
                for (ByteBuffer buffer : List.of(heap, heap.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN))) {
                    for (Kernels set : sets()) {
                        RowKernel kernel = set.rowKernel(type, w.name());
                        Scratch scratch = new Scratch();
                        float[] dots = new float[3];
                        kernel.dotRows(buffer, shift, rowBytes, 3, x, 1, n, dots, 0, scratch);
                        for (int r = 0; r < 3; r++) {
                            float[] reference = w.dequantizeRow(r);
                            String what = set.description() + " " + type + " n " + n + " shift " + shift
                                    + (buffer.hasArray() ? "" : " read-only") + " row " + r;
                            assertDotClose(reference, x, 1, dots[r], what + " (run)");
                            assertDotClose(reference, x, 1, kernel.dot(buffer, shift + r * rowBytes, x, 1, n, scratch),
                                    what);
                            float[] decoded = new float[n];
                            kernel.decode(buffer, shift + r * rowBytes, decoded, 0, n, scratch);
                            for (int i = 0; i < n; i++) {
                                assertEquals(Float.floatToRawIntBits(reference[i]), Float.floatToRawIntBits(decoded[i]),
                                        what + " value " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyHalfFloatWidensExactly() {
        int n = 1 << 16;
        TensorInfo info = TensorInfo.of("all.f16", GgmlType.F16, new long[] {n}, 0);
        ByteBuffer bytes = ByteBuffer.allocateDirect(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int h = 0; h < n; h++) {
            bytes.putShort(2 * h, (short) h);
        }
        Tensor t = new Tensor(info, TensorData.wrap(bytes, info));
        for (Kernels set : sets()) {
            float[] out = new float[n];
            set.rowKernel(GgmlType.F16, "all.f16").decode(t.rowBuffer(0), 0, out, 0, n, new Scratch());
            for (int h = 0; h < n; h++) {
                assertEquals(Float.floatToRawIntBits(HalfFloat.f16ToFloat(h)), Float.floatToRawIntBits(out[h]),
                        set.description() + ": F16 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void floatOpsAgreeOnOddLengths() {
        for (int n : new int[] {1, 7, 16, 33, 100, 515}) {
            float[] a = RandomBlocks.vector(4 * n + 5, n);
            float[] b = RandomBlocks.vector(n + 2, n + 1);
            for (Kernels set : sets()) {
                FloatOps ops = set.floats();
                float[] ref = new float[n];
                System.arraycopy(a, 1, ref, 0, n);
                assertDotClose(ref, b, 2, ops.dot(a, 1, b, 2, n), set.description() + " dot n=" + n);
                float[] out = new float[5];
                ops.dot4(a, 5, n, b, 2, out, 1);
                for (int r = 0; r < 4; r++) {
                    System.arraycopy(a, 5 + r * n, ref, 0, n);
                    assertDotClose(ref, b, 2, out[1 + r], set.description() + " dot4 row " + r + " n=" + n);
                }
                float[] x4 = RandomBlocks.vector(4 * n + 2, n + 3);
                float[] out16 = new float[17];
                ops.dot4x4(a, 5, n, x4, 2, out16, 1);
                for (int v = 0; v < 4; v++) {
                    for (int r = 0; r < 4; r++) {
                        System.arraycopy(a, 5 + r * n, ref, 0, n);
                        assertDotClose(ref, x4, 2 + v * n, out16[1 + 4 * v + r],
                                set.description() + " dot4x4 row " + r + " vector " + v + " n=" + n);
                        float[] one = new float[4];
                        ops.dot4(a, 5, n, x4, 2 + v * n, one, 0);
                        assertEquals(one[r], out16[1 + 4 * v + r], 0f,
                                set.description() + " dot4x4 adds as dot4 does: row " + r + " vector " + v + " n=" + n);
                    }
                }
                float[] y = b.clone();
                ops.axpy(0.5f, a, 3, y, 1, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(b[1 + i] + 0.5f * a[3 + i], y[1 + i], 1e-6f, set.description() + " axpy " + i);
                }
            }
        }
    }

    /**
     * SwiGLU's unit on each kernel set equals {@link FloatOps#silu} times up, at the edges too (infinities, NaN,
     * values whose exponential overflows, zeros, subnormals) and at every offset of the vector tail; run 3,000 times
     * so that the vector version is also checked after C2 has compiled it. The vector exponential is not
     * {@code Math.exp}: one float ulp is allowed, the most {@link FloatOps#siluTimes} lets it differ by.
     */
    @Test
    void siluTimesUpIsTheScalarFormulaOnEveryKernelSet() {
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f, 1f, -1f, 20f, -20f, 88f, -88f,
            89f, -89f, 710f, -710f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN};
        int n = 203;
        java.util.Random random = new java.util.Random(7);
        float[] gate = new float[n + 5];
        float[] up = new float[n + 5];
        for (int i = 0; i < gate.length; i++) {
            gate[i] = i < special.length ? special[i] : (float) (random.nextGaussian() * 6);
            up[i] = i % 17 == 0 ? -2.5f : (float) random.nextGaussian();
        }
        for (Kernels set : sets()) {
            for (int round = 0; round < 3000; round++) {
                int offset = round % 5;
                int length = n - round % 23;
                float[] out = new float[gate.length];
                set.floats().siluTimes(gate, up, out, offset, length);
                for (int i = 0; i < out.length; i++) {
                    boolean inside = i >= offset && i < offset + length;
                    float want = inside ? FloatOps.silu(gate[i]) * up[i] : 0f;
                    if (Float.isNaN(want) || Float.isInfinite(want) || want == 0f) {
                        assertEquals(want, out[i], set.description() + " silu(" + gate[i] + ")·" + up[i]);
                    } else {
                        assertEquals(want, out[i], Math.ulp(want),
                                set.description() + " silu(" + gate[i] + ")·" + up[i] + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void rangesCoverEveryUnitOnceWhateverTheThreadCount() throws Exception {
        for (int threads = 1; threads <= 3; threads++) {
            try (WorkerPool pool = new WorkerPool(threads)) {
                for (int units : new int[] {0, 1, 2, 5, 7, 128, 1000}) {
                    for (long perUnit : new long[] {1, 1536}) {
                        java.util.concurrent.atomic.AtomicIntegerArray seen =
                                new java.util.concurrent.atomic.AtomicIntegerArray(Math.max(1, units));
                        pool.forRanges(units, perUnit, (from, to) -> {
                            for (int u = from; u < to; u++) {
                                seen.incrementAndGet(u);
                            }
                        });
                        for (int u = 0; u < units; u++) {
                            assertEquals(1, seen.get(u), threads + " threads, " + units + " units: unit " + u);
                        }
                    }
                }
            }
        }
    }

    @Test
    void decodedTilesFitTheCacheAndGiveEveryThreadWork() {
        assertEquals(64, WeightMatrix.tileRows(4096, 576, 2), "576 columns: 64 rows (147 KB)");
        assertEquals(8, WeightMatrix.tileRows(2048, 8192, 2), "8192 columns: 8 rows (256 KB)");
        assertEquals(4, WeightMatrix.tileRows(37, 768, 3), "37 rows on 3 threads: tiles of 4");
        assertEquals(24, WeightMatrix.tileRows(203, 768, 2));
        assertEquals(60, WeightMatrix.tileRows(576, 576, 2), "576 rows on 2 threads: 10 tiles, 5 each");
        assertEquals(4, WeightMatrix.tileRows(0, 768, 2), "no rows: a valid tile height all the same");
    }

    @ParameterizedTest
    @MethodSource("kernelTypes")
    void matrixTimesMatrixEqualsMatrixTimesEachVector(GgmlType type) {
        // Shapes that give tiles of 4 and of 24 rows with a partial last tile, and 5 and 7 tokens (four at a time,
        // then one or three one at a time).
        matrixTimesMatrix(type, 37, 5, 3);
        matrixTimesMatrix(type, 203, 7, 2);
    }

    private static void matrixTimesMatrix(GgmlType type, int rows, int tokens, int threads) {
        Tensor w = RandomBlocks.matrix(type, rows + 3, COLUMNS, 5);
        float[] x = RandomBlocks.vector(tokens * COLUMNS, 6);
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (Kernels set : sets()) {
                WeightMatrix m = new WeightMatrix(w, 2, rows, set);
                float[] batch = new float[tokens * rows];
                m.multiply(x, tokens, batch, pool);
                for (int t = 0; t < tokens; t++) {
                    float[] one = new float[rows];
                    float[] xt = new float[COLUMNS];
                    System.arraycopy(x, t * COLUMNS, xt, 0, COLUMNS);
                    m.multiplyVector(xt, 0, one, 0, pool);
                    // The product multiplies the activations as llama.cpp rounds them for this weight type.
                    float[] rounded = new float[COLUMNS];
                    ActivationRounding.forWeights(type).round(xt, 0, rounded, 0, COLUMNS);
                    for (int r = 0; r < rows; r++) {
                        float[] row = w.dequantizeRow(2 + r);
                        assertDotClose(row, rounded, 0, one[r], set.description() + " vector row " + r);
                        assertDotClose(row, rounded, 0, batch[t * rows + r], set.description() + " batch row " + r);
                    }
                }
            }
        }
    }

    /**
     * ggml's reference quantizations of every type: the kernels (fast or generic) give ggml's values' dot product and
     * decode to ggml's own dequantization bit for bit.
     */
    @ParameterizedTest
    @ValueSource(strings = {"f16", "bf16", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0", "q2_K", "q3_K", "q4_K", "q5_K",
        "q6_K", "iq4_nl", "iq4_xs", "tq1_0", "tq2_0", "mxfp4"})
    void everyTypeOfTheQuantSuite(String type) {
        try (GgufFile suite = GgufFile.open(Refs.require("quant/ggml-quant-suite.gguf"))) {
            Tensor q = suite.tensor(type + ".q");
            Tensor deq = suite.tensor(type + ".deq");
            float[] x = RandomBlocks.vector(q.rowLength(), 7);
            for (Kernels set : sets()) {
                RowKernel kernel = set.rowKernel(q.type(), q.name());
                for (int r = 0; r < q.rows(); r++) {
                    float[] want = deq.dequantizeRow(r);
                    assertDotClose(want, x, 0,
                            kernel.dot(q.rowBuffer(r), q.rowOffset(r), x, 0, q.rowLength(), new Scratch()),
                            set.description() + " " + type + " row " + r);
                    float[] decoded = new float[q.rowLength()];
                    kernel.decode(q.rowBuffer(r), q.rowOffset(r), decoded, 0, q.rowLength(), new Scratch());
                    for (int i = 0; i < decoded.length; i++) {
                        if (Float.floatToRawIntBits(decoded[i]) != Float.floatToRawIntBits(want[i])) {
                            fail(set.description() + " " + type + " row " + r + " value " + i + ": decoded "
                                    + decoded[i] + ", ggml " + want[i]);
                        }
                    }
                }
            }
        }
    }

    /**
     * The kernels that take Q8_K codes ({@link Q8KRowKernel}) give the dot product with the activations those
     * codes stand for (code × block scale), for a run of rows.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_K", "Q5_K", "Q6_K"})
    void q8kCodesGiveTheDotWithTheRoundedActivations(GgmlType type) {
        Kernels vector = Kernels.vector().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(vector != null, "no Vector API on this JVM");
        RowKernel rowKernel = vector.rowKernel(type, "test");
        assertTrue(rowKernel instanceof Q8KRowKernel, type + " takes Q8_K codes");
        Q8KRowKernel kernel = (Q8KRowKernel) rowKernel;
        int rows = 5;
        Tensor w = RandomBlocks.matrix(type, rows, COLUMNS, 9);
        float[] x = RandomBlocks.vector(COLUMNS, 10);
        Q8KActivations codes = new Q8KActivations();
        codes.quantize(x, 0, COLUMNS, vector.floats());
        float[] rounded = new float[COLUMNS];
        ActivationRounding.Q8_K.round(x, 0, rounded, 0, COLUMNS);
        float[] out = new float[rows];
        kernel.dotRowsQ8K(w.rowBuffer(0), w.rowOffset(0), w.data().rowBytes(), rows, codes, out, 0,
                new Scratch());
        for (int r = 0; r < rows; r++) {
            assertDotClose(w.dequantizeRow(r), rounded, 0, out[r], type + " row " + r);
        }
    }

    /**
     * The kernels that take Q8_0 codes ({@link Q80RowKernel}) give the dot product with the activations those codes
     * stand for (code × block scale), the offset of the "_1" types through Q8_1's F16 block sums.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q4_1", "Q5_0", "Q5_1"})
    void q80CodesGiveTheDotWithTheRoundedActivations(GgmlType type) {
        Kernels vector = Kernels.vector().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(vector != null, "no Vector API on this JVM");
        RowKernel rowKernel = vector.rowKernel(type, "test");
        assertTrue(rowKernel instanceof Q80RowKernel, type + " takes Q8_0 codes");
        Q80RowKernel kernel = (Q80RowKernel) rowKernel;
        int rows = 5;
        Tensor w = RandomBlocks.matrix(type, rows, COLUMNS, 11);
        float[] x = RandomBlocks.vector(COLUMNS, 12);
        x[40] = 0; // with a block of zeros: its codes multiply a zero scale
        for (int i = 64; i < 96; i++) {
            x[i] = 0;
        }
        Q80Activations codes = new Q80Activations();
        codes.quantize(x, 0, COLUMNS, vector.floats());
        float[] rounded = new float[COLUMNS];
        ActivationRounding.Q8_0.round(x, 0, rounded, 0, COLUMNS);
        float[] out = new float[rows];
        kernel.dotRowsQ80(w.rowBuffer(0), w.rowOffset(0), w.data().rowBytes(), rows, codes, out, 0, new Scratch());
        for (int r = 0; r < rows; r++) {
            assertQ80DotClose(type, w.dequantizeRow(r), rounded, codes, out[r], type + " row " + r);
        }
    }

    /**
     * The integer kernels with every quant at its largest and codes of ±127 (their 16-bit lanes at their limits),
     * after enough calls for the JIT's optimising compiler to have compiled them: a variant of the Q6_K kernel once
     * gave wrong sums only once compiled.
     */
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"})
    void integerKernelsAtTheirLimitsAlsoOnceCompiled(GgmlType type) {
        Kernels vector = Kernels.vector().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(vector != null, "no Vector API on this JVM");
        RowKernel kernel = vector.rowKernel(type, "test");
        int rows = 4;
        Tensor w = RandomBlocks.extreme(type, rows, COLUMNS);
        float[] x = new float[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            x[i] = i % 3 == 0 ? -1f : 1f;
        }
        ActivationRounding rounding = ActivationRounding.forWeights(type);
        float[] rounded = new float[COLUMNS];
        rounding.round(x, 0, rounded, 0, COLUMNS);
        Q8KActivations q8k = new Q8KActivations();
        Q80Activations q80 = new Q80Activations();
        if (rounding == ActivationRounding.Q8_K) {
            q8k.quantize(x, 0, COLUMNS, vector.floats());
            assertEquals(127, Math.abs(q8k.shortCodes()[1]), "codes at their largest");
        } else {
            q80.quantize(x, 0, COLUMNS, vector.floats());
            assertEquals(127, Math.abs(q80.codes()[1]), "codes at their largest");
        }
        float[] out = new float[rows];
        float[] first = null;
        Scratch scratch = new Scratch();
        for (int call = 0; call < 5000; call++) {
            if (kernel instanceof Q8KRowKernel k) {
                k.dotRowsQ8K(w.rowBuffer(0), w.rowOffset(0), w.data().rowBytes(), rows, q8k, out, 0, scratch);
            } else {
                ((Q80RowKernel) kernel).dotRowsQ80(w.rowBuffer(0), w.rowOffset(0), w.data().rowBytes(), rows, q80,
                        out, 0, scratch);
            }
            if (first == null) {
                first = out.clone();
                for (int r = 0; r < rows; r++) {
                    assertQ80DotClose(type, w.dequantizeRow(r), rounded, q80, out[r], type + " row " + r);
                }
            }
        }
        assertArrayEquals(first, out, type + ": the same sums once compiled");
    }

    /**
     * As {@link #assertDotClose}; for Q4_1 and Q5_1 the offsets multiply Q8_1's block sums, rounded to F16 as ggml
     * stores them, so those add their rounding to the bound.
     */
    private static void assertQ80DotClose(GgmlType type, float[] row, float[] rounded, Q80Activations codes, float got,
                                          String what) {
        if (type != GgmlType.Q4_1 && type != GgmlType.Q5_1) {
            assertDotClose(row, rounded, 0, got, what);
            return;
        }
        double exact = 0;
        double bound = 1e-5;
        for (int i = 0; i < row.length; i++) {
            exact += (double) row[i] * rounded[i];
            bound += 1e-5 * Math.abs((double) row[i] * rounded[i]);
        }
        for (int blk = 0; blk < row.length / 32; blk++) {
            bound += 1e-3 * Math.abs(codes.sums()[blk]) * maxAbs(row, blk * 32);
        }
        assertEquals(exact, got, bound, what);
    }

    private static double maxAbs(float[] v, int from) {
        double m = 0;
        for (int i = from; i < from + 32; i++) {
            m = Math.max(m, Math.abs(v[i]));
        }
        return m;
    }

    /** Within float rounding of the exact sum: 1e-5 of the sum of the products' magnitudes. */
    static void assertDotClose(float[] w, float[] x, int xOffset, float got, String what) {
        double exact = 0;
        double magnitude = 0;
        for (int i = 0; i < w.length; i++) {
            exact += (double) w[i] * x[xOffset + i];
            magnitude += Math.abs((double) w[i] * x[xOffset + i]);
        }
        assertEquals(exact, got, 1e-5 * magnitude + 1e-30, what);
    }
}
