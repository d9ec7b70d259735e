package dev.llmx.gguf;

import dev.llmx.io.AtomicFile;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes GGUF version 3 files laid out as llama.cpp writes them: header, metadata, tensor infos, padding to the
 * alignment, then each tensor's data padded to the alignment, in the order the tensors were added.
 *
 * <p>llama.cpp's conventions are kept: {@code general.architecture} is required and written first;
 * {@code general.quantization_version} (2) is added when a tensor is quantized and the key is missing;
 * {@code general.file_type} is added, from the type most weight bytes use, when missing (callers that know the
 * recipe, such as quantize, set it themselves). The file appears atomically: it is written next to the target and
 * renamed over it, so a failed or interrupted write never leaves a half file under the target's name.
 */
public final class GgufWriter {
    public static final String ARCHITECTURE_KEY = "general.architecture";
    public static final String FILE_TYPE_KEY = "general.file_type";
    public static final String QUANTIZATION_VERSION_KEY = "general.quantization_version";
    /** GGML_QNT_VERSION: the bit layout of the quantized types this writer's blocks follow. */
    public static final int QUANTIZATION_VERSION = 2;

    /** Where a tensor's bytes come from when the file is written. */
    @FunctionalInterface
    public interface TensorSource {
        /** Writes exactly {@code byteSize} bytes to {@code out} at {@code position}. */
        void writeTo(FileChannel out, long position, long byteSize) throws IOException;

        static TensorSource of(ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            return (out, position, byteSize) -> {
                if (copy.remaining() != byteSize) {
                    throw new IllegalArgumentException("tensor data is " + copy.remaining() + " bytes, expected " + byteSize);
                }
                ByteBuffer src = copy.duplicate();
                long at = position;
                while (src.hasRemaining()) {
                    at += out.write(src, at);
                }
            };
        }

        /** The bytes of an existing tensor (a mapped file's, for example). */
        static TensorSource of(Tensor tensor) {
            return (out, position, byteSize) -> tensor.data().copyTo(out, position);
        }

        /** All zeros, written as a hole: a sparse file costs no disk for it (for tests of very large files). */
        static TensorSource zeros() {
            return (out, position, byteSize) -> { };
        }
    }

