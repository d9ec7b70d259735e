package dev.llmx.bench;

import dev.llmx.quant.Quantizer;
import dev.llmx.quant.Quantizers;
import dev.llmx.tensor.GgmlType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Single-thread quantization throughput per type: one operation quantizes 1 MiB of F32 input (64 rows of 4096
 * Gaussian values), so operations per second are MiB per second of input. Run with
 * {@code mvn -o -q -Pbench test-compile exec:exec -Dbench.args="QuantizeBenchmark"} (see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class QuantizeBenchmark {
    private static final int ROWS = 64;
    private static final int COLS = 4096;

    @Param({"F16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "IQ4_NL", "IQ4_XS"})
    public String type;

    private float[] input;
    private byte[] output;
    private Quantizer quantizer;
    private int rowBytes;

    @Setup
    public void setUp() {
        GgmlType t = GgmlType.byName(type);
        quantizer = Quantizers.require(t);
        rowBytes = (int) t.bytesFor(COLS);
        Random random = new Random(42);
        input = new float[ROWS * COLS];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (random.nextGaussian() * 0.02);
        }
        output = new byte[ROWS * rowBytes];
    }

    @Benchmark
    public void quantizeOneMebibyte(Blackhole hole) {
        for (int r = 0; r < ROWS; r++) {
            quantizer.quantize(input, r * COLS, output, r * rowBytes, COLS);
        }
        hole.consume(output);
    }
}
