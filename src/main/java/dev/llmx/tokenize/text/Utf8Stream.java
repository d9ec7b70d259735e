package dev.llmx.tokenize.text;

/**
 * Decodes a stream of bytes as UTF-8, handing out text as soon as it is complete: a character whose bytes are split
 * across pushes is held until its last byte arrives. Malformed input becomes U+FFFD, one per maximal ill-formed
 * subsequence (the Unicode recommendation that Rust's {@code from_utf8_lossy} follows), so decoding in pieces gives
 * exactly what decoding the whole would.
 */
public final class Utf8Stream {
    private final byte[] pending = new byte[4];
    private int pendingLength;

    /** Decodes {@code bytes[from, to)} after what is pending; appends the complete characters to {@code out}. */
    public void push(byte[] bytes, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            push(bytes[i], out);
        }
    }

    private void push(byte b, StringBuilder out) {
        int v = b & 0xFF;
        if (pendingLength == 0) {
            if (v < 0x80) {
                out.append((char) v);
            } else if (expectedLength(v) == 0) {
                out.append('\uFFFD');
            } else {
                pending[pendingLength++] = b;
            }
            return;
        }
        if (!validContinuation(pending[0] & 0xFF, pendingLength, v)) {
            // The sequence so far is a maximal ill-formed subsequence; the new byte starts afresh.
            out.append('\uFFFD');
            pendingLength = 0;
            push(b, out);
            return;
        }
        pending[pendingLength++] = b;
        if (pendingLength == expectedLength(pending[0] & 0xFF)) {
            out.appendCodePoint(decode());
            pendingLength = 0;
        }
    }

    /** Ends the stream: an incomplete character becomes U+FFFD. */
    public void finish(StringBuilder out) {
        if (pendingLength > 0) {
            out.append('\uFFFD');
            pendingLength = 0;
        }
    }

    private static int expectedLength(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 4;
        }
        return 0;
    }

    /** Whether {@code v} may follow {@code have} bytes of a sequence led by {@code lead} (Unicode Table 3-7). */
    private static boolean validContinuation(int lead, int have, int v) {
        if (have == 1) {
            return switch (lead) {
                case 0xE0 -> v >= 0xA0 && v <= 0xBF;
                case 0xED -> v >= 0x80 && v <= 0x9F;
                case 0xF0 -> v >= 0x90 && v <= 0xBF;
                case 0xF4 -> v >= 0x80 && v <= 0x8F;
                default -> v >= 0x80 && v <= 0xBF;
            };
        }
        return v >= 0x80 && v <= 0xBF;
    }

    private int decode() {
        int lead = pending[0] & 0xFF;
        return switch (pendingLength) {
            case 2 -> ((lead & 0x1F) << 6) | (pending[1] & 0x3F);
            case 3 -> ((lead & 0x0F) << 12) | ((pending[1] & 0x3F) << 6) | (pending[2] & 0x3F);
            default -> ((lead & 0x07) << 18) | ((pending[1] & 0x3F) << 12) | ((pending[2] & 0x3F) << 6)
                    | (pending[3] & 0x3F);
        };
    }
}
