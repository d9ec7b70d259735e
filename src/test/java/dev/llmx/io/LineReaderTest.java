package dev.llmx.io;

import dev.llmx.LlmxException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineReaderTest {
    private static List<String> lines(String input) throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        byte[] line;
        while ((line = r.next()) != null) {
            out.add(new String(line, StandardCharsets.UTF_8) + "@" + r.lineNumber() + ":" + r.lineStartOffset());
        }
        return out;
    }

    @Test
    void splitsOnLfAndDropsCrOfCrlf() throws IOException {
        assertEquals(List.of("a@1:0", "b@2:3", "@3:5", "c@4:6"), lines("a\r\nb\n\nc"));
        assertEquals(List.of("a@1:0"), lines("a\n"));
        assertEquals(List.of(), lines(""));
        assertEquals(List.of("@1:0"), lines("\n"));
    }

    @Test
    void longLinesCrossBufferBoundaries() throws IOException {
        String big = "x".repeat(200_000);
        List<String> out = lines(big + "\n" + big);
        assertEquals(2, out.size());
        assertEquals(big + "@1:0", out.get(0));
        assertEquals(big + "@2:200001", out.get(1));
    }

    @Test
    void invalidUtf8NamesTheAbsoluteOffset() {
        byte[] bytes = {'a', 'b', (byte) 0xE2, (byte) 0x28};
        LlmxException e = assertThrows(LlmxException.class, () -> Utf8.decode(bytes, "f.txt line 7", 100, false));
        assertTrue(e.getMessage().startsWith("f.txt line 7: invalid UTF-8 at byte offset 102"), e.getMessage());
        assertEquals("ab\uFFFD(", Utf8.decode(bytes, "f", 0, true));
        assertEquals(8, Utf8.byteLength("a日🤯"));
    }
}
