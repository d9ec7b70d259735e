package dev.llmx.tensor.vector;

import dev.llmx.tensor.KQuantScales;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Weight bytes read where they lie, in the memory-mapped file (or a KV cache's pages): vector loads and
 * little-endian scalars at offsets from a base (the first row of a run), with no copy onto the heap.
 *
 * <p>Why not a copy: decode reads every weight once per token, so it is a stream from memory, and a bulk copy of a
 * run of rows into an array and the arithmetic on it are two passes that do not overlap: on the Llama-3.2-1B shape
 * (Q8_0, 2 threads) the copy cost as much as all the rest (13 tokens/s with it, 34 with the copy skipped and the
 * arithmetic done on stale rows); reading the mapping, 14–18 (docs/profile.md, step 5; docs/bench.md).
 *
 * <p>Why a method handle: the Vector API's load from outside the heap changed between JDKs — 17 and 18 load from a
 * {@link ByteBuffer} ({@code fromByteBuffer}), 19 and later from a {@code java.lang.foreign.MemorySegment}
 * ({@code fromMemorySegment}, a type JDK 17 cannot name) — and the same class file runs on all of them. The handle
 * is found once and held in a static final field, so the JIT compiles it as the direct call it stands for (and the
 * call is then the load intrinsic). A JDK that offers neither (19–21 keep {@code MemorySegment} behind
 * {@code --enable-preview}) gets the scalar kernels ({@link #AVAILABLE}).
 */
final class WeightBytes {
    /** (species, source, offset) → the little-endian vector at that byte offset: of bytes, shorts, floats. */
    private static final MethodHandle LOAD_BYTES;
    private static final MethodHandle LOAD_SHORTS;
    private static final MethodHandle LOAD_FLOATS;
    /** (ByteBuffer) → the source the loads read: the buffer itself on JDK 17/18, a memory segment after. */
    private static final MethodHandle SOURCE;
    /** Whether this JDK can load vectors from a mapped buffer; {@link VectorKernels} refuses to start otherwise. */
    static final boolean AVAILABLE;
    /** Why {@link #AVAILABLE} is false (null when it is true). */
    static final String UNAVAILABLE_REASON;

    static {
        MethodHandle[] loads = new MethodHandle[3];
        MethodHandle source = null;
        String reason = null;
        try {
            Class<?>[] vectors = {ByteVector.class, ShortVector.class, FloatVector.class};
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> segment = null;
            try {
                segment = Class.forName("java.lang.foreign.MemorySegment");
                source = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class));
            } catch (ClassNotFoundException e) {
                source = MethodHandles.identity(ByteBuffer.class);
            }
            for (int i = 0; i < vectors.length; i++) {
                MethodHandle load = segment != null
                        ? lookup.findStatic(vectors[i], "fromMemorySegment", MethodType.methodType(vectors[i],
                                VectorSpecies.class, segment, long.class, ByteOrder.class))
                        : lookup.findStatic(vectors[i], "fromByteBuffer", MethodType.methodType(vectors[i],
                                VectorSpecies.class, ByteBuffer.class, int.class, ByteOrder.class));
                loads[i] = MethodHandles.explicitCastArguments(
                        MethodHandles.insertArguments(load, 3, ByteOrder.LITTLE_ENDIAN),
                        MethodType.methodType(vectors[i], VectorSpecies.class, Object.class, long.class));
            }
            source = source.asType(MethodType.methodType(Object.class, ByteBuffer.class));
            // One load through the handles, so that a JDK where they exist but fail (a preview API) says so now.
            ByteBuffer probe = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
            probe.put(3, (byte) 7).putFloat(8, 2.5f);
            Object probeSource = (Object) source.invokeExact(probe);
            ByteVector v = (ByteVector) loads[0].invokeExact(Lanes.B, probeSource, 0L);
            ShortVector h = (ShortVector) loads[1].invokeExact(Lanes.S, probeSource, 2L);
            FloatVector f = (FloatVector) loads[2].invokeExact(Lanes.F, probeSource, 0L);
            if (v.lane(3) != 7 || h.lane(0) != 7 << 8 || f.lane(2) != 2.5f) {
                reason = "a vector load from a mapped buffer read the wrong bytes";
            }
        } catch (Throwable t) {
            reason = "this JDK cannot load vectors from a mapped file (" + t + ")";
        }
        AVAILABLE = reason == null;
        UNAVAILABLE_REASON = reason;
        LOAD_BYTES = AVAILABLE ? loads[0] : null;
        LOAD_SHORTS = AVAILABLE ? loads[1] : null;
        LOAD_FLOATS = AVAILABLE ? loads[2] : null;
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

    /**
     * The last buffer each thread read and the source made for it, weakly held: a closed model's mapping must not
     * stay reachable through a thread that happens to have read it last (a collection costs one new source).
     */
    private static final ThreadLocal<WeakReference<SourceCache>> SOURCES =
            ThreadLocal.withInitial(() -> new WeakReference<>(null));

    /** A buffer, the little-endian, position-0 view of it that the kernels read, and the source made for it. */
    private record SourceCache(ByteBuffer buffer, ByteBuffer whole, Object source) {
    }

    /**
     * The bytes of {@code buffer} (absolute offsets, whatever its position; little-endian, whatever its order) from
     * {@code base} on. The source made for a buffer is remembered per thread: a memory segment is an object, and
     * making one per run of rows would cost as much as small rows take.
     */
    static WeightBytes of(ByteBuffer buffer, int base) {
        SourceCache cache = SOURCES.get().get();
        if (cache == null || cache.buffer() != buffer) {
            ByteBuffer whole = buffer;
            if (buffer.position() != 0 || buffer.order() != ByteOrder.LITTLE_ENDIAN) {
                // A segment starts at the buffer's position, while the kernels' offsets are absolute.
                whole = buffer.duplicate().position(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            try {
                cache = new SourceCache(buffer, whole, (Object) SOURCE.invokeExact(whole));
            } catch (Throwable t) {
                throw new IllegalStateException("cannot read the weights' buffer as vectors", t);
            }
            SOURCES.set(new WeakReference<>(cache));
        }
        return new WeightBytes(cache.whole(), cache.source(), base);
    }

    /** A load's exception as it is (the handles throw only what the loads they stand for throw). */
    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** The {@code species.length()} bytes at {@code at}. */
    ByteVector vector(VectorSpecies<Byte> species, int at) {
        try {
            return (ByteVector) LOAD_BYTES.invokeExact(species, source, (long) (base + at));
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The {@code species.length()} little-endian shorts from byte {@code at}. */
    ShortVector shorts(VectorSpecies<Short> species, int at) {
        try {
            return (ShortVector) LOAD_SHORTS.invokeExact(species, source, (long) (base + at));
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The {@code species.length()} little-endian floats from byte {@code at}. */
    FloatVector floats(VectorSpecies<Float> species, int at) {
        try {
            return (FloatVector) LOAD_FLOATS.invokeExact(species, source, (long) (base + at));
        } catch (Throwable t) {
            throw unchecked(t);
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

    /** The little-endian 16-bit word at {@code at}. */
    short int16(int at) {
        return buffer.getShort(base + at);
    }

    /** The little-endian float at {@code at}. */
    float f32(int at) {
        return buffer.getFloat(base + at);
    }

    /** The little-endian 64-bit word at {@code at} (eight scale bytes in one read). */
    long int64(int at) {
        return buffer.getLong(base + at);
    }

    /** The little-endian 32-bit word at {@code at}. */
    int int32(int at) {
        return buffer.getInt(base + at);
    }

    /** Q4_K/Q5_K sub-block {@code j}'s packed scale and min from the 12 bytes at {@code at} ({@link KQuantScales}). */
    int scaleMin(int at, int j) {
        return KQuantScales.scaleMin(buffer, base + at, j);
    }
}
