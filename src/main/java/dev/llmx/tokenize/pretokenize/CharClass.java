package dev.llmx.tokenize.pretokenize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A regex character class, compiled for one {@link CodeMapping}: a set of one-byte codes (ASCII characters,
 * whitespace, Unicode categories) plus, for literal non-ASCII characters and ranges, a sorted list of code-point
 * ranges. Parsed from the class as the regex writes it ({@code [^\s\p{L}\p{N}]}, {@code \p{N}}, {@code [一-龥]}),
 * so each pre-tokenizer reads like the regex it implements.
 *
 * <p>Under {@link CodeMapping#LLAMA_CPP}, {@code \p{X}} means what llama.cpp's collapsed regexes mean: the
 * category code plus llama.cpp's ASCII list for it (whose symbol list lacks {@code ~}), and a literal non-ASCII
 * range never matches whitespace (llama.cpp replaces non-ASCII whitespace with {@code \v} before matching).
 */
public final class CharClass {
    private final boolean[] codes = new boolean[256];
    private int[] ranges = new int[0];
    private boolean negated;
    private final CodeMapping mapping;

    private CharClass(CodeMapping mapping) {
        this.mapping = mapping;
    }

    /** Whether code point {@code i} of {@code t} is in the class. */
    public boolean test(CodepointText t, int i) {
        int code = t.codes[i] & 0xFF;
        boolean in = codes[code];
        if (!in && ranges.length > 0) {
            int cp = t.cps[i];
            in = cp >= 0x80 && !(mapping == CodeMapping.LLAMA_CPP && code == 0x0B) && inRanges(cp);
        }
        return in != negated;
    }

    private boolean inRanges(int cp) {
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /**
     * The characters of {@code a} that are not in {@code b}: what a lookahead guard such as
     * {@code (?=[\p{L}])[^a-z]} leaves. Both classes must be made of codes only (no literal non-ASCII ranges).
     */
    public static CharClass difference(CharClass a, CharClass b) {
        if (a.ranges.length > 0 || b.ranges.length > 0 || a.mapping != b.mapping) {
            throw new IllegalArgumentException("difference needs code-only classes of one mapping");
        }
        CharClass c = new CharClass(a.mapping);
        for (int code = 0; code < 256; code++) {
            c.codes[code] = (a.codes[code] != a.negated) && (b.codes[code] == b.negated);
        }
        return c;
    }

    /** Parses one class: a bracket expression, an escape ({@code \s}, {@code \p{N}}) or a single character. */
    public static CharClass parse(String regex, CodeMapping mapping) {
        CharClass c = new CharClass(mapping);
        List<int[]> literalRanges = new ArrayList<>();
        int[] pos = {0};
        if (regex.startsWith("[")) {
            pos[0] = 1;
            if (regex.startsWith("[^")) {
                c.negated = true;
                pos[0] = 2;
            }
            while (pos[0] < regex.length() && regex.charAt(pos[0]) != ']') {
                int lo = c.parseItem(regex, pos, literalRanges);
                if (lo >= 0 && pos[0] + 1 < regex.length() && regex.charAt(pos[0]) == '-'
                        && regex.charAt(pos[0] + 1) != ']') {
                    pos[0]++;
                    int hi = c.parseItem(regex, pos, literalRanges);
                    if (hi < 0) {
                        throw new IllegalArgumentException("bad range in " + regex);
                    }
                    c.addRange(lo, hi, literalRanges);
                } else if (lo >= 0) {
                    c.addRange(lo, lo, literalRanges);
                }
            }
            if (pos[0] != regex.length() - 1) {
                throw new IllegalArgumentException("unterminated or trailing class " + regex);
            }
        } else {
            int lo = c.parseItem(regex, pos, literalRanges);
            if (lo >= 0) {
                c.addRange(lo, lo, literalRanges);
            }
            if (pos[0] != regex.length()) {
                throw new IllegalArgumentException("not a single class: " + regex);
            }
        }
        c.ranges = merge(literalRanges);
        return c;
    }

    /**
     * Parses one item at {@code pos}: returns the code point of a literal (for ranges), or -1 after adding a
     * shorthand class ({@code \s}, {@code \p{L}} …) directly.
     */
    private int parseItem(String re, int[] pos, List<int[]> literalRanges) {
        int cp = re.codePointAt(pos[0]);
        pos[0] += Character.charCount(cp);
        if (cp != '\\') {
            return cp;
        }
        char e = re.charAt(pos[0]++);
        switch (e) {
            case 's' -> addSpace(false);
            case 'S' -> addSpace(true);
            case 'd' -> addAsciiRange('0', '9', false);
            case 'D' -> addAsciiRange('0', '9', true);
            case 'w' -> addWord(false);
            case 'W' -> addWord(true);
            case 'p', 'P' -> {
                int close = re.indexOf('}', pos[0]);
                String name = re.substring(pos[0] + 1, close);
                pos[0] = close + 1;
                addProperty(name, e == 'P');
            }
            case 'r' -> {
                return '\r';
            }
            case 'n' -> {
                return '\n';
            }
            case 't' -> {
                return '\t';
            }
            case 'v' -> {
                return 0x0B;
            }
            case 'f' -> {
                return '\f';
            }
            case 'x' -> {
                int v = Integer.parseInt(re.substring(pos[0], pos[0] + 2), 16);
                pos[0] += 2;
                return v;
            }
            case 'u' -> {
                int v = Integer.parseInt(re.substring(pos[0], pos[0] + 4), 16);
                pos[0] += 4;
                return v;
            }
            default -> {
                return e;
            }
        }
        return -1;
    }

    private void addRange(int lo, int hi, List<int[]> literalRanges) {
        for (int cp = lo; cp <= Math.min(hi, 0x7F); cp++) {
            codes[cp] = true;
        }
        if (hi >= 0x80) {
            literalRanges.add(new int[] {Math.max(lo, 0x80), hi});
        }
    }

    private void addAsciiRange(int lo, int hi, boolean complement) {
        boolean[] set = new boolean[256];
        for (int c = lo; c <= hi; c++) {
            set[c] = true;
        }
        addCodes(set, complement);
    }

    private void addSpace(boolean complement) {
        boolean[] set = new boolean[256];
        for (int c = 0; c < 256; c++) {
            set[c] = mapping.isSpaceCode(c);
        }
        addCodes(set, complement);
    }

    private void addWord(boolean complement) {
        boolean[] set = new boolean[256];
        for (int c = 0; c < 128; c++) {
            set[c] = Character.isLetterOrDigit(c) || c == '_';
        }
        addCodes(set, complement);
    }

    private void addCodes(boolean[] set, boolean complement) {
        for (int c = 0; c < 256; c++) {
            if (set[c] != complement) {
                codes[c] = true;
            }
        }
    }

    private void addProperty(String name, boolean complement) {
        boolean[] set = new boolean[256];
        if (mapping == CodeMapping.LLAMA_CPP) {
            llamaCppProperty(name, set);
        } else {
            unicodeProperty(name, set);
        }
        addCodes(set, complement);
    }

    /** llama.cpp's collapsed categories: every letter class is "a letter" (its regexes see no case). */
    private static void llamaCppProperty(String name, boolean[] set) {
        switch (name) {
            case "N" -> {
                set[CodeMapping.NUMBER] = true;
                ascii(set, "0-9");
            }
            case "L", "Lu", "Ll", "Lt", "Lm", "Lo" -> {
                set[CodeMapping.LETTER] = true;
                ascii(set, "A-Za-z");
            }
            case "P" -> {
                set[CodeMapping.PUNCTUATION] = true;
                ascii(set, "!-#%-*,-/:-;?-@[-]_{}");
            }
            case "M" -> set[CodeMapping.MARK] = true;
            case "S" -> {
                set[CodeMapping.SYMBOL] = true;
                ascii(set, "$+<->^`|");
            }
            default -> throw new IllegalArgumentException("llama.cpp has no category \\p{" + name + "}");
        }
    }

    private static void ascii(boolean[] set, String spec) {
        for (int i = 0; i < spec.length(); i++) {
            char lo = spec.charAt(i);
            char hi = lo;
            if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                hi = spec.charAt(i + 2);
                i += 2;
            }
            for (char c = lo; c <= hi; c++) {
                set[c] = true;
            }
        }
    }

    /** True Unicode general categories (one-letter groups or two-letter categories). */
    private static void unicodeProperty(String name, boolean[] set) {
        for (int c = 0; c < 256; c++) {
            int type;
            if (c < 0x80) {
                type = Character.getType(c);
            } else if (c >= 0x80 && c < 0x80 + 32) {
                type = c - 0x80;
            } else if (c == CodeMapping.UNICODE_SPACE) {
                // Non-ASCII whitespace is a separator (or NEL, a control); \p{Z}/\p{C} are rare in tokenizers.
                type = Character.SPACE_SEPARATOR;
            } else {
                continue;
            }
            set[c] = inCategory(type, name);
        }
    }

    private static boolean inCategory(int type, String name) {
        return switch (name) {
            case "L" -> type >= Character.UPPERCASE_LETTER && type <= Character.OTHER_LETTER;
            case "Lu" -> type == Character.UPPERCASE_LETTER;
            case "Ll" -> type == Character.LOWERCASE_LETTER;
            case "Lt" -> type == Character.TITLECASE_LETTER;
            case "Lm" -> type == Character.MODIFIER_LETTER;
            case "Lo" -> type == Character.OTHER_LETTER;
            case "M" -> type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            case "N" -> type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                    || type == Character.OTHER_NUMBER;
            case "Nd" -> type == Character.DECIMAL_DIGIT_NUMBER;
            case "P" -> type == Character.DASH_PUNCTUATION || type == Character.START_PUNCTUATION
                    || type == Character.END_PUNCTUATION || type == Character.CONNECTOR_PUNCTUATION
                    || type == Character.OTHER_PUNCTUATION || type == Character.INITIAL_QUOTE_PUNCTUATION
                    || type == Character.FINAL_QUOTE_PUNCTUATION;
            case "S" -> type == Character.MATH_SYMBOL || type == Character.CURRENCY_SYMBOL
                    || type == Character.MODIFIER_SYMBOL || type == Character.OTHER_SYMBOL;
            case "Z" -> type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            case "C" -> type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.UNASSIGNED;
            default -> throw new IllegalArgumentException("unsupported category \\p{" + name + "}");
        };
    }

    private static int[] merge(List<int[]> list) {
        if (list.isEmpty()) {
            return new int[0];
        }
        list.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : list) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new int[] {r[0], r[1]});
            }
        }
        int[] flat = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            flat[2 * i] = merged.get(i)[0];
            flat[2 * i + 1] = merged.get(i)[1];
        }
        return flat;
    }

    @Override
    public String toString() {
        return "CharClass" + (negated ? "^" : "") + Arrays.toString(ranges);
    }
}
