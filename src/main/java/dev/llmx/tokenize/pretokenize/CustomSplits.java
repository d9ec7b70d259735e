package dev.llmx.tokenize.pretokenize;

import dev.llmx.tokenize.text.Unicode;

/**
 * The pre-tokenizers llama.cpp implements by hand instead of with {@code std::regex} (its
 * {@code unicode_regex_split_custom_*}), reproduced with their exact behaviour, and the lookahead-driven splits that a
 * backtracking regex would run in quadratic time.
 */
final class CustomSplits {
    private static final CharClass LETTER = CharClass.parse("\\p{L}", CodeMapping.LLAMA_CPP);
    private static final CharClass NUMBER = CharClass.parse("\\p{N}", CodeMapping.LLAMA_CPP);
    private static final CharClass SPACE = CharClass.parse("\\s", CodeMapping.LLAMA_CPP);

    private CustomSplits() {
    }

    private static boolean other(CodepointText t, int i) {
        return !SPACE.test(t, i) && !LETTER.test(t, i) && !NUMBER.test(t, i);
    }

    /** GPT-2: {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}. */
    static final SplitStep GPT2 = (t, start, end, out) -> {
        int pos = start;
        while (pos < end) {
            int cp = t.cps[pos];
            int c = Rules.contractionEnd(t, pos, end, false);
            if (c >= 0) {
                pos = c;
                out.add(pos);
                continue;
            }
            int q = cp == ' ' ? pos + 1 : pos;
            if (q < end && LETTER.test(t, q)) {
                pos = Rules.run(t, LETTER, q, end, Rules.MANY);
            } else if (q < end && NUMBER.test(t, q)) {
                pos = Rules.run(t, NUMBER, q, end, Rules.MANY);
            } else if (q < end && other(t, q)) {
                pos = q;
                while (pos < end && other(t, pos)) {
                    pos++;
                }
            } else {
                pos = spaces(t, pos, end);
            }
            out.add(pos);
        }
        out.add(end);
    };

    /**
     * Llama 3: {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*
     * |\s*[\r\n]+|\s+(?!\S)|\s+}.
     */
    static final SplitStep LLAMA3 = (t, start, end, out) -> {
        int pos = start;
        while (pos < end) {
            int cp = t.cps[pos];
            int c = contractionIgnoringCase(t, pos, end);
            if (c >= 0) {
                pos = c;
                out.add(pos);
                continue;
            }
            if (!(cp == '\r' || cp == '\n' || NUMBER.test(t, pos))
                    && (LETTER.test(t, pos) || (pos + 1 < end && LETTER.test(t, pos + 1)))) {
                pos = Rules.run(t, LETTER, pos + 1, end, Rules.MANY);
                out.add(pos);
                continue;
            }
            if (NUMBER.test(t, pos)) {
                pos = digitsInThrees(t, pos, end, out);
                continue;
            }
            int q = cp == ' ' ? pos + 1 : pos;
            if (q < end && other(t, q)) {
                pos = punctuationThenNewlines(t, q, end);
                out.add(pos);
                continue;
            }
            pos = newlinesOrSpaces(t, pos, end);
            out.add(pos);
        }
        out.add(end);
    };

    /** {@code \p{N}{1,3}} repeated: a run of digits cut into groups of three from the left; returns the run's end. */
    private static int digitsInThrees(CodepointText t, int pos, int end, Cuts out) {
        int from = pos;
        while (pos < end && NUMBER.test(t, pos)) {
            pos++;
            if (pos - from >= 3) {
                out.add(pos);
                from = pos;
            }
        }
        out.add(pos);
        return pos;
    }

    /** {@code [^\s\p{L}\p{N}]+[\r\n]*} from {@code pos}: punctuation and the line breaks right after it. */
    private static int punctuationThenNewlines(CodepointText t, int pos, int end) {
        while (pos < end && other(t, pos)) {
            pos++;
        }
        while (pos < end && (t.cps[pos] == '\r' || t.cps[pos] == '\n')) {
            pos++;
        }
        return pos;
    }

    /** {@code \s*[\r\n]+} (whitespace up to its last line break), else {@link #spaces}. */
    private static int newlinesOrSpaces(CodepointText t, int pos, int end) {
        int lastNewline = -1;
        for (int i = pos; i < end && SPACE.test(t, i); i++) {
            if (t.cps[i] == '\r' || t.cps[i] == '\n') {
                lastNewline = i + 1;
            }
        }
        return lastNewline > 0 ? lastNewline : spaces(t, pos, end);
    }

    /** {@code \s+(?!\S)|\s+}, or the single character when there is no whitespace at {@code pos}. */
    private static int spaces(CodepointText t, int pos, int end) {
        int runEnd = Rules.run(t, SPACE, pos, end, Rules.MANY);
        int n = runEnd - pos;
        if (n > 1 && runEnd < end) {
            return runEnd - 1;
        }
        return n > 0 ? runEnd : pos + 1;
    }

