package dev.llmx.gguf;

import dev.llmx.LlmxException;
import dev.llmx.render.Units;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.TensorInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the header of a GGUF file (versions 2 and 3, little-endian): magic, version, counts,
 * metadata, tensor infos, alignment and the placement of every tensor in the data section.
 *
 * <p>The input is untrusted. Every count and length is checked against the bytes left in the file and a sane limit
 * before anything is allocated, sizes are computed with overflow checks, and every failure is a one-line
 * {@link LlmxException} naming the field and its offset.
 */
final class GgufReader {
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";

    /** GGML_MAX_DIMS. */
    static final int MAX_DIMS = 4;
    static final long MAX_COUNT = 1 << 20;
    static final long MAX_ARRAY_LENGTH = 1 << 24;
    static final long MAX_STRING_BYTES = 64L << 20;
    static final long MAX_KEY_BYTES = 1 << 16;
    static final long MAX_TENSOR_NAME_BYTES = 1 << 12;
    static final int MAX_ARRAY_NESTING = 4;
    /** Smallest tensor info: name length, no name, n_dims = 0, type, offset. */
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;
    /** Smallest key/value: key length, empty key, type, a one-byte value. */
    private static final int MIN_KV_BYTES = 8 + 4 + 1;

    private final GgufInput in;

    private GgufReader(GgufInput in) {
        this.in = in;
    }

    record Header(int version, GgufMetadata metadata, List<TensorInfo> tensors, int alignment, long dataOffset) {
    }

    static Header read(GgufInput in) {
        return new GgufReader(in).readHeader();
    }

