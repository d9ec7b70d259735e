package dev.llmx.render;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 item 8: tokenize's table of a byte-fallback tokenization shows a lone byte per token through
 * {@link Visible#bytes}; a strict CharsetDecoder per call and an exception per invalid piece made that the slowest
 * part of the command. These tests check the hand-written check agrees with the JDK's strict decoder, and count the
 * bytes a call allocates (a property of the code path, not of the machine's speed).
 */
class VisibleBytesTest {
    @Test
    void agreesWithTheJdksStrictDecoderOnEveryShortSequenceAndRandomLongOnes() {
        byte[] one = new byte[1];
        byte[] two = new byte[2];
        for (int a = 0; a < 256; a++) {
            one[0] = (byte) a;
            assertEquals(jdk(one), Visible.decodeStrict(one), "byte " + a);
            for (int b = 0; b < 256; b++) {
                two[0] = (byte) a;
                two[1] = (byte) b;
                assertEquals(jdk(two), Visible.decodeStrict(two), a + " " + b);
            }
        }
        Random random = new Random(15);
        byte[][] leads = {{(byte) 0xE0}, {(byte) 0xED}, {(byte) 0xEF}, {(byte) 0xF0}, {(byte) 0xF4}, {(byte) 0xF5}};
        for (int i = 0; i < 200_000; i++) {
            byte[] s = new byte[1 + random.nextInt(6)];
            random.nextBytes(s);
            if (i % 2 == 0) {
                s[0] = leads[random.nextInt(leads.length)][0];
                for (int k = 1; k < s.length; k++) {
                    s[k] = (byte) (0x80 | (s[k] & 0x3F) | (random.nextInt(8) == 0 ? 0x40 : 0));
                }
            }
            assertEquals(jdk(s), Visible.decodeStrict(s), java.util.Arrays.toString(s));
        }
        assertEquals("<EF BF>", Visible.bytes(new byte[] {(byte) 0xEF, (byte) 0xBF}));
        assertEquals("a<0x01>·", Visible.bytes(new byte[] {'a', 1, ' '}));
        assertEquals("<0x2028><0x7F><0x9F>", Visible.text("\u2028\u007f\u009f"));
    }

    @Test
    void anInvalidPieceCostsAFewSmallObjectsNotADecoderAndAnException() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] lone = {(byte) 0xC3};
        for (int i = 0; i < 20_000; i++) {
            Visible.bytes(lone); // warm up, so the count below is the steady state
        }
        long thread = Thread.currentThread().getId();
        int calls = 10_000;
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            assertEquals(4, Visible.bytes(lone).length());
        }
        long perCall = (mx.getThreadAllocatedBytes(thread) - before) / calls;
        // A builder and a string: about 100 bytes. A CharsetDecoder, its buffers and an exception with its stack
        // trace were several kilobytes.
        assertTrue(perCall < 400, perCall + " bytes per call");
    }

    private static String jdk(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
