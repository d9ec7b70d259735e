package dev.llmx.tokenize.pretokenize;

/**
 * The building blocks of the pre-tokenizer regexes used by real tokenizers, each written out by hand with the
 * regex it stands for. Every block reads each character a bounded number of times, so a split is linear in the
 * text whatever its content (a megabyte of spaces, one endless word) — unlike a backtracking regex engine.
 */
public final class Rules {
    /** Unbounded repetition. */
    public static final int MANY = Integer.MAX_VALUE;

    private Rules() {
    }

    /** {@code A|B|…}: the first alternative that matches. */
    public static Rule firstOf(Rule... alternatives) {
        return (t, pos, end) -> {
            for (Rule r : alternatives) {
                int m = r.match(t, pos, end);
                if (m >= 0) {
                    return m;
                }
            }
            return -1;
        };
    }

    /** {@code X{min,max}}, greedy. */
    public static Rule repeat(CharClass x, int min, int max) {
        return (t, pos, end) -> {
            int m = run(t, x, pos, end, max);
            return m - pos >= min ? m : -1;
        };
    }

    /**
     * {@code X?Y+}: with the optional character when it is followed by at least one Y, else Y+ alone. The two classes
     * may overlap.
     */
    public static Rule optionalThenRun(CharClass x, CharClass y) {
        return (t, pos, end) -> {
            if (x.test(t, pos) && pos + 1 < end && y.test(t, pos + 1)) {
                return run(t, y, pos + 1, end, MANY);
            }
            return y.test(t, pos) ? run(t, y, pos, end, MANY) : -1;
        };
    }

    /**
     * {@code ?Y+T{0,tailMax}} (an optional space, a run of Y, then up to {@code tailMax} characters of T). The tail is
     * last in its alternative, so greedy matching never has to give any of it back.
     */
    public static Rule spaceRunTail(CharClass y, CharClass tail, int tailMax) {
        return (t, pos, end) -> {
            int start;
            if (t.cps[pos] == ' ' && pos + 1 < end && y.test(t, pos + 1)) {
                start = pos + 1;
            } else if (y.test(t, pos)) {
                start = pos;
            } else {
                return -1;
            }
            int m = run(t, y, start, end, MANY);
            return tail == null ? m : run(t, tail, m, end, tailMax);
        };
    }

    /** {@code ?Y+}. */
    public static Rule spaceRun(CharClass y) {
        return spaceRunTail(y, null, 0);
    }

    /**
     * {@code \s*[\r\n]+} and {@code \s*[\r\n]}: whitespace up to and including the last line break of the whitespace
     * run (the greedy {@code \s*} gives back exactly to there).
     */
    public static Rule spacesThroughLastNewline(CharClass space) {
        return (t, pos, end) -> {
            int last = -1;
            for (int i = pos; i < end && space.test(t, i); i++) {
                int cp = t.cps[i];
                if (cp == '\r' || cp == '\n') {
                    last = i;
                }
            }
            return last < 0 ? -1 : last + 1;
        };
    }

    /**
     * {@code \s{min,max}(?!\S)}: whitespace not followed by a non-space. A run that stops before a non-space gives its
     * last character back (to be the space of the next word).
     */
    public static Rule spacesNotBeforeNonSpace(CharClass space, int min, int max) {
        return (t, pos, end) -> {
            int runEnd = run(t, space, pos, end, MANY);
            int m = Math.min(runEnd, satAdd(pos, max));
            // (?!\S) holds at the end of the text and before whitespace; inside the run only.
            if (m < end && !space.test(t, m)) {
                m--;
            }
            return m - pos >= min ? m : -1;
        };
    }

    /**
     * Contractions {@code 's|'t|'re|'ve|'m|'ll|'d}; {@code ignoreCase} for {@code (?i:…)} and the spelled-out
     * {@code '[sS]|'[tT]…} forms.
     */
    public static Rule contractions(boolean ignoreCase) {
        return (t, pos, end) -> contractionEnd(t, pos, end, ignoreCase);
    }

