package dev.llmx.tensor.vector;

import dev.llmx.tensor.KQuantScales;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Weight bytes read where they lie, in the memory-mapped file: vector loads and little-endian scalars at offsets
 * from a base (the first row of a run), with no copy onto the heap.
 *
 * <p>Why not a copy: decode reads every weight once per token, so it is a stream from memory, and a bulk copy of a
 * run of rows into an array and the arithmetic on it are two passes that do not overlap: on the Llama-3.2-1B shape
 * (Q8_0, 2 threads) the copy alone halved decode (13 tokens/s with it; 34 computing on rows already in cache).
 *
 * <p>Why a method handle: the Vector API's load from outside the heap changed between JDKs — 17 and 18 load from a
 * {@link ByteBuffer} ({@code fromByteBuffer}), 19 and later from a {@code java.lang.foreign.MemorySegment}
 * ({@code fromMemorySegment}, a type JDK 17 cannot name) — and the same class file runs on all of them. The handle
 * is found once and held in a static final field, so the JIT compiles it as the direct call it stands for (and the
 * call is then the load intrinsic). A JDK that offers neither (19–21 keep {@code MemorySegment} behind
 * {@code --enable-preview}) gets the scalar kernels ({@link #AVAILABLE}).
 */
final class WeightBytes {
    /** (species, source, offset) → the vector at that byte offset of the source, little-endian. */
    private static final MethodHandle LOAD;
    /** (ByteBuffer) → the source {@link #LOAD} reads: the buffer itself on JDK 17/18, a memory segment after. */
    private static final MethodHandle SOURCE;
    /** Whether this JDK can load vectors from a mapped buffer; {@link VectorKernels} refuses to start otherwise. */
    static final boolean AVAILABLE;
    /** Why {@link #AVAILABLE} is false (null when it is true). */
    static final String UNAVAILABLE_REASON;

    static {
        MethodHandle load = null;
        MethodHandle source = null;

        String reason = null;
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType loaded = MethodType.methodType(ByteVector.class, VectorSpecies.class, Object.class, long.class);
        try {
            try {
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                load = lookup.findStatic(ByteVector.class, "fromMemorySegment",
                        MethodType.methodType(ByteVector.class, VectorSpecies.class, segment, long.class, ByteOrder.class));
                source = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class));
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                load = lookup.findStatic(ByteVector.class, "fromByteBuffer",
                        MethodType.methodType(ByteVector.class, VectorSpecies.class, ByteBuffer.class, int.class,
                                ByteOrder.class));
                source = MethodHandles.identity(ByteBuffer.class);
            }

            load = MethodHandles.explicitCastArguments(
                    MethodHandles.insertArguments(load, 3, ByteOrder.LITTLE_ENDIAN), loaded);
            source = source.asType(MethodType.methodType(Object.class, ByteBuffer.class));
            // One load through the handles, so that a JDK where they exist but fail (a preview API) says so now.
            ByteBuffer probe = ByteBuffer.allocateDirect(64);
            probe.put(3, (byte) 7);
            ByteVector v = (ByteVector) load.invokeExact(Lanes.B, (Object) source.invokeExact(probe), 0L);
            if (v.lane(3) != 7) {
                reason = "a vector load from a mapped buffer read the wrong bytes";
            }
        } catch (Throwable t) {
            reason = "this JDK cannot load vectors from a mapped file (" + t + ")";
        }
        AVAILABLE = reason == null;
        UNAVAILABLE_REASON = reason;
        LOAD = AVAILABLE ? load : null;

        SOURCE = AVAILABLE ? source : null;
    }

    private final ByteBuffer buffer;
    private final Object source;
    private final int base;

    private WeightBytes(ByteBuffer buffer, Object source, int base) {
        this.buffer = buffer;
        this.source = source;
        this.base = base;
    }

    /** The last buffer each thread read and its source for {@link #LOAD}. */
    private static final ThreadLocal<SourceCache> SOURCES = ThreadLocal.withInitial(SourceCache::new);

    /** A buffer and the source made for it. */
    private static final class SourceCache {
        ByteBuffer buffer;
        Object source;
    }

    /**
     * The bytes of {@code buffer} from {@code base} on. The source made for a buffer is remembered per thread (a
     * memory segment is an object, and making one per run of rows would cost as much as small rows take).
     */
    static WeightBytes of(ByteBuffer buffer, int base) {
        SourceCache cache = SOURCES.get();
        if (cache.buffer != buffer) {
            try {
                cache.source = (Object) SOURCE.invokeExact(buffer);
            } catch (Throwable t) {
                throw new IllegalStateException("cannot read the weights' buffer as vectors", t);
            }
            cache.buffer = buffer;
        }
        return new WeightBytes(buffer, cache.source, base);
    }

    /** The {@code species.length()} bytes at {@code at}. */
    ByteVector vector(VectorSpecies<Byte> species, int at) {
        try {
            return (ByteVector) LOAD.invokeExact(species, source, (long) (base + at));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /*
     * Scalars come from the buffer, on every JDK: MemorySegment.get goes through a VarHandle whose chain of calls,
     * below a kernel's own, is deeper than the JIT inlines (MaxInlineLevel), and each read became a call (Q5_0's
     * high-bit word took most of a SmolLM-shaped Q4_K_M decode).
     */

    /** The byte at {@code at}. */
    byte get(int at) {
        return buffer.get(base + at);
    }

    /** The little-endian F16 value at {@code at}, as a float. */
    float f16(int at) {
        return dev.llmx.tensor.HalfFloat.f16ToFloat(buffer.getShort(base + at));
    }

    /** The little-endian 32-bit word at {@code at}. */
    int int32(int at) {
        return buffer.getInt(base + at);
    }

    /** Q4_K/Q5_K sub-block {@code j}'s packed scale and min from the 12 bytes at {@code at} ({@link KQuantScales}). */
    int scaleMin(int at, int j) {
        if (j < 4) {
            return (get(at + j) & 63) | ((get(at + j + 4) & 63) << 8);
        }
        int packed = get(at + j + 4) & 0xFF;
        int scale = (packed & 0x0F) | (((get(at + j - 4) & 0xFF) >>> 6) << 4);
        int min = (packed >>> 4) | (((get(at + j) & 0xFF) >>> 6) << 4);
        return scale | (min << 8);
    }
}
