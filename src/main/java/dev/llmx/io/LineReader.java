package dev.llmx.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream line by line as raw bytes, holding one line at a time, so that a 1 GB file can be processed
 * in constant memory. A line ends at LF; a CR before the LF is part of the terminator, not of the line. A last
 * line without terminator is still a line.
 */
public final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long consumed;
    private long lineNumber;
    private long lineStart;
    private boolean eof;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or {@code null} at the end of the stream. */
    public byte[] next() throws IOException {
        byte[] line = new byte[128];
        int length = 0;
        lineStart = consumed;
        while (true) {
            if (position == limit) {
                if (eof || !fill()) {
                    if (length == 0 && consumed == lineStart) {
                        return null;
                    }
                    lineNumber++;
                    return trimCr(line, length);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            if (length + chunk > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
            }
            System.arraycopy(buffer, start, line, length, chunk);
            length += chunk;
            consumed += chunk;
            if (position < limit) {
                position++;
                consumed++;
                lineNumber++;
                return trimCr(line, length);
            }
        }
    }

    /** 1-based number of the line last returned. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Byte offset in the stream where the line last returned starts. */
    public long lineStartOffset() {
        return lineStart;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private static byte[] trimCr(byte[] line, int length) {
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return Arrays.copyOf(line, n);
    }
}
