package dev.llmx.tokenize.tiktoken;

import dev.llmx.LlmxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build-time tables: deterministic, what the build packaged, and checked when read. */
class RankTableTest {
    static List<String> names() {
        return TiktokenEncoding.NAMES;
    }

    private static byte[] packaged(String name) throws IOException {
        try (InputStream in = RankTableTest.class.getResourceAsStream(TiktokenEncoding.tableResource(name))) {
            assertNotNull(in, "the build wrote " + TiktokenEncoding.tableResource(name));
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void generatorIsDeterministicAndMatchesThePackagedTable(String name) throws IOException {
        byte[] first = RankTableGenerator.generate(name);
        assertArrayEquals(first, RankTableGenerator.generate(name));
        assertArrayEquals(packaged(name), first);
    }

    @Test
    void everyTokenIsFoundAtItsRank() throws IOException {
        RankTable ranks = RankTable.read(new ByteArrayInputStream(packaged("cl100k_base")), "cl100k_base");
        assertEquals(100256, ranks.slots());
        assertEquals(128, ranks.maxTokenLength());
        for (int r = 0; r < ranks.slots(); r++) {
            byte[] token = ranks.bytes(r);
            assertEquals(r, ranks.rank(token, 0, token.length));
            byte[] longer = Arrays.copyOf(token, token.length + 1);
            longer[token.length] = (byte) 0xff; // 0xff never occurs inside a UTF-8 token
            assertTrue(ranks.rank(longer, 0, longer.length) != r);
        }
    }

    @Test
    void damagedTablesAreRejected() throws IOException {
        byte[] good = packaged("r50k_base");
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] hugeSlots = good.clone();
        hugeSlots[RankTable.MAGIC.length + 3] = 0x7f; // slots ~ 2^31
        byte[] badOffsets = good.clone();
        int firstOffset = RankTable.HEADER_BYTES + 256 * 4;
        badOffsets[firstOffset] = 1; // offsets[0] must be 0
        for (byte[] damaged : List.of(badMagic, truncated, trailing, hugeSlots, badOffsets, new byte[3])) {
            LlmxException e = assertThrows(LlmxException.class,
                    () -> RankTable.read(new ByteArrayInputStream(damaged), "test.ranks"));
            assertTrue(e.getMessage().contains("test.ranks is corrupt"), e.getMessage());
        }
    }
}
