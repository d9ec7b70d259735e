package dev.llmx.tokenize.tiktoken;

import static dev.llmx.tokenize.tiktoken.CharClass.LETTER;
import static dev.llmx.tokenize.tiktoken.CharClass.NUMBER;
import static dev.llmx.tokenize.tiktoken.CharClass.SPACE;

/**
 * The pre-tokenizer of cl100k_base. tiktoken's regex is
 * <pre>'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+</pre>
 * but jtokkit 1.1.0 does not run it: it splits with its hand-written {@code Cl100kParser}, which this follows
 * decision by decision (it is the reference the ids are checked against), including its details:
 * <ul>
 *   <li>short contractions are {@code 's 'd 't 'm} in either case and {@code 'ſ} (U+017F, long s); long ones
 *       compare {@code Character.toUpperCase} with LL, VE, RE;</li>
 *   <li>letters are only recognised up to U+323AF and numbers up to U+1FBF9 (the end of the Unicode version it was
 *       written for), so later code points count as "other";</li>
 *   <li>a white-space run that contains a newline ends after its last newline.</li>
 * </ul>
 * Code points are passed around as ints, -1 standing for "past the end".
 */
final class Cl100kPreTokenizer implements PreTokenizer {
    private static final int LAST_LETTER = 0x323af;
    private static final int LAST_NUMBER = 0x1fbf9;

    @Override
    public int pieceEnd(byte[] t, int i, int limit) {
        int c0 = CharClass.codePoint(t, i);
        int next = i + CharClass.length(t[i]);
        int c1 = next < limit ? CharClass.codePoint(t, next) : -1;
        int afterC1 = c1 >= 0 ? next + CharClass.length(t[next]) : next;

        if (c0 == '\'' && c1 > 0) {
            if (isShortContraction(c1)) {
                return afterC1;
            }
            if (afterC1 < limit && isLongContraction(c1, CharClass.codePoint(t, afterC1))) {
                return afterC1 + CharClass.length(t[afterC1]);
            }
        }
        if (isNotNewlineOrLetterOrNumeric(c0) && isLetter(c1) || isLetter(c0)) {
            int end = next;
            if (isLetter(c1)) {
                end = afterC1;
                while (end < limit && isLetter(CharClass.codePoint(t, end))) {
                    end += CharClass.length(t[end]);
                }
            }
            return end;
        }
        if (isNumeric(c0)) {
            int end = next;
            if (isNumeric(c1)) {
                end = afterC1;
                if (end < limit && isNumeric(CharClass.codePoint(t, end))) {
                    end += CharClass.length(t[end]);
                }
            }
            return end;
        }
        if (isPunctuation(c0) || c0 == ' ' && isPunctuation(c1)) {
            int end = next;
            if (end < limit && isPunctuation(c1)) {
                end = afterC1;
                while (end < limit && isPunctuation(CharClass.codePoint(t, end))) {
                    end += CharClass.length(t[end]);
                }
            }
            while (end < limit && (t[end] == '\r' || t[end] == '\n')) {
                end++;
            }
            return end;
        }
        return whitespaceEnd(t, i, limit, c0, next, c1, afterC1);
    }

    /**
     * White space: up to and including the last newline of the run if it has one; otherwise the run, less its last
     * character when something other than white space follows (that character then prefixes the next piece).
     */
    private static int whitespaceEnd(byte[] t, int i, int limit, int c0, int next, int c1, int afterC1) {
        int lastNewline = isNewline(c0) ? i : -1;
        int end = next;
        int lastStart = i;
        int stop = c0; // the code point that ended the run, or the last one read
        if (isWhitespace(c1)) {
            if (isNewline(c1)) {
                lastNewline = next;
            }
            lastStart = next;
            end = afterC1;
            while (end < limit) {
                stop = CharClass.codePoint(t, end);
                if (!isWhitespace(stop)) {
                    break;
                }
                if (isNewline(stop)) {
                    lastNewline = end;
                }
                lastStart = end;
                end += CharClass.length(t[end]);
            }
        }
        if (lastNewline >= 0) {
            return lastNewline + 1;
        }
        if (!isWhitespace(stop)) {
            end = lastStart;
        }
        // Only a number past U+1FBF9 could get here without being white space (none exists in Unicode 16); the
        // jtokkit parser would not advance then, so take the code point alone.
        return end > i ? end : next;
    }

    private static boolean isShortContraction(int c) {
        return c == 's' || c == 'd' || c == 't' || c == 'm' || c == 'S' || c == 'D' || c == 'T' || c == 'M'
                || c == 'ſ';
    }

    private static boolean isLongContraction(int c1, int c2) {
        int u1 = Character.toUpperCase(c1);
        int u2 = Character.toUpperCase(c2);
        return u1 == 'L' && u2 == 'L' || u1 == 'V' && u2 == 'E' || u1 == 'R' && u2 == 'E';
    }

    private static boolean isLetter(int c) {
        return c >= 0 && c <= LAST_LETTER && (CharClass.of(c) & LETTER) != 0;
    }

    private static boolean isNumeric(int c) {
        return c >= 0 && c <= LAST_NUMBER && (CharClass.of(c) & NUMBER) != 0;
    }

    private static boolean isLetterOrNumeric(int c) {
        return c >= 0 && c <= LAST_LETTER && (CharClass.of(c) & (LETTER | NUMBER)) != 0;
    }

    private static boolean isWhitespace(int c) {
        return c >= 0 && (CharClass.of(c) & SPACE) != 0;
    }

    private static boolean isNewline(int c) {
        return c == '\r' || c == '\n';
    }

    /** {@code [^\s\p{L}\p{N}]}. */
    private static boolean isPunctuation(int c) {
        return c >= 0 && !isLetterOrNumeric(c) && !isWhitespace(c);
    }

    /** {@code [^\r\n\p{L}\p{N}]}. */
    private static boolean isNotNewlineOrLetterOrNumeric(int c) {
        return c >= 0 && !isNewline(c) && !isLetterOrNumeric(c);
    }
}
