package dev.llmx.bench;

import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WeightMatrix;
import dev.llmx.tensor.kernel.WorkerPool;
import dev.llmx.testing.RandomBlocks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The weight-matrix kernels of every type with a fast path, Vector API against scalar in the same run, on one
 * thread: matrix × vector (decode: 1024 rows of 4096) and matrix × matrix (prefill: the same matrix times 16
 * vectors). The scalar set's baseline is its fused kernel where it has one (F32 … Q6_K except the newer types) and
 * the generic decode-then-dot path otherwise, which is what ran for those types before they had vector kernels. Run as the README says (JMH on the test classpath); compare {@code kernels=vector}
 * with {@code kernels=scalar} per type.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelBench {
    static final int ROWS = 1024;
    static final int COLUMNS = 4096;
    static final int BATCH = 16;

    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K",
        "IQ4_NL", "IQ4_XS", "MXFP4"})
    public String type;

    @Param({"scalar", "vector"})
    public String kernels;

    private WeightMatrix matrix;
    private WorkerPool pool;
    private float[] x;
    private float[] xBatch;
    private float[] y;
    private float[] yBatch;

    @Setup(Level.Trial)
    public void setUp() {
        Kernels set = kernels.equals("scalar") ? Kernels.scalar() : Kernels.vector().orElseThrow(
                () -> new IllegalStateException("the Vector API kernels need --add-modules jdk.incubator.vector"));
        Tensor t = RandomBlocks.matrix(GgmlType.valueOf(type), ROWS, COLUMNS, 1);
        matrix = new WeightMatrix(t, set);
        pool = new WorkerPool(1);
        x = RandomBlocks.vector(COLUMNS, 2);
        xBatch = RandomBlocks.vector(COLUMNS * BATCH, 3);
        y = new float[ROWS];
        yBatch = new float[ROWS * BATCH];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** Decode: one token, the fused dequantize-and-dot kernel per row. */
    @Benchmark
    public float[] matrixTimesVector() {
        matrix.multiplyVector(x, 0, y, 0, pool);
        return y;
    }

    /** Prefill: 16 tokens, each row decoded once and multiplied with all of them. */
    @Benchmark
    public float[] matrixTimesMatrix() {
        matrix.multiply(xBatch, BATCH, yBatch, pool);
        return yBatch;
    }
}
