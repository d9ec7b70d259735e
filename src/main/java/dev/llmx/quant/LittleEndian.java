package dev.llmx.quant;

/** Little-endian stores into byte arrays, the byte order of every GGUF block. */
final class LittleEndian {
    private LittleEndian() {
    }

    static void putShort(byte[] dst, int at, int value) {
        dst[at] = (byte) value;
        dst[at + 1] = (byte) (value >>> 8);
    }

    static void putInt(byte[] dst, int at, int value) {
        dst[at] = (byte) value;
        dst[at + 1] = (byte) (value >>> 8);
        dst[at + 2] = (byte) (value >>> 16);
        dst[at + 3] = (byte) (value >>> 24);
    }

    static int getShort(byte[] src, int at) {
        return (src[at] & 0xFF) | (src[at + 1] & 0xFF) << 8;
    }
}
