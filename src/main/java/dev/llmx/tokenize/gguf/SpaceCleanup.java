package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.text.ByteBuilder;

/**
 * llama.cpp's {@code clean_spaces} pass over decoded text, run as a stream: (1) a space before {@code ? ! . ,} is
 * dropped; (2) {@code " ' "} becomes {@code "'"}; (3) the space before {@code 's 'm 're 've} is dropped. Each pass
 * looks at most three bytes ahead, so each holds back at most that much until more text or the end arrives. Run on
 * a whole text at once it gives what llama.cpp's three in-place loops give.
 */
final class SpaceCleanup {
    private final Pass first = new Pass(1);
    private final Pass second = new Pass(2);
    private final Pass third = new Pass(3);
    private final ByteBuilder between1 = new ByteBuilder();
    private final ByteBuilder between2 = new ByteBuilder();

    void write(byte[] bytes, int from, int to, ByteBuilder out) {
        between1.clear();
        first.write(bytes, from, to, between1, false);
        between2.clear();
        second.write(between1.array(), 0, between1.length(), between2, false);
        third.write(between2.array(), 0, between2.length(), out, false);
    }

    void finish(ByteBuilder out) {
        between1.clear();
        first.write(new byte[0], 0, 0, between1, true);
        between2.clear();
        second.write(between1.array(), 0, between1.length(), between2, true);
        third.write(between2.array(), 0, between2.length(), out, true);
    }

    /** One of the three rewrites, with the bytes it cannot decide yet. */
    private static final class Pass {
        private final int kind;
        private final ByteBuilder pending = new ByteBuilder(8);

        Pass(int kind) {
            this.kind = kind;
        }

        void write(byte[] bytes, int from, int to, ByteBuilder out, boolean end) {
            pending.append(bytes, from, to);
            int i = 0;
            int n = pending.length();
            while (i < n) {
                int decided = decide(i, n, end, out);
                if (decided < 0) {
                    break;
                }
                i = decided;
            }
            pending.removeFirst(i);
        }

        /** Handles the pending byte at {@code i}; returns the next index, or -1 to wait for more bytes. */
        private int decide(int i, int n, boolean end, ByteBuilder out) {
            byte c = pending.get(i);
            if (c != ' ') {
                out.append(c);
                return i + 1;
            }
            switch (kind) {
                case 1 -> {
                    if (i + 1 >= n) {
                        return end ? emit(c, i, out) : -1;
                    }
                    byte x = pending.get(i + 1);
                    return x == '?' || x == '!' || x == '.' || x == ',' ? i + 1 : emit(c, i, out);
                }
                case 2 -> {
                    if (i + 1 >= n) {
                        return end ? emit(c, i, out) : -1;
                    }
                    if (pending.get(i + 1) != '\'') {
                        return emit(c, i, out);
                    }
                    if (i + 2 >= n) {
                        if (!end) {
                            return -1;
                        }
                        out.append(' ');
                        out.append('\'');
                        return i + 2;
                    }
                    if (pending.get(i + 2) == ' ') {
                        out.append('\'');
                        return i + 3;
                    }
                    out.append(' ');
                    out.append('\'');
                    return i + 2;
                }
                default -> {
                    if (i + 1 >= n) {
                        return end ? emit(c, i, out) : -1;
                    }
                    if (pending.get(i + 1) != '\'') {
                        return emit(c, i, out);
                    }
                    if (i + 2 >= n) {
                        return end ? emit(c, i, out) : -1;
                    }
                    byte x1 = pending.get(i + 2);
                    if (x1 == 's' || x1 == 'm') {
                        return i + 1;
                    }
                    if (i + 3 >= n) {
                        return end ? emit(c, i, out) : -1;
                    }
                    byte x2 = pending.get(i + 3);
                    return (x1 == 'r' || x1 == 'v') && x2 == 'e' ? i + 1 : emit(c, i, out);
                }
            }
        }

        private static int emit(byte c, int i, ByteBuilder out) {
            out.append(c);
            return i + 1;
        }
    }
}
