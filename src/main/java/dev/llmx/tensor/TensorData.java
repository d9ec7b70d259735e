package dev.llmx.tensor;

import dev.llmx.LlmxException;
import dev.llmx.render.Units;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The bytes of one tensor, memory-mapped and never copied onto the heap.
 *
 * <p>A JDK 17 {@link java.nio.MappedByteBuffer} is indexed by {@code int}, so it covers at most 2 GiB. A tensor is
 * therefore mapped as consecutive windows of whole rows, each at most {@link #DEFAULT_WINDOW} bytes: every row lies
 * inside one window, and a kernel reads a row as (window, offset) without caring how many windows there are.
 */
public final class TensorData {
    /** Largest window mapped at once: well under 2 GiB, and large enough that real tensors need few windows. */
    public static final long DEFAULT_WINDOW = 1L << 30;

    private final ByteBuffer[] windows;
    private final long rows;
    private final int rowBytes;
    private final long rowsPerWindow;

    private TensorData(ByteBuffer[] windows, long rows, int rowBytes, long rowsPerWindow) {
        this.windows = windows;
        this.rows = rows;
        this.rowBytes = rowBytes;
        this.rowsPerWindow = rowsPerWindow;
    }

    /** Maps the rows of {@code info} from {@code channel} read-only, in windows of at most {@code maxWindow} bytes. */
    public static TensorData map(FileChannel channel, TensorInfo info, long maxWindow) {
        long rows = info.rows();
        if (rows == 0) {
            return new TensorData(new ByteBuffer[0], 0, 0, 1);
        }
        int rowBytes = checkedRowBytes(info, maxWindow);
        long rowsPerWindow = Math.max(1, maxWindow / rowBytes);
        int windowCount = (int) ((rows + rowsPerWindow - 1) / rowsPerWindow);
        ByteBuffer[] windows = new ByteBuffer[windowCount];
        try {
            for (int w = 0; w < windowCount; w++) {
                long firstRow = w * rowsPerWindow;
                long windowRows = Math.min(rowsPerWindow, rows - firstRow);
                windows[w] = channel.map(FileChannel.MapMode.READ_ONLY, info.offset() + firstRow * rowBytes,
                        windowRows * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TensorData(windows, rows, rowBytes, rowsPerWindow);
    }

    /**
     * The rows of {@code parts}, one after another, as one tensor's data: the windows stay where they are mapped (no
     * bytes are copied), so Hugging Face's separate expert matrices serve as llama.cpp's one 3-D expert tensor.
     * Every part must be one window of the same row count and row size (an expert matrix under 1 GiB).
     */
    public static TensorData stack(TensorData[] parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("nothing to stack");
        }
        TensorData first = parts[0];
        ByteBuffer[] windows = new ByteBuffer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            TensorData p = parts[i];
            if (p.windows.length != 1 || p.rows != first.rows || p.rowBytes != first.rowBytes) {
                throw new IllegalArgumentException("stacked parts must be single windows of " + first.rows
                        + " rows of " + first.rowBytes + " bytes");
            }
            windows[i] = p.windows[0];
        }
        return new TensorData(windows, first.rows * parts.length, first.rowBytes, first.rows);
    }

    /** Tensor bytes already in memory (tests, freshly computed tensors): one window. */
    public static TensorData wrap(ByteBuffer bytes, TensorInfo info) {
        long rows = info.rows();
        int rowBytes = rows == 0 ? 0 : checkedRowBytes(info, Integer.MAX_VALUE);
        if ((long) rowBytes * rows > bytes.remaining()) {
            throw new IllegalArgumentException("buffer holds " + bytes.remaining() + " bytes, tensor needs "
                    + (long) rowBytes * rows);
        }
        ByteBuffer window = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new TensorData(new ByteBuffer[] {window}, rows, rowBytes, Math.max(1, rows));
    }

    private static int checkedRowBytes(TensorInfo info, long maxWindow) {
        long rowBytes = info.rowBytes();
        // Rows are decoded into float arrays, so their length must also fit in an int.
        if (rowBytes > maxWindow || rowBytes > Integer.MAX_VALUE || info.rowLength() > Integer.MAX_VALUE - 8) {
            throw new LlmxException("tensor '" + info.name() + "' has rows of " + Units.bytes(rowBytes)
                    + "; rows larger than " + Units.bytes(Math.min(maxWindow, Integer.MAX_VALUE)) + " are not supported");
        }
        return (int) rowBytes;
    }

    public long rows() {
        return rows;
    }

    public int rowBytes() {
        return rowBytes;
    }

    /** The buffer (little-endian, read-only) that holds row {@code row}; index it from {@link #rowOffset}. */
    public ByteBuffer rowBuffer(long row) {
        checkRow(row);
        return windows[(int) (row / rowsPerWindow)];
    }

    /** Where row {@code row} starts inside {@link #rowBuffer}. */
    public int rowOffset(long row) {
        checkRow(row);
        return (int) ((row % rowsPerWindow) * rowBytes);
    }

    /** Writes all the tensor's bytes to {@code out} at {@code position} (for writers that copy tensors). */
    public void copyTo(FileChannel out, long position) throws IOException {
        long at = position;
        for (int w = 0; w < windows.length; w++) {
            long windowRows = Math.min(rowsPerWindow, rows - w * rowsPerWindow);
            ByteBuffer src = windows[w].duplicate();
            src.position(0).limit((int) (windowRows * rowBytes));
            while (src.hasRemaining()) {
                at += out.write(src, at);
            }
        }
    }

    /** Number of mapped windows (1 for tensors up to the window size). */
    public int windowCount() {
        return windows.length;
    }

    private void checkRow(long row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
    }
}
