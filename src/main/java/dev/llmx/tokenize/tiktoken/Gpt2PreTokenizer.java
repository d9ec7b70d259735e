package dev.llmx.tokenize.tiktoken;

import static dev.llmx.tokenize.tiktoken.CharClass.LETTER;
import static dev.llmx.tokenize.tiktoken.CharClass.NUMBER;
import static dev.llmx.tokenize.tiktoken.CharClass.SPACE;

/**
 * The pre-tokenizer of r50k_base and p50k_base, by hand. jtokkit 1.1.0 uses the regex (Java, with
 * {@code UNICODE_CHARACTER_CLASS})
 * <pre>'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</pre>
 * whose matches this reproduces, alternative by alternative. Every code point is exactly one of letter, number,
 * white space or "other", so one of the alternatives always matches.
 */
final class Gpt2PreTokenizer implements PreTokenizer {
    private static final int OTHER = 0;

    @Override
    public int pieceEnd(byte[] t, int i, int limit) {
        byte b0 = t[i];
        if (b0 == '\'' && i + 1 < limit) {
            byte b1 = t[i + 1];
            if (b1 == 's' || b1 == 'd' || b1 == 'm' || b1 == 't') {
                return i + 2;
            }
            if (i + 2 < limit) {
                byte b2 = t[i + 2];
                if (b1 == 'l' && b2 == 'l' || b1 == 'v' && b2 == 'e' || b1 == 'r' && b2 == 'e') {
                    return i + 3;
                }
            }
        }
        // " ?X+" for X = letter, number, other: the optional space is taken when X follows it.
        if (b0 == ' ' && i + 1 < limit) {
            int kind = kind(t, i + 1);
            if (kind != SPACE) {
                return run(t, i + 1, limit, kind);
            }
        }
        int kind = kind(t, i);
        if (kind != SPACE) {
            return run(t, i, limit, kind);
        }
        // \s+(?!\S) backs off one code point when non-space follows; \s+ takes a lone space character.
        int last = i;
        int end = i;
        while (end < limit && kind(t, end) == SPACE) {
            last = end;
            end += CharClass.length(t[end]);
        }
        return end == limit || last == i ? end : last;
    }

    private static int kind(byte[] t, int i) {
        return CharClass.at(t, i) & (LETTER | NUMBER | SPACE);
    }

    private static int run(byte[] t, int from, int limit, int kind) {
        if (kind != OTHER) {
            return CharClass.runEnd(t, from, limit, kind);
        }
        int i = from;
        while (i < limit && kind(t, i) == OTHER) {
            i += CharClass.length(t[i]);
        }
        return i;
    }
}
