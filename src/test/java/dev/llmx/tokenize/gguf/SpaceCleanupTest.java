package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.text.ByteBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The streaming clean-up equals llama.cpp's three in-place passes over the whole text, however it is chunked. */
class SpaceCleanupTest {
    @Test
    void streamingEqualsInPlacePassesForAnyChunking() {
        Random random = new Random(3);
        String alphabet = "  ''smrevlt?!.,xd";
        for (int n = 0; n < 20_000; n++) {
            byte[] text = new byte[random.nextInt(14)];
            for (int i = 0; i < text.length; i++) {
                text[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            SpaceCleanup cleanup = new SpaceCleanup();
            ByteBuilder out = new ByteBuilder();
            int pos = 0;
            while (pos < text.length) {
                int len = 1 + random.nextInt(3);
                int end = Math.min(text.length, pos + len);
                cleanup.write(text, pos, end, out);
                pos = end;
            }
            cleanup.finish(out);
            String input = new String(text, StandardCharsets.US_ASCII);
            assertEquals(inPlace(text), new String(out.toByteArray(), StandardCharsets.US_ASCII), "'" + input + "'");
        }
    }

    /** llama.cpp's passes as written there (array rewritten in place, NUL marking the skipped space). */
    private static String inPlace(byte[] original) {
        byte[] t = original.clone();
        int total = t.length;
        int total1 = total;
        total = total > 0 ? 1 : 0;
        for (int i = 1; i < total1; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) {
                total--;
            }
            t[total++] = x;
        }
        int total2 = total;
        total = total > 0 ? 1 : 0;
        for (int i = 1; i < total2; i++) {
            byte x = t[i];
            if (x == '\'' && i + 1 < total2 && t[i - 1] == ' ' && t[i + 1] == ' ') {
                total--;
                t[++i] = 0;
            }
            t[total++] = x;
        }
        int total3 = total;
        total = total > 0 ? 1 : 0;
        for (int i = 1; i < total3; i++) {
            byte x = t[i];
            if (t[i - 1] == ' ' && x == '\'' && i + 1 < total3) {
                byte x1 = t[i + 1];
                if (x1 == 's' || x1 == 'm') {
                    total--;
                } else if (i + 2 < total3) {
                    byte x2 = t[i + 2];
                    if ((x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e')) {
                        total--;
                    }
                }
            }
            t[total++] = x;
        }
        return new String(t, 0, total, StandardCharsets.US_ASCII);
    }
}
