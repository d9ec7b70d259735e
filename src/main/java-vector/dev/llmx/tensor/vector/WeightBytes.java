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
import java.lang.invoke.VarHandle;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of a run of weight rows as the kernels read them: vector loads and little-endian scalars at offsets from
 * a base (the first row of the run). On JDK 22 and later they are read where they lie, in the memory-mapped file (or
 * a KV cache's pages), with no copy onto the heap; on JDK 17/18 the run is first copied into the thread's array.
 *
 * <p>Why not a copy: decode reads every weight once per token, so it is a stream from memory, and a bulk copy of a
 * run of rows into an array and the arithmetic on it are two passes that do not overlap: on the Llama-3.2-1B shape
 * (Q8_0, 2 threads) the copy cost as much as all the rest (13 tokens/s with it, 34 with the copy skipped and the
 * arithmetic done on stale rows); reading the mapping, 14–18 (docs/profile.md, step 5; docs/bench.md).
 *
 * <p>Why a method handle: the Vector API's off-heap load is {@code fromMemorySegment} on JDK 19 and later, with a
 * type ({@code java.lang.foreign.MemorySegment}) that JDK 17 cannot name, and the same class files run on every JDK
 * from 17 on. The handle is found once and held in a static final field, so the JIT compiles it as the direct call
 * it stands for (and the call is then the load intrinsic); on JDK 17/18 the same handles are the array loads. A JDK
 * on which neither works (19–21 keep {@code MemorySegment} behind {@code --enable-preview}) gets the scalar kernels
 * ({@link #AVAILABLE}).
 */
final class WeightBytes {
    /**
     * (species, source, offset) → the little-endian vector at that byte offset: of bytes, shorts, floats. The source
     * is a memory segment (in place) or the thread's array (a copied run).
     */
    private static final MethodHandle LOAD_BYTES;
    private static final MethodHandle LOAD_SHORTS;
    private static final MethodHandle LOAD_FLOATS;
    /** (ByteBuffer) → the memory segment the loads read (JDK 22+); null where runs are copied. */
    private static final MethodHandle SOURCE;
    /**
     * Whether the kernels read the mapped file in place (JDK 22+: {@code fromMemorySegment}). JDK 17/18 could load
     * from the buffer too ({@code fromByteBuffer}), but streaming a Q8_0 matrix from memory that way ran at 7.1 GB/s
     * on one core against 15.0 through a segment on JDK 25, slower than copying each run of rows into an array
     * first; there the runs are copied, as before the kernels read in place.
     */
    static final boolean IN_PLACE;
    /** Whether this JDK can load vectors from a mapped buffer; {@link VectorKernels} refuses to start otherwise. */
    static final boolean AVAILABLE;
    /** Why {@link #AVAILABLE} is false (null when it is true). */
    static final String UNAVAILABLE_REASON;

    static {
        MethodHandle[] loads = new MethodHandle[3];
        MethodHandle source = null;
        boolean inPlace = false;
        String reason = null;
        try {
            Class<?>[] vectors = {ByteVector.class, ShortVector.class, FloatVector.class};
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> segment = null;
            try {
                segment = Class.forName("java.lang.foreign.MemorySegment");
                source = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class))
                        .asType(MethodType.methodType(Object.class, ByteBuffer.class));
                inPlace = true;
            } catch (ClassNotFoundException e) {
                // JDK 17/18: the runs are copied into arrays (see IN_PLACE).
            }
            for (int i = 0; i < vectors.length; i++) {
                MethodHandle load = segment != null
                        ? lookup.findStatic(vectors[i], "fromMemorySegment", MethodType.methodType(vectors[i],
                                VectorSpecies.class, segment, long.class, ByteOrder.class))
                        : lookup.findStatic(vectors[i], "fromByteArray", MethodType.methodType(vectors[i],
                                VectorSpecies.class, byte[].class, int.class, ByteOrder.class));
                loads[i] = MethodHandles.explicitCastArguments(
                        MethodHandles.insertArguments(load, 3, ByteOrder.LITTLE_ENDIAN),
                        MethodType.methodType(vectors[i], VectorSpecies.class, Object.class, long.class));
            }
            // One load through the handles, so that a JDK where they exist but fail (a preview API) says so now.
            ByteBuffer probe = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
            probe.put(3, (byte) 7).putFloat(8, 2.5f);
            Object probeSource;
            if (inPlace) {
                probeSource = (Object) source.invokeExact(probe);
            } else {
                byte[] copy = new byte[64];
                probe.get(0, copy);
                probeSource = copy;
            }
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
        IN_PLACE = inPlace;
        LOAD_BYTES = AVAILABLE ? loads[0] : null;
        LOAD_SHORTS = AVAILABLE ? loads[1] : null;
        LOAD_FLOATS = AVAILABLE ? loads[2] : null;
        SOURCE = AVAILABLE && inPlace ? source : null;
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
     * The {@code length} bytes of {@code buffer} from {@code base} on (absolute offsets, whatever its position;
     * little-endian, whatever its order): in place where the JDK loads vectors from a memory segment, else a copy
     * in the thread's array ({@link #IN_PLACE}). In place, the source made for a buffer is remembered per thread: a
     * memory segment is an object, and making one per run of rows would cost as much as small rows take.
     */
    static WeightBytes of(ByteBuffer buffer, int base, int length) {
        if (!IN_PLACE) {
            Copy copy = COPIES.get().fill(buffer, base, length);
            return new WeightBytes(copy.view, copy.bytes, 0);
        }
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

    /** Each thread's array for copied runs (JDK 17/18), and a little-endian view of it for the scalar reads. */
    private static final ThreadLocal<Copy> COPIES = ThreadLocal.withInitial(Copy::new);

    /** A growing array and its view. */
    private static final class Copy {
        byte[] bytes = new byte[0];
        ByteBuffer view = ByteBuffer.wrap(bytes);

        Copy fill(ByteBuffer buffer, int base, int length) {
            if (bytes.length < length) {
                bytes = new byte[length];
                view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            }
            buffer.get(base, bytes, 0, length);
            return this;
        }
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
     * Scalars come from the buffer when read in place, not from the segment: MemorySegment.get goes through a
     * VarHandle whose chain of calls, below a kernel's own, is deeper than the JIT inlines (MaxInlineLevel), and each
     * read became a call (Q5_0's high-bit word took most of a SmolLM-shaped Q4_K_M decode). From a copied run they
     * come from the array. IN_PLACE is a constant to the JIT: each read compiles to one of the two.
     */

    /** Little-endian shorts, ints and longs of a copied run (JDK 17/18): array reads, no buffer checks. */
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The byte at {@code at}. */
    byte get(int at) {
        return IN_PLACE ? buffer.get(base + at) : ((byte[]) source)[at];
    }

    /** The little-endian F16 value at {@code at}, as a float. */
    float f16(int at) {
        return dev.llmx.tensor.HalfFloat.f16ToFloat(int16(at));
    }

    /** As {@link #f16}, computed rather than looked up ({@link dev.llmx.tensor.HalfFloat#f16ToFloatComputed}). */
    float f16Computed(int at) {
        return dev.llmx.tensor.HalfFloat.f16ToFloatComputed(int16(at));
    }

    /** The little-endian 16-bit word at {@code at}. */
    short int16(int at) {
        return IN_PLACE ? buffer.getShort(base + at) : (short) SHORTS.get((byte[]) source, at);
    }

    /** The little-endian float at {@code at}. */
    float f32(int at) {
        return Float.intBitsToFloat(int32(at));
    }

    /** The little-endian 64-bit word at {@code at} (eight scale bytes in one read). */
    long int64(int at) {
        return IN_PLACE ? buffer.getLong(base + at) : (long) LONGS.get((byte[]) source, at);
    }

    /** The little-endian 32-bit word at {@code at}. */
    int int32(int at) {
        return IN_PLACE ? buffer.getInt(base + at) : (int) INTS.get((byte[]) source, at);
    }

    /** Q4_K/Q5_K sub-block {@code j}'s packed scale and min from the 12 bytes at {@code at} ({@link KQuantScales}). */
    int scaleMin(int at, int j) {
        return IN_PLACE ? KQuantScales.scaleMin(buffer, base + at, j) : KQuantScales.scaleMin((byte[]) source, at, j);
    }
}
