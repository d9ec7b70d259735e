package dev.llmx.quant.model;

import dev.llmx.gguf.GgufWriter;
import dev.llmx.quant.Quantizer;
import dev.llmx.quant.Quantizers;
import dev.llmx.quant.RowWorkers;
import dev.llmx.render.Progress;
import dev.llmx.tensor.GgmlType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A tensor's new bytes, computed while the file is written: rows are decoded, quantized in parallel a chunk at a
 * time and written at their place, so the heap holds one chunk, never the tensor.
 */
final class QuantizingSource implements GgufWriter.TensorSource {
    /** About this many output bytes per chunk: large enough to keep every thread busy, small for the heap. */
    private static final int CHUNK_BYTES = 4 << 20;

    private final SourceTensor tensor;
    private final GgmlType target;
    private final RowWorkers workers;
    private final Progress progress;

    QuantizingSource(SourceTensor tensor, GgmlType target, RowWorkers workers, Progress progress) {
        this.tensor = tensor;
        this.target = target;
        this.workers = workers;
        this.progress = progress;
    }

    @Override
    public void writeTo(FileChannel out, long position, long byteSize) throws IOException {
        Quantizer quantizer = Quantizers.require(target);
        int rowLength = tensor.rowLength();
        int rowBytes = (int) target.bytesFor(rowLength);
        long rows = tensor.rows();
        if (rows * rowBytes != byteSize) {
            throw new IllegalStateException(tensor.name() + ": " + rows + " rows of " + rowBytes + " bytes, expected "
                    + byteSize);
        }
        int chunkRows = (int) Math.max(1, Math.min(rows, CHUNK_BYTES / Math.max(1, rowBytes)));
        byte[] chunk = new byte[chunkRows * rowBytes];
        long sourceRowBytes = tensor.type().bytesFor(rowLength);
        long at = position;
        for (long first = 0; first < rows; first += chunkRows) {
            int count = (int) Math.min(chunkRows, rows - first);
            workers.run(first, count, rowLength, (row, index, buffer) -> {
                tensor.readRow(row, buffer);
                quantizer.quantize(buffer, 0, chunk, index * rowBytes, rowLength);
            });
            ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, count * rowBytes);
            while (bytes.hasRemaining()) {
                at += out.write(bytes, at);
            }
            progress.advance(count * sourceRowBytes);
        }
    }
}
