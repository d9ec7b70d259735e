package dev.llmx.render;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    private static String run(boolean stderrTty) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal t = new Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), err, false,
                false, stderrTty, true, 80);
        try (Progress p = Progress.bytesWithoutQuietPeriod(t, "loading", 1 << 20)) {
            p.advance(1 << 19);
            assertEquals(1 << 19, p.done());
        }
        t.err().flush();
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void silentWhenStandardErrorIsNotATerminal() {
        assertEquals("", run(false));
    }

    @Test
    void drawsInPlaceAndErasesItselfOnATerminal() {
        String out = run(true);
        assertTrue(out.startsWith("\rloading  "), out);
        assertTrue(out.contains(" 50%  512 KiB / 1.00 MiB"), out);
        assertTrue(out.endsWith("\r\u001b[K"), "erased at the end");
    }
}
