package dev.llmx.io;

import dev.llmx.LlmxException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArgumentBytesTest {
    private static byte[] cmdline(byte[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            out.writeBytes(e);
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void invalidUtf8InAnArgumentIsAnErrorWithItsOffsetNotAReplacementCharacter() {
        byte[] raw = cmdline(utf8("/usr/bin/java"), utf8("-jar"), utf8("llmx.jar"), utf8("tokenize"),
                new byte[] {'h', 'i', (byte) 0xFF});
        LlmxException e = assertThrows(LlmxException.class,
                () -> ArgumentBytes.decode(new String[] {"tokenize", "hi\uFFFD"}, raw));
        assertEquals("argument 2 ('hi\uFFFD'): invalid UTF-8 at byte offset 2 (byte 0xFF); fix the input (it must be "
                + "UTF-8)", e.getMessage());
    }

    @Test
    void validUtf8IsReadAsUtf8WhateverTheLocaleDecodedItAs() {
        byte[] raw = cmdline(utf8("java"), utf8("tokenize"), utf8("héllo wörld"), new byte[0]);
        // Under LANG=C the JVM hands over replacement characters for every non-ASCII byte.
        assertArrayEquals(new String[] {"tokenize", "héllo wörld", ""},
                ArgumentBytes.decode(new String[] {"tokenize", "h\uFFFD\uFFFDllo w\uFFFD\uFFFDrld", ""}, raw));
    }

    @Test
    void aCommandLineThatDoesNotLineUpLeavesTheArgumentsAlone() {
        byte[] raw = cmdline(utf8("java"), utf8("other"), utf8("h\u00e9"));
        String[] args = {"tokenize", "h\uFFFD"};
        assertArrayEquals(args, ArgumentBytes.decode(args, raw));
    }
}