    static int contractionEnd(CodepointText t, int pos, int end, boolean ignoreCase) {
        if (t.cps[pos] != '\'' || pos + 1 >= end) {
            return -1;
        }
        int a = fold(t.cps[pos + 1], ignoreCase);
        if (a == 's' || a == 't' || a == 'm' || a == 'd') {
            return pos + 2;
        }
        if (pos + 2 >= end) {
            return -1;
        }
        int b = fold(t.cps[pos + 2], ignoreCase);
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
            return pos + 3;
        }
        return -1;
    }

    private static int fold(int cp, boolean ignoreCase) {
        return ignoreCase && cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    }

    /** {@code R?}: the optional contraction after a word ({@code (?:'s|…)?}). */
    public static Rule withOptionalContraction(Rule word, boolean ignoreCase) {
        return (t, pos, end) -> {
            int m = word.match(t, pos, end);
            if (m < 0 || m >= end) {
                return m;
            }
            int c = contractionEnd(t, m, end, ignoreCase);
            return c >= 0 ? c : m;
        };
    }

    /**
     * {@code X?U*W+} where U and W overlap (the case-aware word of GPT-4o-style regexes: U = upper-case letters, W =
     * lower-case letters, both holding letters without case). U* takes the longest run; W+ then needs one W: when
     * the character after the run is none, U* gives back to its last character that is also a W.
     */
    public static Rule prefixUpperStarLowerPlus(CharClass x, CharClass u, CharClass w) {
        return (t, pos, end) -> {
            if (x.test(t, pos) && pos + 1 < end) {
                int m = upperStarLowerPlus(t, u, w, pos + 1, end);
                if (m >= 0) {
                    return m;
                }
            }
            return upperStarLowerPlus(t, u, w, pos, end);
        };
    }

    private static int upperStarLowerPlus(CodepointText t, CharClass u, CharClass w, int from, int end) {
        int runEnd = run(t, u, from, end, MANY);
        if (runEnd < end && w.test(t, runEnd)) {
            return run(t, w, runEnd, end, MANY);
        }
        for (int k = runEnd - 1; k >= from; k--) {
            if (w.test(t, k)) {
                return k + 1;
            }
        }
        return -1;
    }

    /** {@code X?U+W*}: the other half of the case-aware word. */
    public static Rule prefixUpperPlusLowerStar(CharClass x, CharClass u, CharClass w) {
        return (t, pos, end) -> {
            if (x.test(t, pos) && pos + 1 < end && u.test(t, pos + 1)) {
                return run(t, w, run(t, u, pos + 1, end, MANY), end, MANY);
            }
            if (!u.test(t, pos)) {
                return -1;
            }
            return run(t, w, run(t, u, pos, end, MANY), end, MANY);
        };
    }

    /**
     * {@code X?(?:L M*(?: L M*)*)+}: letters with their marks, single spaces allowed between letters (EXAONE-MoE).
     */
    public static Rule prefixLettersMarksSpaced(CharClass x, CharClass letter, CharClass mark) {
        return (t, pos, end) -> {
            if (x.test(t, pos) && pos + 1 < end && letter.test(t, pos + 1)) {
                return lettersMarksSpaced(t, letter, mark, pos + 1, end);
            }
            return letter.test(t, pos) ? lettersMarksSpaced(t, letter, mark, pos, end) : -1;
        };
    }

    private static int lettersMarksSpaced(CodepointText t, CharClass letter, CharClass mark, int from, int end) {
        int i = from;
        while (true) {
            // here t[i] is a letter
            i = run(t, mark, i + 1, end, MANY);
            if (i < end && letter.test(t, i)) {
                continue;
            }
            if (i + 1 < end && t.cps[i] == ' ' && letter.test(t, i + 1)) {
                i++;
                continue;
            }
            return i;
        }
    }

    /** A fixed string. */
    public static Rule literal(String s) {
        int[] cps = s.codePoints().toArray();
        return (t, pos, end) -> {
            if (end - pos < cps.length) {
                return -1;
            }
            for (int k = 0; k < cps.length; k++) {
                if (t.cps[pos + k] != cps[k]) {
                    return -1;
                }
            }
            return pos + cps.length;
        };
    }

    /** {@code AB}: a sequence whose parts never need to give back (each part's first character ends the previous). */
    public static Rule sequence(Rule... parts) {
        return (t, pos, end) -> {
            int p = pos;
            for (Rule r : parts) {
                if (p >= end) {
                    return -1;
                }
                p = r.match(t, p, end);
                if (p < 0) {
                    return -1;
                }
            }
            return p;
        };
    }

    /** End of the longest run of {@code c} from {@code from}, at most {@code max} long. */
    static int run(CodepointText t, CharClass c, int from, int end, int max) {
        int limit = max == MANY ? end : (int) Math.min(end, (long) from + max);
        int i = from;
        while (i < limit && c.test(t, i)) {
            i++;
        }
        return i;
    }

    private static int satAdd(int a, int b) {
        long s = (long) a + b;
        return s > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
    }
}