    /** llama.cpp lower-cases with its Unicode table here, not only ASCII. */
    private static int contractionIgnoringCase(CodepointText t, int pos, int end) {
        if (t.cps[pos] != '\'' || pos + 1 >= end) {
            return -1;
        }
        int a = Unicode.toLowerCase(t.cps[pos + 1]);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') {
            return pos + 2;
        }
        if (pos + 2 >= end) {
            return -1;
        }
        int b = Unicode.toLowerCase(t.cps[pos + 2]);
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
            return pos + 3;
        }
        return -1;
    }

    /**
     * Kimi-K2: {@code [\p{Han}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]*[\p{Ll}\p{Lm}\p{Lo}
     * \p{M}&&[^\p{Han}]]+(?i:'s|…)?|…|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}, as llama.cpp's
     * hand-written version behaves (letters of any case, Han excluded).
     */
    static final SplitStep KIMI_K2 = (t, start, end, out) -> {
        int pos = start;
        while (pos < end) {
            int cp = t.cps[pos];
            if (Unicode.isHan(cp)) {
                while (pos < end && Unicode.isHan(t.cps[pos])) {
                    pos++;
                }
                out.add(pos);
                continue;
            }
            boolean leadingCandidate = !(cp == '\r' || cp == '\n' || LETTER.test(t, pos) || NUMBER.test(t, pos));
            boolean letterPattern = LETTER.test(t, pos)
                    || (leadingCandidate && pos + 1 < end && LETTER.test(t, pos + 1) && !Unicode.isHan(t.cps[pos + 1]));
            if (letterPattern) {
                int p = leadingCandidate ? pos + 1 : pos;
                boolean letters = false;
                while (p < end && LETTER.test(t, p) && !Unicode.isHan(t.cps[p])) {
                    letters = true;
                    p++;
                }
                if (letters) {
                    if (p < end && t.cps[p] == '\'' && p + 1 < end) {
                        int c = contractionIgnoringCase(t, p, end);
                        if (c >= 0) {
                            p = c;
                        }
                    }
                    pos = p;
                    out.add(pos);
                    continue;
                }
            }
            if (NUMBER.test(t, pos)) {
                pos = digitsInThrees(t, pos, end, out);
                continue;
            }
            int q = cp == ' ' ? pos + 1 : pos;
            if (q < end && other(t, q)) {
                pos = punctuationThenNewlines(t, q, end);
                out.add(pos);
                continue;
            }
            pos = newlinesOrSpaces(t, pos, end);
            out.add(pos);
        }
        out.add(end);
    };

    /**
     * AFMoE's digit grouping: each run of digits is cut into a leading group of 1–2 (its length modulo 3) and then
     * groups of three. As in llama.cpp, the first group of a run also carries the non-digit text before it.
     */
    static final SplitStep AFMOE_DIGITS = (t, start, end, out) -> {
        int pos = start;
        while (pos < end) {
            if (!NUMBER.test(t, pos)) {
                pos++;
                continue;
            }
            int runStart = pos;
            while (pos < end && NUMBER.test(t, pos)) {
                pos++;
            }
            int count = pos - runStart;
            int current = runStart;
            int remainder = count % 3;
            if (remainder > 0) {
                current += remainder;
                out.add(current);
            }
            while (current < pos) {
                current += 3;
                out.add(current);
            }
        }
        out.add(end);
    };

    /** DeepSeek's {@code \s+$}: the whitespace that ends the piece, if any. */
    static final SplitStep TRAILING_SPACES = (t, start, end, out) -> {
        int q = end;
        while (q > start && SPACE.test(t, q - 1)) {
            q--;
        }
        out.add(q);
        out.add(end);
    };

    /** What a digit-grouping rule adds to {@code out} for one run of ASCII digits {@code [runStart, runEnd)}. */
    private interface DigitRunCuts {
        void cut(CodepointText t, int runStart, int runEnd, int end, Cuts out);
    }

    /** A split step that finds each run of ASCII digits in the span and lets {@code cuts} place the cuts in it. */
    private static SplitStep digitRuns(DigitRunCuts cuts) {
        return (t, start, end, out) -> {
            int pos = start;
            while (pos < end) {
                if (!isAsciiDigit(t.cps[pos])) {
                    pos++;
                    continue;
                }
                int runStart = pos;
                while (pos < end && isAsciiDigit(t.cps[pos])) {
                    pos++;
                }
                cuts.cut(t, runStart, pos, end, out);
            }
            out.add(end);
        };
    }

    /**
     * SuperBPE's {@code (?=(\d{3})+(?!\d))}: an empty match wherever the ASCII digits from there to the end of their
     * run number a positive multiple of three, which cuts each digit run into groups of three from the right.
     */
    static final SplitStep DIGITS_FROM_RIGHT = digitRuns((t, runStart, runEnd, end, out) -> {
        for (int cut = runEnd - ((runEnd - runStart) / 3) * 3; cut < runEnd; cut += 3) {
            out.add(cut);
        }
    });

    /**
     * Tiny Aya's {@code \d{1,3}(?=(?:\d{3})*\b)}: a run of ASCII digits that ends at a word boundary is cut into a
     * leading group of 1–3 and then groups of three; a run followed by a letter or underscore is left whole.
     */
    static final SplitStep DIGITS_TO_WORD_BOUNDARY = digitRuns((t, runStart, runEnd, end, out) -> {
        if (runEnd < end && isAsciiWordChar(t.cps[runEnd])) {
            return;
        }
        int first = (runEnd - runStart - 1) % 3 + 1;
        out.add(runStart);
        for (int cut = runStart + first; cut <= runEnd; cut += 3) {
            out.add(cut);
        }
    });

    private static boolean isAsciiDigit(int cp) {
        return cp >= '0' && cp <= '9';
    }

    private static boolean isAsciiWordChar(int cp) {
        return cp < 0x80 && (Character.isLetterOrDigit(cp) || cp == '_');
    }
}
