package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;
import dev.llmx.tokenize.text.Unicode;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normalizers of tokenizer.json that real models use, each rewriting an {@link HfText} and keeping every output
 * character's origin: {@code Sequence}, {@code Prepend}, {@code Replace}, {@code Lowercase}, {@code NFC}/{@code NFD}/
 * {@code NFKC}/{@code NFKD}, {@code Strip}, {@code StripAccents} and {@code BertNormalizer}.
 */
final class HfNormalizers {
    private HfNormalizers() {
    }

    /** One normalization step. */
    interface HfNormalizer {
        HfText apply(HfText in);
    }

    static final HfNormalizer IDENTITY = in -> in;

    static HfNormalizer from(JsonNode node) {
        if (node == null || node.isNull()) {
            return IDENTITY;
        }
        String type = node.path("type").asText();
        return switch (type) {
            case "Sequence" -> {
                List<HfNormalizer> steps = new ArrayList<>();
                for (JsonNode n : node.path("normalizers")) {
                    steps.add(from(n));
                }
                yield in -> {
                    HfText t = in;
                    for (HfNormalizer s : steps) {
                        t = s.apply(t);
                    }
                    return t;
                };
            }
            case "Prepend" -> prepend(node.path("prepend").asText());
            case "Replace" -> replace(HfPatterns.pattern(node.path("pattern")), node.path("content").asText());
            case "Lowercase" -> HfNormalizers::lowercase;
            case "NFC" -> in -> unicodeForm(in, Normalizer.Form.NFC);
            case "NFD" -> in -> unicodeForm(in, Normalizer.Form.NFD);
            case "NFKC" -> in -> unicodeForm(in, Normalizer.Form.NFKC);
            case "NFKD" -> in -> unicodeForm(in, Normalizer.Form.NFKD);
            case "Strip" -> strip(node.path("strip_left").asBoolean(true), node.path("strip_right").asBoolean(true));
            case "StripAccents" -> HfNormalizers::stripAccents;
            case "BertNormalizer" -> bert(node);
            default -> throw new LlmxException("tokenizer.json: normalizer '" + type + "' is not supported by llmx");
        };
    }

    /** Prepends a string to non-empty text; the inserted characters cover nothing of the input. */
    static HfNormalizer prepend(String prefix) {
        int[] add = prefix.codePoints().toArray();
        return in -> {
            if (in.isEmpty()) {
                return in;
            }
            HfText out = new HfText(in.length() + add.length);
            int at = in.anchor(0);
            for (int cp : add) {
                out.append(cp, at, at);
            }
            out.append(in, 0, in.length());
            return out;
        };
    }

    /** Replaces every match of the pattern; the replacement covers what the match covered. */
    static HfNormalizer replace(Pattern pattern, String content) {
        int[] with = content.codePoints().toArray();
        return in -> {
            String s = in.toString();
            Matcher m = pattern.matcher(s);
            if (!m.find()) {
                return in;
            }
            HfText out = new HfText(in.length());
            CodePointCounter counter = new CodePointCounter(s);
            int last = 0;
            do {
                int a = counter.at(m.start());
                int b = counter.at(m.end());
                if (b == a) {
                    continue;
                }
                out.append(in, last, a);
                for (int cp : with) {
                    out.append(cp, in.start(a), in.end(b - 1));
                }
                last = b;
            } while (m.find());
            out.append(in, last, in.length());
            return out;
        };
    }

    static HfText lowercase(HfText in) {
        HfText out = new HfText(in.length());
        for (int i = 0; i < in.length(); i++) {
            int cp = in.cp(i);
            if (cp < 0x80) {
                out.append(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp, in.start(i), in.end(i));
            } else {
                // Rust's char::to_lowercase: the full mapping, one character at a time (no final-sigma context).
                String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
                for (int k = 0; k < lower.length(); k += Character.charCount(lower.codePointAt(k))) {
                    out.append(lower.codePointAt(k), in.start(i), in.end(i));
                }
            }
        }
        return out;
    }

