package dev.llmx.tokenize.tiktoken;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The array path and the heap path of the merger make the same merges on every piece. */
class BytePairMergerTest {
    static List<String> names() {
        return TiktokenEncoding.NAMES;
    }

    private static int[] merge(RankTable ranks, byte[] piece, int largePiece) {
        TokenSink sink = TokenSink.keeping(16);
        new BytePairMerger(ranks, largePiece).encode(piece, 0, piece.length, sink);
        return sink.toEncoded().ids();
    }

    @ParameterizedTest
    @MethodSource("names")
    void bothPathsAgree(String name) {
        RankTable ranks = TiktokenEncoding.load(name).rankTable();
        Random random = new Random(11);
        UnicodeFuzz fuzz = new UnicodeFuzz(12);
        for (int i = 0; i < 3000; i++) {
            byte[] piece;
            switch (i % 3) {
                case 0: // concatenated tokens, some doubled: many merges possible, many ties
                    piece = new byte[0];
                    for (int k = random.nextInt(12); k >= 0; k--) {
                        int r = random.nextInt(ranks.slots());
                        if (ranks.isToken(r)) {
                            byte[] t = ranks.bytes(r);
                            piece = concat(piece, random.nextBoolean() ? t : concat(t, t));
                        }
                    }
                    break;
                case 1: // random bytes, not even UTF-8
                    piece = new byte[1 + random.nextInt(300)];
                    random.nextBytes(piece);
                    break;
                default:
                    piece = fuzz.next(40).getBytes(StandardCharsets.UTF_8);
            }
            if (piece.length == 0) {
                continue;
            }
            byte[] p = piece;
            assertArrayEquals(merge(ranks, piece, Integer.MAX_VALUE), merge(ranks, piece, 0),
                    () -> name + " " + Arrays.toString(p));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