    private record Pending(String name, GgmlType type, long[] shape, long byteSize, TensorSource source) {
    }

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Pending> tensors = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    public GgufWriter put(String key, GgufValue value) {
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.string(value));
    }

    public GgufWriter putUint32(String key, long value) {
        return put(key, GgufValue.uint32(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.float32(value));
    }

    /** Copies every key of {@code source} in its order. */
    public GgufWriter putAll(GgufMetadata source) {
        source.asMap().forEach(this::put);
        return this;
    }

    /**
     * Adds a tensor; {@code shape} is in ggml order (row length first). Its size is computed from type and shape, and
     * the source must supply exactly that many bytes.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, TensorSource source) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate tensor name " + name);
        }
        if (shape.length > GgufReader.MAX_DIMS) {
            throw new IllegalArgumentException("tensor " + name + " has " + shape.length + " dimensions; GGUF allows 4");
        }
        TensorInfo info = TensorInfo.of(name, type, shape, 0);
        tensors.add(new Pending(name, type, shape.clone(), info.byteSize(), source));
        return this;
    }

    /** Copies a tensor of an open model under its own name. */
    public GgufWriter addTensor(Tensor tensor) {
        return addTensor(tensor.name(), tensor.type(), tensor.info().shape(), TensorSource.of(tensor));
    }

    /** Writes the file atomically to {@code target}. */
    public void write(Path target) throws IOException {
        Map<String, GgufValue> finalMetadata = withConventions();
        int alignment = alignmentOf(finalMetadata);

        long[] offsets = new long[tensors.size()];
        long dataSize = 0;
        for (int i = 0; i < tensors.size(); i++) {
            offsets[i] = dataSize;
            dataSize = Math.addExact(dataSize, GgufReader.align(tensors.get(i).byteSize(), alignment));
        }
        byte[] header = header(finalMetadata, offsets);
        long dataOffset = GgufReader.align(header.length, alignment);
        long total = Math.addExact(dataOffset, dataSize);

        AtomicFile.write(target, out -> {
            writeFully(out, ByteBuffer.wrap(header), 0);
            for (int i = 0; i < tensors.size(); i++) {
                Pending t = tensors.get(i);
                t.source().writeTo(out, dataOffset + offsets[i], t.byteSize());
            }
            // Padding and sparse tensors are holes, which read as zeros; make sure the file has its full length.
            if (out.size() < total) {
                writeFully(out, ByteBuffer.wrap(new byte[1]), total - 1);
            }
        });
    }

    private Map<String, GgufValue> withConventions() {
        GgufValue architecture = metadata.get(ARCHITECTURE_KEY);
        if (architecture == null || architecture.type() != GgufValueType.STRING) {
            throw new IllegalStateException("a GGUF file needs a string " + ARCHITECTURE_KEY);
        }
        Map<String, GgufValue> out = new LinkedHashMap<>();
        out.put(ARCHITECTURE_KEY, architecture);
        out.putAll(metadata);
        boolean quantized = tensors.stream().anyMatch(t -> t.type().isQuantized());
        if (quantized && !out.containsKey(QUANTIZATION_VERSION_KEY)) {
            out.put(QUANTIZATION_VERSION_KEY, GgufValue.uint32(QUANTIZATION_VERSION));
        }
        if (!out.containsKey(FILE_TYPE_KEY)) {
            LlamaFileType fileType = LlamaFileType.forMainType(dominantWeightType());
            if (fileType != null) {
                out.put(FILE_TYPE_KEY, GgufValue.uint32(fileType.id()));
            }
        }
        return out;
    }

    /** The type holding the most bytes among tensors of two or more dimensions (norms and biases do not count). */
    private GgmlType dominantWeightType() {
        Map<GgmlType, Long> bytes = new EnumMap<>(GgmlType.class);
        for (Pending t : tensors) {
            if (t.shape().length >= 2) {
                bytes.merge(t.type(), t.byteSize(), Long::sum);
            }
        }
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(GgmlType.F32);
    }

    private static int alignmentOf(Map<String, GgufValue> metadata) {
        GgufValue a = metadata.get(GgufReader.ALIGNMENT_KEY);
        if (a == null) {
            return GgufReader.DEFAULT_ALIGNMENT;
        }
        long v = a.type() == GgufValueType.UINT32 ? a.asLong() : 0;
        if (v == 0 || (v & (v - 1)) != 0 || v > (1L << 30)) {
            throw new IllegalStateException(GgufReader.ALIGNMENT_KEY + " must be a u32 power of two, not " + a);
        }
        return (int) v;
    }

    private byte[] header(Map<String, GgufValue> metadata, long[] offsets) {
        LittleEndianBytes out = new LittleEndianBytes();
        out.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        out.u32(3);
        out.u64(tensors.size());
        out.u64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
            out.string(e.getKey().getBytes(StandardCharsets.UTF_8));
            out.u32(e.getValue().type().id());
            value(out, e.getValue());
        }
        for (int i = 0; i < tensors.size(); i++) {
            Pending t = tensors.get(i);
            out.string(t.name().getBytes(StandardCharsets.UTF_8));
            out.u32(t.shape().length);
            for (long d : t.shape()) {
                out.u64(d);
            }
            out.u32(t.type().id());
            out.u64(offsets[i]);
        }
        return out.toByteArray();
    }

    private static void value(LittleEndianBytes out, GgufValue v) {
        switch (v.type()) {
            case UINT8, INT8, BOOL -> out.u8(v.type() == GgufValueType.BOOL ? (v.asBoolean() ? 1 : 0) : (int) v.asLong());
            case UINT16, INT16 -> out.u16((int) v.asLong());
            case UINT32, INT32 -> out.u32(v.asLong());
            case UINT64, INT64 -> out.u64(v.asLong());
            case FLOAT32 -> out.u32(Float.floatToRawIntBits((float) v.asDouble()));
            case FLOAT64 -> out.u64(Double.doubleToRawLongBits(v.asDouble()));
            case STRING -> out.string(v.asStringBytes());
            case ARRAY -> array(out, v.asArray());
        }
    }

    private static void array(LittleEndianBytes out, GgufArray a) {
        out.u32(a.elementType().id());
        out.u64(a.length());
        for (int i = 0; i < a.length(); i++) {
            switch (a.elementType()) {
                case UINT8, INT8 -> out.u8((int) a.getLong(i));
                case BOOL -> out.u8(a.getBool(i) ? 1 : 0);
                case UINT16, INT16 -> out.u16((int) a.getLong(i));
                case UINT32, INT32 -> out.u32(a.getLong(i));
                case UINT64, INT64 -> out.u64(a.getLong(i));
                case FLOAT32 -> out.u32(Float.floatToRawIntBits((float) a.getDouble(i)));
                case FLOAT64 -> out.u64(Double.doubleToRawLongBits(a.getDouble(i)));
                case STRING -> out.string(a.getStringBytes(i));
                case ARRAY -> array(out, a.getArray(i));
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += out.write(src, at);
        }
    }

    /** A growable little-endian byte buffer for the header. */
    private static final class LittleEndianBytes extends ByteArrayOutputStream {
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void u8(int v) {
            write(v);
        }

        void u16(int v) {
            scratch.clear();
            scratch.putShort((short) v);
            write(scratch.array(), 0, 2);
        }

        void u32(long v) {
            scratch.clear();
            scratch.putInt((int) v);
            write(scratch.array(), 0, 4);
        }

        void u64(long v) {
            scratch.clear();
            scratch.putLong(v);
            write(scratch.array(), 0, 8);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void string(byte[] utf8) {
            u64(utf8.length);
            bytes(utf8);
        }
    }
}
