package dev.llmx.gguf;

import dev.llmx.LlmxException;
import dev.llmx.render.Units;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Little-endian reads from the start of a file, buffered, with every read checked against the file's size first.
 * Each read names the field it is reading, so that a failure can say which field at which offset is bad.
 */
final class GgufInput {
    private static final int BUFFER = 1 << 16;

    private final FileChannel channel;
    private final long size;
    private final String fileName;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private long bufferStart;
    private long position;

    GgufInput(FileChannel channel, long size, String fileName) {
        this.channel = channel;
        this.size = size;
        this.fileName = fileName;
        buffer.limit(0);
    }

    long position() {
        return position;
    }

    long size() {
        return size;
    }

    long remaining() {
        return size - position;
    }

    /** A one-line error about the field that starts at {@code offset}. */
    LlmxException error(long offset, String field, String problem) {
        return new LlmxException(fileName + ": invalid GGUF at offset " + offset + " (" + field + "): " + problem);
    }

    /** A one-line error about the file as a whole. */
    LlmxException fail(String problem) {
        return new LlmxException(fileName + ": " + problem);
    }

    /** Fails unless {@code n} more bytes exist; {@code n} may be any value a hostile count produced. */
    void require(long n, String field) {
        if (n < 0 || n > remaining()) {
            throw error(position, field, (n < 0 ? "a negative size " + n : "needs " + n + " bytes") + " but the file ends at "
                    + size + " (" + Units.bytes(size) + "); the file is truncated or damaged");
        }
    }

    int u8(String field) {
        fill(1, field);
        int v = buffer.get((int) (position - bufferStart)) & 0xFF;
        position += 1;
        return v;
    }

    int u16(String field) {
        fill(2, field);
        int v = buffer.getShort((int) (position - bufferStart)) & 0xFFFF;
        position += 2;
        return v;
    }

    long u32(String field) {
        fill(4, field);
        long v = buffer.getInt((int) (position - bufferStart)) & 0xFFFFFFFFL;
        position += 4;
        return v;
    }

    /** A 64-bit field; values of 2^63 and above come back negative, which every caller treats as too large. */
    long u64(String field) {
        fill(8, field);
        long v = buffer.getLong((int) (position - bufferStart));
        position += 8;
        return v;
    }

    float f32(String field) {
        return Float.intBitsToFloat((int) u32(field));
    }

    double f64(String field) {
        return Double.longBitsToDouble(u64(field));
    }

    /** Reads {@code n} bytes; the caller has checked {@code n} against its limits, this checks it against the file. */
    byte[] bytes(long n, String field) {
        require(n, field);
        byte[] out = new byte[(int) n];
        int done = 0;
        if (position >= bufferStart && position < bufferStart + buffer.limit()) {
            int inBuffer = (int) Math.min(n, bufferStart + buffer.limit() - position);
            buffer.get((int) (position - bufferStart), out, 0, inBuffer);
            done = inBuffer;
        }
        ByteBuffer rest = ByteBuffer.wrap(out, done, out.length - done);
        try {
            while (rest.hasRemaining()) {
                if (channel.read(rest, position + rest.position()) < 0) {
                    throw error(position, field, "the file ended while reading it (was it changed while being read?)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position += n;
        return out;
    }

    private void fill(int n, String field) {
        require(n, field);
        if (position >= bufferStart && position + n <= bufferStart + buffer.limit()) {
            return;
        }
        buffer.clear();
        bufferStart = position;
        try {
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, bufferStart + buffer.position());
                if (read < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.flip();
        if (buffer.limit() < n) {
            throw error(position, field, "the file ended while reading it (was it changed while being read?)");
        }
    }
}