    private Header readHeader() {
        if (in.size() < 4) {
            throw in.fail("not a GGUF file: it is only " + in.size() + " bytes long");
        }
        byte[] magic = in.bytes(4, "magic");
        String magicText = new String(magic, StandardCharsets.ISO_8859_1);
        if (!GgufFile.MAGIC.equals(magicText)) {
            throw in.error(0, "magic", describeMagic(magic));
        }
        long versionOffset = in.position();
        long version = in.u32("version");
        if (version == 1) {
            throw in.error(versionOffset, "version", "GGUF version 1 is not supported (only 2 and 3); re-convert the model with a current llama.cpp");
        }
        if (version != 2 && version != 3) {
            long swapped = Integer.reverseBytes((int) version) & 0xFFFFFFFFL;
            if (swapped >= 1 && swapped <= 3) {
                throw in.error(versionOffset, "version", "this is a big-endian GGUF file, which is not supported; use a little-endian conversion of the model");
            }
            throw in.error(versionOffset, "version", "GGUF version " + version + " is not supported (only 2 and 3)");
        }
        long tensorCountOffset = in.position();
        long tensorCount = in.u64("tensor count");
        long kvCountOffset = in.position();
        long kvCount = in.u64("metadata count");
        checkCount(tensorCount, MIN_TENSOR_INFO_BYTES, tensorCountOffset, "tensor count", "tensors");
        checkCount(kvCount, MIN_KV_BYTES, kvCountOffset, "metadata count", "metadata entries");
        if (tensorCount * MIN_TENSOR_INFO_BYTES + kvCount * MIN_KV_BYTES > in.remaining()) {
            throw in.error(tensorCountOffset, "tensor count", tensorCount + " tensors and " + kvCount
                    + " metadata entries cannot fit in the " + in.remaining() + " bytes left in the file");
        }

        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        int alignment = DEFAULT_ALIGNMENT;
        for (long i = 0; i < kvCount; i++) {
            long keyOffset = in.position();
            String key = new String(readString(MAX_KEY_BYTES, "key of metadata entry #" + i), StandardCharsets.UTF_8);
            long typeOffset = in.position();
            GgufValueType type = valueType(in.u32("type of " + key), typeOffset, "type of " + key);
            GgufValue value = readValue(type, key, 0);
            if (metadata.putIfAbsent(key, value) != null) {
                throw in.error(keyOffset, "metadata key", "duplicate key '" + key + "'");
            }
            if (key.equals(ALIGNMENT_KEY)) {
                alignment = alignment(value, typeOffset);
            }
        }

        List<TensorInfo> tensors = new ArrayList<>();
        List<Long> infoOffsets = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            long infoOffset = in.position();
            String name = new String(readString(MAX_TENSOR_NAME_BYTES, "name of tensor #" + i), StandardCharsets.UTF_8);
            if (seen.putIfAbsent(name, (int) i) != null) {
                throw in.error(infoOffset, "name of tensor #" + i, "duplicate tensor name '" + name + "'");
            }
            tensors.add(readTensorInfo(name, alignment));
            infoOffsets.add(infoOffset);
        }
        long headerEnd = in.position();
        long dataOffset = align(headerEnd, alignment);
        if (dataOffset > in.size() && !tensors.isEmpty()) {
            throw in.error(headerEnd, "data section", "the data section would start at offset " + dataOffset
                    + " (alignment " + alignment + ") but the file ends at " + in.size() + "; the file is truncated");
        }
        long dataSize = Math.max(0, in.size() - dataOffset);
        List<TensorInfo> placed = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            TensorInfo t = tensors.get(i);
            long relative = t.offset();
            if (relative > dataSize || t.byteSize() > dataSize - relative) {
                throw in.error(infoOffsets.get(i), "tensor '" + t.name() + "'", "its " + t.byteSize() + " bytes at data offset "
                        + relative + " extend past the end of the data section (" + dataSize + " bytes); the file is truncated or damaged");
            }
            placed.add(new TensorInfo(t.name(), t.type(), t.shape(), dataOffset + relative, t.byteSize()));
        }
        checkNoOverlap(placed, infoOffsets);
        int versionInt = (int) version;
        return new Header(versionInt, new GgufMetadata(metadata), placed, alignment, dataOffset);
    }

    private static String describeMagic(byte[] magic) {
        String text = new String(magic, StandardCharsets.ISO_8859_1);
        if ("FUGG".equals(text)) {
            return "this is a big-endian GGUF file, which is not supported";
        }
        if ("lmgg".equals(text) || "fmgg".equals(text) || "tjgg".equals(text)) {
            return "this is an old GGML/GGJT model file, which is not supported; convert it to GGUF with llama.cpp";
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : magic) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return "not a GGUF file (it starts with bytes " + hex + ", not 'GGUF')";
    }

    private void checkCount(long count, int minBytes, long offset, String field, String what) {
        if (count < 0 || count > MAX_COUNT) {
            throw in.error(offset, field, Long.toUnsignedString(count) + " " + what + " is more than the limit of " + MAX_COUNT);
        }
        if (count * minBytes > in.remaining()) {
            throw in.error(offset, field, count + " " + what + " cannot fit in the " + in.remaining() + " bytes left in the file");
        }
    }

    private GgufValueType valueType(long id, long offset, String field) {
        GgufValueType type = GgufValueType.byId(id);
        if (type == null) {
            throw in.error(offset, field, "unknown value type id " + id + " (valid ids are 0 to 12)");
        }
        return type;
    }

    /** A length-prefixed string's bytes, its length checked against {@code max} and the file. */
    private byte[] readString(long max, String field) {
        long offset = in.position();
        long length = in.u64(field + " (length)");
        if (length < 0 || length > max) {
            throw in.error(offset, field, "string length " + Long.toUnsignedString(length) + " is more than the limit of "
                    + max + " bytes");
        }
        if (length > in.remaining()) {
            throw in.error(offset, field, "string length " + length + " runs past the end of the file ("
                    + in.remaining() + " bytes left)");
        }
        return in.bytes(length, field);
    }

    private GgufValue readValue(GgufValueType type, String key, int depth) {
        return switch (type) {
            case UINT8 -> GgufValue.integer(type, in.u8(key));
            case INT8 -> GgufValue.integer(type, (byte) in.u8(key));
            case UINT16 -> GgufValue.integer(type, in.u16(key));
            case INT16 -> GgufValue.integer(type, (short) in.u16(key));
            case UINT32 -> GgufValue.integer(type, in.u32(key));
            case INT32 -> GgufValue.integer(type, (int) in.u32(key));
            case UINT64, INT64 -> GgufValue.integer(type, in.u64(key));
            case FLOAT32 -> GgufValue.float32(in.f32(key));
            case FLOAT64 -> GgufValue.float64(in.f64(key));
            case BOOL -> GgufValue.bool(readBool(key));
            case STRING -> GgufValue.stringBytes(readString(MAX_STRING_BYTES, key));
            case ARRAY -> GgufValue.array(readArray(key, depth));
        };
    }

    private boolean readBool(String field) {
        long offset = in.position();
        int b = in.u8(field);
        if (b > 1) {
            throw in.error(offset, field, "a bool must be 0 or 1, not " + b);
        }
        return b == 1;
    }

    private GgufArray readArray(String key, int depth) {
        long typeOffset = in.position();
        GgufValueType element = valueType(in.u32(key + " (array element type)"), typeOffset, key + " (array element type)");
        if (element == GgufValueType.ARRAY && depth + 1 >= MAX_ARRAY_NESTING) {
            throw in.error(typeOffset, key, "arrays nested more than " + MAX_ARRAY_NESTING + " deep");
        }
        long countOffset = in.position();
        long count = in.u64(key + " (array length)");
        if (count < 0 || count > MAX_ARRAY_LENGTH) {
            throw in.error(countOffset, key + " (array length)", "array length " + Long.toUnsignedString(count)
                    + " is more than the limit of " + MAX_ARRAY_LENGTH);
        }
        if (count * element.minBytes() > in.remaining()) {
            throw in.error(countOffset, key + " (array length)", count + " elements of type " + element.shortName()
                    + " cannot fit in the " + in.remaining() + " bytes left in the file");
        }
        int n = (int) count;
        switch (element) {
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.f32(key);
                }
                return GgufArray.ofFloat32(a);
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = in.f64(key);
                }
                return GgufArray.ofFloat64(a);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readBool(key);
                }
                return GgufArray.ofBools(a);
            }
            case STRING -> {
                byte[][] a = new byte[n][];
                for (int i = 0; i < n; i++) {
                    a[i] = readString(MAX_STRING_BYTES, key + "[" + i + "]");
                }
                return GgufArray.ofStringBytes(a);
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readArray(key + "[" + i + "]", depth + 1);
                }
                return GgufArray.ofArrays(a);
            }
            default -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = readValue(element, key, depth).asLong();
                }
                return GgufArray.ofIntegers(element, a);
            }
        }
    }

    /** {@code general.alignment}: a u32 power of two (ggml requires it), at most 1 GiB. */
    private int alignment(GgufValue value, long offset) {
        if (value.type() != GgufValueType.UINT32) {
            throw in.error(offset, ALIGNMENT_KEY, "must be a u32, not " + value.typeName());
        }
        long a = value.asLong();
        if (a == 0 || (a & (a - 1)) != 0 || a > (1L << 30)) {
            throw in.error(offset, ALIGNMENT_KEY, "alignment " + a + " is not a power of two between 1 and 2^30");
        }
        return (int) a;
    }

    private TensorInfo readTensorInfo(String name, int alignment) {
        String what = "tensor '" + name + "'";
        long dimsOffset = in.position();
        long nDims = in.u32(what + " (dimension count)");
        if (nDims > MAX_DIMS) {
            throw in.error(dimsOffset, what + " (dimension count)", nDims + " dimensions; at most " + MAX_DIMS + " are allowed");
        }
        long[] shape = new long[(int) nDims];
        for (int d = 0; d < nDims; d++) {
            long offset = in.position();
            shape[d] = in.u64(what + " (dimension " + d + ")");
            if (shape[d] < 0) {
                throw in.error(offset, what + " (dimension " + d + ")", "dimension " + Long.toUnsignedString(shape[d])
                        + " is negative or larger than 2^63");
            }
        }
        long typeOffset = in.position();
        long typeId = in.u32(what + " (type)");
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw in.error(typeOffset, what + " (type)", "unknown tensor type id " + typeId);
        }
        long offsetOffset = in.position();
        long offset = in.u64(what + " (data offset)");
        if (offset < 0) {
            throw in.error(offsetOffset, what + " (data offset)", "offset " + Long.toUnsignedString(offset)
                    + " is larger than any file");
        }
        if (offset % alignment != 0) {
            throw in.error(offsetOffset, what + " (data offset)", "offset " + offset + " is not a multiple of the alignment "
                    + alignment);
        }
        try {
            return TensorInfo.of(name, type, shape, offset);
        } catch (LlmxException e) {
            throw in.error(dimsOffset, what + " (shape)", e.getMessage());
        }
    }

    private void checkNoOverlap(List<TensorInfo> tensors, List<Long> infoOffsets) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).byteSize() > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingLong(i -> tensors.get(i).offset()));
        for (int k = 1; k < order.size(); k++) {
            TensorInfo previous = tensors.get(order.get(k - 1));
            TensorInfo current = tensors.get(order.get(k));
            if (current.offset() < previous.offset() + previous.byteSize()) {
                throw in.error(infoOffsets.get(order.get(k)), "tensor '" + current.name() + "' (data offset)",
                        "its data (" + Units.bytes(current.byteSize()) + " at offset " + current.offset()
                                + ") overlaps tensor '" + previous.name() + "' (offset " + previous.offset() + ", "
                                + previous.byteSize() + " bytes)");
            }
        }
    }

    static long align(long offset, int alignment) {
        long rem = offset % alignment;
        return rem == 0 ? offset : offset + (alignment - rem);
    }
}
