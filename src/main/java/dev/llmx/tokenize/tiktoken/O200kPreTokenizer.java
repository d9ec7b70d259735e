package dev.llmx.tokenize.tiktoken;

import static dev.llmx.tokenize.tiktoken.CharClass.LETTER;
import static dev.llmx.tokenize.tiktoken.CharClass.LOWERISH;
import static dev.llmx.tokenize.tiktoken.CharClass.NEWLINE;
import static dev.llmx.tokenize.tiktoken.CharClass.NUMBER;
import static dev.llmx.tokenize.tiktoken.CharClass.SPACE;
import static dev.llmx.tokenize.tiktoken.CharClass.UPPERISH;

/**
 * The pre-tokenizer of o200k_base, by hand. jtokkit 1.1.0 joins these alternatives with {@code |} and compiles them
 * with {@code UNICODE_CHARACTER_CLASS} (write U = {@code [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]}, W =
 * {@code [\p{Ll}\p{Lm}\p{Lo}\p{M}]}, P = {@code [^\r\n\p{L}\p{N}]}, C = {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)}):
 * <pre>
 *   A  P?U*W+C?        B  P?U+W*C?        C  \p{N}{1,3}        D   ?[^\s\p{L}\p{N}]+[\r\n/]*
 *   E  \s*[\r\n]+      F  \s+(?!\S)       G  \s+
 * </pre>
 * This reproduces the backtracking matcher's choice: alternatives in order, and within A and B the optional
 * prefix first taken, then left out. Letters and marks always match A or B, numbers C, white space E–G and
 * everything else D.
 */
final class O200kPreTokenizer implements PreTokenizer {
    @Override
    public int pieceEnd(byte[] t, int i, int limit) {
        int f0 = CharClass.at(t, i);
        int afterFirst = i + CharClass.length(t[i]);
        boolean prefix = (f0 & (LETTER | NUMBER | NEWLINE)) == 0;
        int end;
        if (prefix && (end = upperStarLowerPlus(t, afterFirst, limit)) >= 0
                || (end = upperStarLowerPlus(t, i, limit)) >= 0
                || prefix && (end = upperPlusLowerStar(t, afterFirst, limit)) >= 0
                || (end = upperPlusLowerStar(t, i, limit)) >= 0) {
            return contraction(t, end, limit);
        }
        if ((f0 & NUMBER) != 0) {
            end = afterFirst;
            for (int k = 1; k < 3 && end < limit && (CharClass.at(t, end) & NUMBER) != 0; k++) {
                end += CharClass.length(t[end]);
            }
            return end;
        }
        if (t[i] == ' ' && afterFirst < limit && isOther(CharClass.at(t, afterFirst))) {
            return newlinesAndSlashes(t, otherRun(t, afterFirst, limit), limit);
        }
        if (isOther(f0)) {
            return newlinesAndSlashes(t, otherRun(t, i, limit), limit);
        }
        // White space: E takes up to its last newline; otherwise F backs off one code point before non-space,
        // and G takes a lone space character.
        int last = i;
        int lastNewline = -1;
        end = i;
        while (end < limit) {
            int f = CharClass.at(t, end);
            if ((f & SPACE) == 0) {
                break;
            }
            if ((f & NEWLINE) != 0) {
                lastNewline = end;
            }
            last = end;
            end += CharClass.length(t[end]);
        }
        if (lastNewline >= 0) {
            return lastNewline + 1;
        }
        return end == limit || last == i ? end : last;
    }

    private static boolean isOther(int flags) {
        return (flags & (LETTER | NUMBER | SPACE)) == 0;
    }

    /** {@code U*W+} from {@code s}: its end, or -1 when it does not match. */
    private static int upperStarLowerPlus(byte[] t, int s, int limit) {
        int q = s;
        int lastLowerEnd = -1;
        while (q < limit) {
            int f = CharClass.at(t, q);
            if ((f & UPPERISH) == 0) {
                if ((f & LOWERISH) != 0) {
                    // U* keeps all it took and W+ goes on from here (an Ll).
                    return CharClass.runEnd(t, q, limit, LOWERISH);
                }
                break;
            }
            q += CharClass.length(t[q]);
            if ((f & LOWERISH) != 0) {
                lastLowerEnd = q;
            }
        }
        // U* backs off to the last W it took, which W+ then matches alone.
        return lastLowerEnd;
    }

    /** {@code U+W*} from {@code s}: its end, or -1 when it does not match. */
    private static int upperPlusLowerStar(byte[] t, int s, int limit) {
        int q = CharClass.runEnd(t, s, limit, UPPERISH);
        return q == s ? -1 : CharClass.runEnd(t, q, limit, LOWERISH);
    }

    private static int otherRun(byte[] t, int from, int limit) {
        int i = from;
        while (i < limit && isOther(CharClass.at(t, i))) {
            i += CharClass.length(t[i]);
        }
        return i;
    }

    private static int newlinesAndSlashes(byte[] t, int from, int limit) {
        int i = from;
        while (i < limit && (t[i] == '\r' || t[i] == '\n' || t[i] == '/')) {
            i++;
        }
        return i;
    }

    /** The optional contraction suffix {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)} after {@code end}. */
    private static int contraction(byte[] t, int end, int limit) {
        if (end + 1 >= limit || t[end] != '\'') {
            return end;
        }
        int second = end + 1;
        int afterSecond = second + CharClass.length(t[second]);
        switch (fold(CharClass.codePoint(t, second))) {
            case 's', 't', 'm', 'd':
                return afterSecond;
            case 'r', 'v':
                return thirdEnd(t, afterSecond, limit, 'e', end);
            case 'l':
                return thirdEnd(t, afterSecond, limit, 'l', end);
            default:
                return end;
        }
    }

    /** The end of a three-character contraction whose last letter is {@code expected}, else {@code otherwise}. */
    private static int thirdEnd(byte[] t, int third, int limit, char expected, int otherwise) {
        if (third < limit && fold(CharClass.codePoint(t, third)) == expected) {
            return third + CharClass.length(t[third]);
        }
        return otherwise;
    }

    /**
     * How {@code java.util.regex} compares a character in a case-insensitive Unicode slice: both sides mapped by
     * lower(upper(c)), so that U+017F (long s) matches {@code s}. It compares UTF-16 units, so a supplementary code
     * point never matches.
     */
    private static int fold(int cp) {
        return cp < 0x10000 ? Character.toLowerCase(Character.toUpperCase(cp)) : -1;
    }
}
