package dev.llmx.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.render.Units;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorData;
import dev.llmx.tensor.TensorInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header describing each tensor
 * (dtype, shape, byte range), then the tensor bytes, which stay in the file and are memory-mapped on demand.
 *
 * <p>The header is untrusted: its length is capped, every tensor's byte range is checked to match its dtype and shape
 * (overflow-checked), and the ranges must tile the data section exactly — in bounds, contiguous, no overlaps, no
 * trailing bytes — as the reference implementation requires. Failures are one-line {@link LlmxException}s naming the
 * tensor and field.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Largest header accepted (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Duplicate keys would let two entries claim one name; the reference implementation rejects them too. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A tensor as the file describes it; {@code info} has the ggml-order shape and absolute offsets. */
    public record Entry(String name, SafetensorsDtype dtype, long[] safetensorsShape, TensorInfo info) {
    }

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final Map<String, String> metadata;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path path, FileChannel channel, long fileSize, Map<String, String> metadata,
                            Map<String, Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return read(path, channel);
        } catch (RuntimeException | Error e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // reading failed already; that is the error to report
            }
            throw e;
        }
    }

    private static SafetensorsFile read(Path path, FileChannel channel) {
        String file = path.getFileName().toString();
        long size;
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try {
            size = channel.size();
            if (size < 8) {
                throw new LlmxException(file + ": not a safetensors file: it is only " + size + " bytes long");
            }
            readFully(channel, lengthBytes, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw error(file, 0, "header length", Long.toUnsignedString(headerLength) + " bytes is more than the limit of "
                    + MAX_HEADER_BYTES + " (this is not a safetensors file, or it is damaged)");
        }
        if (headerLength > size - 8) {
            throw error(file, 0, "header length", headerLength + " bytes runs past the end of the file (" + size
                    + " bytes); the file is truncated");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLength);
        try {
            readFully(channel, header, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(header.array());
        } catch (JsonProcessingException e) {
            throw error(file, 8, "header", "not valid JSON: " + shortJsonMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw error(file, 8, "header", "must be a JSON object of tensors");
        }
        long dataStart = 8 + headerLength;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, long[]> ranges = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals("__metadata__")) {
                readMetadata(file, field.getValue(), metadata);
                continue;
            }
            long[] range = new long[2];
            Entry entry = readEntry(file, field.getKey(), field.getValue(), dataStart, range);
            entries.put(entry.name(), entry);
            ranges.put(entry.name(), range);
        }
        checkTiling(file, ranges, dataStart, dataSize);
        return new SafetensorsFile(path, channel, size, metadata, entries);
    }

    private static void readMetadata(String file, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) {
            throw error(file, 8, "__metadata__", "must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw error(file, 8, "__metadata__." + e.getKey(), "must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static Entry readEntry(String file, String name, JsonNode node, long dataStart, long[] range) {
        String what = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw error(file, 8, what, "must be an object with dtype, shape and data_offsets");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw error(file, 8, what + " dtype", "missing or not a string");
        }
        SafetensorsDtype dtype = SafetensorsDtype.byName(dtypeNode.textValue());
        if (dtype == null) {
            throw error(file, 8, what + " dtype", "dtype " + dtypeNode.textValue()
                    + " is not supported (llmx reads F32, F16, BF16, F64, I8, I16, I32, I64)");
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() > 8) {
            throw error(file, 8, what + " shape", "missing, not an array, or more than 8 dimensions");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegativeLong(file, what + " shape[" + i + "]", shapeNode.get(i));
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw error(file, 8, what + " data_offsets", "must be an array [begin, end]");
        }
        long begin = nonNegativeLong(file, what + " data_offsets[0]", offsets.get(0));
        long end = nonNegativeLong(file, what + " data_offsets[1]", offsets.get(1));
        if (end < begin) {
            throw error(file, dataStart + begin, what + " data_offsets", "end " + end + " is before begin " + begin);
        }
        try {
            TensorInfo.elementsOf(shape);
        } catch (LlmxException e) {
            throw error(file, dataStart + begin, what + " shape", e.getMessage());
        }
        long[] ggmlShape = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            ggmlShape[i] = shape[shape.length - 1 - i];
        }
        TensorInfo info;
        try {
            info = TensorInfo.of(name, dtype.ggmlType(), ggmlShape, dataStart + begin);
        } catch (LlmxException e) {
            throw error(file, dataStart + begin, what + " shape", e.getMessage());
        }
        if (info.byteSize() != end - begin) {
            throw error(file, dataStart + begin, what + " data_offsets", "[" + begin + ", " + end + "] holds "
                    + (end - begin) + " bytes but " + dtype + " " + java.util.Arrays.toString(shape) + " needs "
                    + info.byteSize());
        }
        range[0] = begin;
        range[1] = end;
        return new Entry(name, dtype, shape, info);
    }

    private static long nonNegativeLong(String file, String field, JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw error(file, 8, field, "must be a non-negative integer, not " + n);
        }
        return n.longValue();
    }

    /** The byte ranges must cover [0, dataSize) exactly: in order, without gaps, overlaps or trailing bytes. */
    private static void checkTiling(String file, Map<String, long[]> ranges, long dataStart, long dataSize) {
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(ranges.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> e.getValue()[0])
                .thenComparingLong(e -> e.getValue()[1]));
        long expected = 0;
        String previous = null;
        for (Map.Entry<String, long[]> e : sorted) {
            long begin = e.getValue()[0];
            long end = e.getValue()[1];
            if (end > dataSize) {
                throw error(file, dataStart + begin, "tensor '" + e.getKey() + "' data_offsets", "[" + begin + ", " + end
                        + "] runs past the end of the data section (" + dataSize + " bytes); the file is truncated or damaged");
            }
            if (begin < expected) {
                throw error(file, dataStart + begin, "tensor '" + e.getKey() + "' data_offsets", "[" + begin + ", " + end
                        + "] overlaps tensor '" + previous + "', which ends at " + expected);
            }
            if (begin > expected) {
                throw error(file, dataStart + expected, "tensor '" + e.getKey() + "' data_offsets", "leaves a gap of "
                        + (begin - expected) + " bytes before it (tensor data must be contiguous)");
            }
            expected = end;
            previous = e.getKey();
        }
        if (expected != dataSize) {
            throw error(file, dataStart + expected, "data section", (dataSize - expected) + " bytes after the last tensor ("
                    + Units.bytes(dataSize) + " of data, tensors cover " + expected + ")");
        }
    }

    /** Jackson's message without its location appendix (which names no useful source here). */
    static String shortJsonMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage().lines().findFirst().orElse("");
        int cut = m.indexOf(" (start marker at");
        m = cut >= 0 ? m.substring(0, cut) : m;
        var at = e.getLocation();
        return at != null && at.getLineNr() > 0 ? m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : m;
    }

    private static LlmxException error(String file, long offset, String field, String problem) {
        return new LlmxException(file + ": invalid safetensors at offset " + offset + " (" + field + "): " + problem);
    }

    private static void readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new LlmxException("unexpected end of file");
            }
            at += n;
        }
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    /** The string pairs of {@code __metadata__}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensors in header order. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<Entry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public Tensor tensor(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new LlmxException(path.getFileName() + " has no tensor named '" + name + "'");
        }
        return new Tensor(e.info(), TensorData.map(channel, e.info(), TensorData.DEFAULT_WINDOW));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only; mappings outlive the channel
        }
    }
}
