package dev.llmx.safetensors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.io.AtomicFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a safetensors file whose tensors arrive one at a time and are not known in advance (a forward pass's probes,
 * step after step), without holding them in memory. A safetensors file starts with its JSON header (every tensor's
 * name, dtype, shape and byte range), so the tensor bytes go to a temporary data file next to the target as they
 * come, only their descriptions are kept, and {@link #finish} writes header + data to the target atomically. Until
 * then the target is untouched; {@link #close} without {@code finish} removes the temporary file.
 *
 * <p>Format (huggingface/safetensors): 8 bytes little-endian header length N, N bytes of UTF-8 JSON
 * {@code {"__metadata__": {str: str}, NAME: {"dtype", "shape", "data_offsets": [begin, end]}, …}} (offsets relative to
 * the data start), padded with spaces to a multiple of 8, then the data. Only F32 is written.
 */
public final class SafetensorsStreamWriter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 1 << 20;

    /** One tensor as the header describes it. */
    public record Written(String name, long[] shape, long begin, long end) {
    }

    private final Path target;
    private final Path dataFile;
    private final FileChannel data;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final List<Written> written = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private long offset;
    private boolean finished;

    /** Starts a file at {@code target}; fails with one line when its folder does not exist or is not writable. */
    public SafetensorsStreamWriter(Path target) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new LlmxException("cannot write " + target + ": it is a folder");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new LlmxException("cannot write " + target + ": folder " + dir + " does not exist");
        }
        this.target = target;
        this.dataFile = dir.resolve("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".data.tmp");
        try {
            this.data = FileChannel.open(dataFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
        } catch (IOException e) {
            throw new LlmxException("cannot write " + target + ": " + reason(e));
        }
    }

    /** Appends the tensor {@code name}: the first {@code product(shape)} values of {@code values}, as F32. */
    public Written add(String name, long[] shape, float[] values) throws IOException {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        if (name.equals("__metadata__") || !names.add(name)) {
            throw new IllegalArgumentException("tensor name " + name + " is taken");
        }
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        if (count > values.length) {
            throw new IllegalArgumentException(count + " values for shape of " + name + ", only " + values.length);
        }
        long begin = offset;
        for (int i = 0; i < count; ) {
            buffer.clear();
            int n = (int) Math.min(count - i, buffer.capacity() / 4);
            buffer.asFloatBuffer().put(values, i, n);
            buffer.limit(4 * n);
            while (buffer.hasRemaining()) {
                data.write(buffer);
            }
            i += n;
        }
        offset += 4 * count;
        Written w = new Written(name, shape.clone(), begin, offset);
        written.add(w);
        return w;
    }

    public List<Written> written() {
        return List.copyOf(written);
    }

    /** Bytes of tensor data written so far. */
    public long dataBytes() {
        return offset;
    }

    /** Writes the target: header (with {@code metadata}) and every tensor added; returns its size in bytes. */
    public long finish(Map<String, String> metadata) throws IOException {
        finished = true;
        // Written field by field (not built as a tree): a long run has tens of thousands of tensors.
        HeaderBytes headerBytes = new HeaderBytes();
        try (JsonGenerator g = JSON.getFactory().createGenerator(headerBytes)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart("__metadata__");
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            for (Written w : written) {
                g.writeObjectFieldStart(w.name());
                g.writeStringField("dtype", "F32");
                g.writeArrayFieldStart("shape");
                for (long d : w.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(w.begin());
                g.writeNumber(w.end());
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        int length = headerBytes.size();
        int padded = (length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).flip();
        ByteBuffer padding = ByteBuffer.allocate(padded - length);
        while (padding.hasRemaining()) {
            padding.put((byte) ' ');
        }
        padding.flip();
        data.force(false);
        AtomicFile.write(target, out -> {
            writeFully(out, prefix);
            // The header where the generator left it, a slice at a time: no copy of its megabytes on the heap, and
            // the JDK's temporary direct buffer for a heap write stays a slice's size.
            for (int from = 0; from < length; from += BUFFER) {
                writeFully(out, headerBytes.slice(from, Math.min(BUFFER, length - from)));
            }
            writeFully(out, padding);
            long at = 0;
            while (at < offset) {
                at += data.transferTo(at, offset - at, out);
            }
        });
        return 8L + padded + offset;
    }

    @Override
    public void close() throws IOException {
        try {
            data.close();
        } finally {
            Files.deleteIfExists(dataFile);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /**
     * The header's JSON as the generator writes it, read back where it lies. A run of 500 tokens with every probe
     * has 39,000 tensors, a 4 MB header: copied out of the stream and again into a buffer with its length, it took
     * three times that at once, which in a 32 MiB heap (ProbeExportLowHeapTest) ran out now and then.
     */
    private static final class HeaderBytes extends ByteArrayOutputStream {
        HeaderBytes() {
            super(1 << 16);
        }

        ByteBuffer slice(int from, int length) {
            return ByteBuffer.wrap(buf, from, length);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
