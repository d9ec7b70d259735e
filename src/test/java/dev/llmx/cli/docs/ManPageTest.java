package dev.llmx.cli.docs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ManPageTest {
    @Test
    void escapesBackslashesAndHyphens() {
        assertEquals("\\-\\-temp a\\eb", ManPage.escape("--temp a\\b"));
    }
}
