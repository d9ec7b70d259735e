package dev.llmx.safetensors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.io.AtomicFile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
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

    /**
     * Writes the target: header (with {@code metadata}) and every tensor added; returns its size in bytes. The header
     * is generated twice, once to count its bytes (the file starts with that length) and once into the file: a
     * 500-token run with every probe has 39,000 tensors and a header of megabytes, which held in memory (grown by
     * doubling, then copied into a buffer with its length) took several times its size at once, more than a 32 MiB
     * heap had left beside the run's index: ProbeExportLowHeapTest ran out in one run of five to four, and now runs
     * in 28 MiB (4 of 4; before, 0 of 4).
     */
    public long finish(Map<String, String> metadata) throws IOException {
        finished = true;
        CountingStream counter = new CountingStream();
        writeHeader(metadata, counter);
        long length = counter.count;
        long padded = (length + 7) / 8 * 8;
        data.force(false);
        AtomicFile.write(target, out -> {
            writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).flip());
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
            writeHeader(metadata, file);
            for (long i = length; i < padded; i++) {
                file.write(' ');
            }
            file.flush(); // not closed: the channel is AtomicFile's
            long at = 0;
            while (at < offset) {
                at += data.transferTo(at, offset - at, out);
            }
        });
        return 8L + padded + offset;
    }

    /** The header's JSON, field by field (not built as a tree): a long run has tens of thousands of tensors. */
    private void writeHeader(Map<String, String> metadata, OutputStream to) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(to)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
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
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Counts what is written to it and keeps nothing. */
    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            data.close();
        } finally {
            Files.deleteIfExists(dataFile);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
