package dev.llmx.tensor.kernel;

import dev.llmx.tensor.Dequantizers;
import dev.llmx.tensor.GgmlType;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A set of compute kernels: one {@link RowKernel} per weight type and the {@link FloatOps}. Two sets exist: the
 * scalar one (plain Java, always there) and the Vector API one, which lives in {@code src/main/java-vector}, is
 * compiled separately (it needs the incubator module {@code jdk.incubator.vector}) and is loaded by name at run
 * time. {@link #best()} picks the vector set when the JVM was started with {@code --add-modules
 * jdk.incubator.vector} (the {@code ./llmx} launcher does so for engine commands) and the CPU has SIMD registers of
 * at least 256 bits; otherwise the scalar set. {@code -Dllmx.kernels=scalar} forces the scalar set, and
 * {@code -Dllmx.kernels=vector} the vector set even for tiny models ({@link #forModel}).
 *
 * <p>Types without a fast kernel in a set go through the generic path (decode, then a float dot product), which is
 * correct for every type llmx can decode.
 */
public abstract class Kernels {
    private static final String VECTOR_CLASS = "dev.llmx.tensor.vector.VectorKernels";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private final Map<GgmlType, RowKernel> kernels = new EnumMap<>(GgmlType.class);

    protected Kernels() {
    }

    /** "Vector API 512-bit" or "scalar": for timings and benchmark reports. */
    public abstract String description();

    public abstract FloatOps floats();

    /** This set's fast kernel for {@code type}, or null where the generic path serves. */
    protected abstract RowKernel fastKernel(GgmlType type);

    /** The kernel for rows of {@code type}; a one-line error naming {@code tensorName} when llmx cannot decode it. */
    public final synchronized RowKernel rowKernel(GgmlType type, String tensorName) {
        RowKernel k = kernels.get(type);
        if (k == null) {
            k = fastKernel(type);
            if (k == null) {
                k = new DequantizingKernel(Dequantizers.require(type, tensorName), floats());
            }
            kernels.put(type, k);
        }
        return k;
    }

    /** The plain-Java set. */
    public static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /** The Vector API set, when this JVM can run it. */
    public static Optional<Kernels> vector() {
        return Holder.VECTOR;
    }

    /** The fastest set this JVM can run (see the class comment). */
    public static Kernels best() {
        return Holder.BEST;
    }

    /** Weights in the largest matrix below which a model runs on the scalar kernels: see {@link #forModel}. */
    public static final long SMALL_MODEL_MATRIX = 1L << 20;

    /**
     * The set for a model whose largest weight matrix has {@code largestMatrix} values: {@link #best()}, except for
     * tiny models (the embedded one), whose matrices are too small for vectors to pay off while the Vector API's
     * start-up (its code runs interpreted until the JIT compiles it, about 0.3 s) would dominate a whole run.
     */
    public static Kernels forModel(long largestMatrix) {
        boolean forced = System.getProperty("llmx.kernels") != null;
        return largestMatrix < SMALL_MODEL_MATRIX && !forced ? scalar() : best();
    }

    /** Loaded once, on first use. */
    private static final class Holder {
        static final Optional<Kernels> VECTOR = loadVector();
        static final Kernels BEST = "scalar".equals(System.getProperty("llmx.kernels"))
                ? scalar() : VECTOR.orElse(scalar());

        private static Optional<Kernels> loadVector() {
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of((Kernels) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError e) {
                // The constructor refused (no usable vector shape on this CPU: an InvocationTargetException), or a
                // JDK whose incubator API differs: the scalar set serves.
                return Optional.empty();
            }
        }
    }
}