    /**
     * Unicode normalization, one combining sequence (a starter and what follows it up to the next starter) at a time,
     * so each output character covers the sequence it came from. Sequences that compose across that boundary (Hangul
     * jamo) are kept together.
     */
    static HfText unicodeForm(HfText in, Normalizer.Form form) {
        String whole = in.toString();
        if (Normalizer.isNormalized(whole, form)) {
            return in;
        }
        HfText out = new HfText(in.length());
        int i = 0;
        while (i < in.length()) {
            int j = i + 1;
            while (j < in.length() && !startsSequence(in.cp(j))) {
                j++;
            }
            String piece = new String(codePoints(in, i, j), 0, j - i);
            String normalized = Normalizer.normalize(piece, form);
            int s = in.start(i);
            int e = in.end(j - 1);
            normalized.codePoints().forEach(c -> out.append(c, s, e));
            i = j;
        }
        return out;
    }

    private static boolean startsSequence(int cp) {
        String s = new String(Character.toChars(cp));
        // A starter that never combines with what precedes it: decomposes to itself and has combining class 0.
        return Normalizer.isNormalized(s, Normalizer.Form.NFD) && Character.getType(cp) != Character.NON_SPACING_MARK
                && Character.getType(cp) != Character.COMBINING_SPACING_MARK && !(cp >= 0x1160 && cp <= 0x11FF);
    }

    private static int[] codePoints(HfText in, int from, int to) {
        int[] a = new int[to - from];
        for (int k = from; k < to; k++) {
            a[k - from] = in.cp(k);
        }
        return a;
    }

    static HfNormalizer strip(boolean left, boolean right) {
        return in -> {
            int a = 0;
            int b = in.length();
            while (left && a < b && Unicode.isWhitespace(in.cp(a))) {
                a++;
            }
            while (right && b > a && Unicode.isWhitespace(in.cp(b - 1))) {
                b--;
            }
            return a == 0 && b == in.length() ? in : in.slice(a, b);
        };
    }

    /** Removes non-spacing marks (what StripAccents removes after an NFD). */
    static HfText stripAccents(HfText in) {
        HfText out = new HfText(in.length());
        for (int i = 0; i < in.length(); i++) {
            if (Character.getType(in.cp(i)) != Character.NON_SPACING_MARK) {
                out.append(in.cp(i), in.start(i), in.end(i));
            }
        }
        return out;
    }

    /**
     * BERT's normalizer: drop control characters and turn whitespace into spaces, put spaces around CJK ideographs,
     * strip accents (by default when lower-casing), lower-case.
     */
    static HfNormalizer bert(JsonNode node) {
        boolean cleanText = node.path("clean_text").asBoolean(true);
        boolean chinese = node.path("handle_chinese_chars").asBoolean(true);
        boolean lowercase = node.path("lowercase").asBoolean(true);
        JsonNode sa = node.path("strip_accents");
        boolean stripAccents = sa.isBoolean() ? sa.asBoolean() : lowercase;
        return in -> {
            HfText t = in;
            if (cleanText) {
                HfText out = new HfText(t.length());
                for (int i = 0; i < t.length(); i++) {
                    int cp = t.cp(i);
                    if (cp == 0 || cp == 0xFFFD || isBertControl(cp)) {
                        continue;
                    }
                    out.append(isBertWhitespace(cp) ? ' ' : cp, t.start(i), t.end(i));
                }
                t = out;
            }
            if (chinese) {
                HfText out = new HfText(t.length());
                for (int i = 0; i < t.length(); i++) {
                    int cp = t.cp(i);
                    if (Unicode.isBertChineseChar(cp)) {
                        out.append(' ', t.start(i), t.start(i));
                        out.append(cp, t.start(i), t.end(i));
                        out.append(' ', t.end(i), t.end(i));
                    } else {
                        out.append(cp, t.start(i), t.end(i));
                    }
                }
                t = out;
            }
            if (stripAccents) {
                t = stripAccents(unicodeForm(t, Normalizer.Form.NFD));
            }
            if (lowercase) {
                t = lowercase(t);
            }
            return t;
        };
    }

    static boolean isBertWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Unicode.isWhitespace(cp);
    }

    static boolean isBertControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }
}
