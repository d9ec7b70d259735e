package dev.llmx.tokenize.text;

import java.util.Arrays;

/** A growable byte array: where decoders write text. */
public final class ByteBuilder {
    private byte[] bytes;
    private int length;

    public ByteBuilder() {
        this(64);
    }

    public ByteBuilder(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    public void append(int b) {
        ensure(length + 1);
        bytes[length++] = (byte) b;
    }

    public void append(byte[] src) {
        append(src, 0, src.length);
    }

    public void append(byte[] src, int from, int to) {
        int n = to - from;
        ensure(length + n);
        System.arraycopy(src, from, bytes, length, n);
        length += n;
    }

    public int length() {
        return length;
    }

    public byte get(int i) {
        return bytes[i];
    }

    /** Drops the first {@code n} bytes. */
    public void removeFirst(int n) {
        System.arraycopy(bytes, n, bytes, 0, length - n);
        length -= n;
    }

    public void clear() {
        length = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** The internal array (valid up to {@link #length()}). */
    public byte[] array() {
        return bytes;
    }

    private void ensure(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
