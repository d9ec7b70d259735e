package dev.llmx.cli.docs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ManPageTest {
    @Test
    void escapesBackslashesAndHyphens() {
        assertEquals("\\-\\-temp a\\eb", ManPage.escape("--temp a\\b"));
    }

    @Test
    void writesNonAsciiAsUnicodeEscapes() {
        assertEquals("a \\[u2192] b\\[u2026] \\[u1F600]", ManPage.escape("a → b… \uD83D\uDE00"));
    }
}
