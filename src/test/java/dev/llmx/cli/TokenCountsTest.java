package dev.llmx.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCountsTest {
    @Test
    void countsWithBinarySuffixes() {
        assertEquals(8192, TokenCounts.count("8k", 1, "context"));
        assertEquals(1536, TokenCounts.count("1.5k", 1, "context"));
        assertEquals(1L << 20, TokenCounts.count("1M", 1, "context"));
        assertEquals(100_000, TokenCounts.count("100_000", 1, "context"));
    }

    @Test
    void listsAndRanges() {
        assertEquals(List.of(1024L, 8192L, 131072L), TokenCounts.parseList("1k,8k,128k", 1, "context"));
        assertEquals(List.of(1024L, 2048L, 4096L, 8192L), TokenCounts.parseList("1k..8k", 1, "context"));
        assertEquals(List.of(1000L, 2000L, 3000L), TokenCounts.parseList("1000..3000:1000", 1, "context"));
        assertEquals(List.of(5L, 1024L, 2048L), TokenCounts.parseList("5, 1k..2k", 1, "context"));
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertTrue(message("-5").contains("at least 1"));
        assertTrue(message("0").contains("at least 1"));
        assertTrue(message("8x").contains("is not a context"));
        assertTrue(message("1.3").contains("whole number"));
        assertTrue(message("8k..1k").contains("backwards"));
        assertTrue(message("1,,2").contains("empty entry"));
        assertTrue(message("1..100000000:1").contains("more than"));
    }

    private static String message(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> TokenCounts.parseList(spec, 1, "context"))
                .getMessage();
    }
}
