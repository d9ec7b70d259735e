package dev.llmx.gguf;

import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorData;
import dev.llmx.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files and tensors beyond what one JDK 17 buffer can index (2 GiB): a 3 GiB sparse GGUF (it costs no disk) whose
 * tensors lie past 2 GiB are opened, and rows on both sides of every window border read correctly.
 */
class LargeGgufTest {
    private static final long ROW = 1024;
    private static final long ROWS = 786_432; // 1024 × 786432 × 4 bytes = 3 GiB

    @TempDir
    Path dir;

    @Test
    void tensorsBeyondTwoGibReadCorrectly() throws IOException {
        float[] lastRow = ramp(ROW, 0.25f);
        float[] tail = ramp(256, -1f);
        GgufWriter w = new GgufWriter().putString("general.architecture", "llama");
        // Only the last row of the big tensor is written; the rest is a hole of zeros.
        w.addTensor("big.weight", GgmlType.F32, new long[] {ROW, ROWS}, (out, position, size) -> {
            ByteBuffer row = floats(lastRow);
            long at = position + size - ROW * 4;
            while (row.hasRemaining()) {
                at += out.write(row, at);
            }
        });
        w.addTensor("after.weight", GgmlType.F32, new long[] {256}, GgufWriter.TensorSource.of(floats(tail)));
        Path p = dir.resolve("big.gguf");
        w.write(p);
        assertTrue(Files.size(p) > 3L << 30, "the file is over 3 GiB");

        try (GgufFile f = GgufFile.open(p)) {
            Tensor big = f.tensor("big.weight");
            assertEquals(3, big.data().windowCount(), "three 1 GiB windows");
            assertArrayEquals(lastRow, big.dequantizeRow(ROWS - 1), "last row, ~3 GiB into the file");
            assertArrayEquals(new float[(int) ROW], big.dequantizeRow(ROWS / 3 * 2), "a row past 2 GiB");
            Tensor after = f.tensor("after.weight");
            assertTrue(after.info().offset() > 3L << 30);
            assertArrayEquals(tail, after.dequantizeRow(0), "a tensor that starts past 3 GiB");
        }
    }

    /** Small windows make a small file cross window borders, so every row offset computation is exercised. */
    @Test
    void rowsReadTheSameThroughAnyWindowSize() throws IOException {
        Path p = TestModels.writeSmallGguf(dir);
        try (GgufFile f = GgufFile.open(p)) {
            Tensor whole = f.tensor("blk.0.attn_q.weight", TensorData.DEFAULT_WINDOW);
            for (long window : new long[] {34, 68, 34 * 5, 34 * 16}) {
                Tensor windowed = f.tensor("blk.0.attn_q.weight", window);
                assertEquals((16 + window / 34 - 1) / (window / 34), windowed.data().windowCount());
                for (long r = 0; r < 16; r++) {
                    assertArrayEquals(whole.dequantizeRow(r), windowed.dequantizeRow(r), "row " + r + ", window " + window);
                }
            }
        }
    }

    private static float[] ramp(long n, float step) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * step;
        }
        return v;
    }

    private static ByteBuffer floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.flip();
    }
}
