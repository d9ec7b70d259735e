package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;
import dev.llmx.tokenize.bpe.ByteLevel;
import dev.llmx.tokenize.text.Unicode;
import dev.llmx.tokenize.text.Utf8Codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The pre-tokenizers of tokenizer.json, splitting (and for ByteLevel and Metaspace, rewriting) the normalized text
 * into the pieces the model encodes: {@code Sequence}, {@code ByteLevel}, {@code Split}, {@code Metaspace},
 * {@code Whitespace}, {@code WhitespaceSplit}, {@code BertPreTokenizer}, {@code Punctuation}, {@code Digits} and
 * {@code CharDelimiterSplit}, with Hugging Face's split behaviours.
 */
final class HfPreTokenizers {
    private HfPreTokenizers() {
    }

    /** Turns a list of pieces into a finer one. */
    interface HfPreTokenizer {
        List<HfText> apply(List<HfText> pieces);
    }

    /** Hugging Face's SplitDelimiterBehavior. */
    enum Behavior {
        REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

        static Behavior of(String name) {
            return switch (name) {
                case "Removed" -> REMOVED;
                case "Isolated" -> ISOLATED;
                case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
                case "MergedWithNext" -> MERGED_WITH_NEXT;
                case "Contiguous" -> CONTIGUOUS;
                default -> throw new LlmxException("tokenizer.json: unknown split behavior '" + name + "'");
            };
        }
    }

    static final HfPreTokenizer NONE = pieces -> pieces;

    static HfPreTokenizer from(JsonNode node) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        String type = node.path("type").asText();
        return switch (type) {
            case "Sequence" -> {
                List<HfPreTokenizer> steps = new ArrayList<>();
                for (JsonNode n : node.path("pretokenizers")) {
                    steps.add(from(n));
                }
                yield pieces -> {
                    List<HfText> p = pieces;
                    for (HfPreTokenizer s : steps) {
                        p = s.apply(p);
                    }
                    return p;
                };
            }
            case "ByteLevel" -> byteLevel(node.path("add_prefix_space").asBoolean(true),
                    node.path("use_regex").asBoolean(true));
            case "Split" -> split(HfPatterns.finder(node.path("pattern")), Behavior.of(node.path("behavior").asText()),
                    node.path("invert").asBoolean(false));
            case "Metaspace" -> metaspace(node);
            case "Whitespace" -> split(HfPreTokenizers::wordsOrSymbols, Behavior.ISOLATED, false)
                    .then(split(HfPreTokenizers::spaces, Behavior.REMOVED, false));
            case "WhitespaceSplit" -> split(HfPreTokenizers::spaces, Behavior.REMOVED, false);
            case "BertPreTokenizer" -> split(HfPreTokenizers::spaces, Behavior.REMOVED, false)
                    .then(split(HfPreTokenizers::punctuation, Behavior.ISOLATED, false));
            case "Punctuation" -> split(HfPreTokenizers::punctuation,
                    Behavior.of(node.path("behavior").asText("Isolated")), false);
            case "Digits" -> split(HfPreTokenizers::digits,
                    node.path("individual_digits").asBoolean(false) ? Behavior.ISOLATED : Behavior.CONTIGUOUS, false);
            case "CharDelimiterSplit" -> {
                int delimiter = firstCodePoint(node.path("delimiter").asText(), "CharDelimiterSplit.delimiter");
                yield split((t, out) -> {
                    for (int i = 0; i < t.length(); i++) {
                        if (t.cp(i) == delimiter) {
                            out.match(i, i + 1);
                        }
                    }
                }, Behavior.REMOVED, false);
            }
            default -> throw new LlmxException("tokenizer.json: pre-tokenizer '" + type + "' is not supported by llmx");
        };
    }

    /** A pre-tokenizer that is this one followed by {@code next}. */
    private interface Chainable extends HfPreTokenizer {
        default Chainable then(HfPreTokenizer next) {
            return pieces -> next.apply(apply(pieces));
        }
    }

    /**
     * GPT-2's byte-level pre-tokenizer: optionally a leading space, optionally the GPT-2 split, then each piece
     * written in the byte alphabet (each byte keeps the input byte it came from when the character is unchanged).
     */
    static HfPreTokenizer byteLevel(boolean addPrefixSpace, boolean useRegex) {
        HfPreTokenizer regex = useRegex ? split(HfPatterns.gpt2(), Behavior.ISOLATED, false) : NONE;
        byte[] utf8 = new byte[4];
        return pieces -> {
            List<HfText> prefixed = new ArrayList<>(pieces.size());
            for (HfText p : pieces) {
                if (addPrefixSpace && !p.isEmpty() && p.cp(0) != ' ') {
                    HfText q = new HfText(p.length() + 1);
                    q.append(' ', p.anchor(0), p.anchor(0));
                    q.append(p, 0, p.length());
                    prefixed.add(q);
                } else {
                    prefixed.add(p);
                }
            }
            List<HfText> out = new ArrayList<>();
            for (HfText p : regex.apply(prefixed)) {
                HfText b = new HfText(p.length() * 2);
                for (int i = 0; i < p.length(); i++) {
                    int n = Utf8Codec.encode(p.cp(i), utf8);
                    boolean exact = p.end(i) - p.start(i) == n;
                    for (int k = 0; k < n; k++) {
                        int s = exact ? p.start(i) + k : p.start(i);
                        int e = exact ? s + 1 : p.end(i);
                        b.append(ByteLevel.charOf(utf8[k]), s, e);
                    }
                }
                out.add(b);
            }
            return out;
        };
    }

    /** SentencePiece's Metaspace: spaces become ▁, a ▁ is prepended as the scheme says, pieces start at each ▁. */
    static HfPreTokenizer metaspace(JsonNode node) {
        int replacement = firstCodePoint(node.path("replacement").asText("\u2581"), "Metaspace.replacement");
        String scheme = node.has("prepend_scheme") ? node.get("prepend_scheme").asText()
                : node.path("add_prefix_space").asBoolean(true) ? "always" : "never";
        boolean split = node.path("split").asBoolean(true);
        HfPreTokenizer splitter = split ? split((t, out) -> {
            for (int i = 0; i < t.length(); i++) {
                if (t.cp(i) == replacement) {
                    out.match(i, i + 1);
                }
            }
        }, Behavior.MERGED_WITH_NEXT, false) : NONE;
        return pieces -> {
            List<HfText> replaced = new ArrayList<>(pieces.size());
            for (HfText p : pieces) {
                HfText q = new HfText(p.length() + 1);
                boolean prepend = !p.isEmpty() && p.cp(0) != ' ' && p.cp(0) != replacement
                        && (scheme.equals("always") || (scheme.equals("first") && p.start(0) == 0));
                if (prepend) {
                    q.append(replacement, p.anchor(0), p.anchor(0));
                }
                for (int i = 0; i < p.length(); i++) {
                    q.append(p.cp(i) == ' ' ? replacement : p.cp(i), p.start(i), p.end(i));
                }
                replaced.add(q);
            }
            return splitter.apply(replaced);
        };
    }

    /** Splits every piece at the finder's matches, then applies the behaviour (and {@code invert}). */
    static Chainable split(HfPatterns.MatchFinder finder, Behavior behavior, boolean invert) {
        return pieces -> {
            List<HfText> out = new ArrayList<>();
            for (HfText p : pieces) {
                splitOne(p, finder, behavior, invert, out);
            }
            return out;
        };
    }

    private static void splitOne(HfText p, HfPatterns.MatchFinder finder, Behavior behavior, boolean invert,
                                 List<HfText> out) {
        List<int[]> segments = new ArrayList<>();
        int[] last = {0};
        finder.find(p, (start, end) -> {
            if (start > last[0]) {
                segments.add(new int[] {last[0], start, 0});
            }
            segments.add(new int[] {start, end, 1});
            last[0] = end;
        });
        if (last[0] < p.length()) {
            segments.add(new int[] {last[0], p.length(), 0});
        }
        if (invert) {
            for (int[] s : segments) {
                s[2] = 1 - s[2];
            }
        }
        List<int[]> merged = new ArrayList<>();
        switch (behavior) {
            case REMOVED -> segments.stream().filter(s -> s[2] == 0).forEach(merged::add);
            case ISOLATED -> merged.addAll(segments);
            case MERGED_WITH_PREVIOUS -> {
                boolean previousMatch = false;
                for (int[] s : segments) {
                    if (s[2] == 1 && !previousMatch && !merged.isEmpty()) {
                        merged.get(merged.size() - 1)[1] = s[1];
                    } else {
                        merged.add(s);
                    }
                    previousMatch = s[2] == 1;
                }
            }
            case MERGED_WITH_NEXT -> {
                boolean previousMatch = false;
                List<int[]> reversed = new ArrayList<>();
                for (int k = segments.size() - 1; k >= 0; k--) {
                    int[] s = segments.get(k);
                    if (s[2] == 1 && !previousMatch && !reversed.isEmpty()) {
                        reversed.get(reversed.size() - 1)[0] = s[0];
                    } else {
                        reversed.add(s);
                    }
                    previousMatch = s[2] == 1;
                }
                for (int k = reversed.size() - 1; k >= 0; k--) {
                    merged.add(reversed.get(k));
                }
            }
            case CONTIGUOUS -> {
                boolean previousMatch = false;
                for (int[] s : segments) {
                    if (s[2] == 1 && previousMatch && !merged.isEmpty()) {
                        merged.get(merged.size() - 1)[1] = s[1];
                    } else {
                        merged.add(s);
                    }
                    previousMatch = s[2] == 1;
                }
            }
        }
        for (int[] s : merged) {
            if (s[1] > s[0]) {
                out.add(s[0] == 0 && s[1] == p.length() ? p : p.slice(s[0], s[1]));
            }
        }
    }

    /** {@code \w+|[^\w\s]+}. */
    private static void wordsOrSymbols(HfText t, HfPatterns.MatchSink out) {
        int i = 0;
        while (i < t.length()) {
            int cp = t.cp(i);
            if (Unicode.isWhitespace(cp)) {
                i++;
                continue;
            }
            boolean word = isWordChar(cp);
            int j = i + 1;
            while (j < t.length() && !Unicode.isWhitespace(t.cp(j)) && isWordChar(t.cp(j)) == word) {
                j++;
            }
            out.match(i, j);
            i = j;
        }
    }

    private static void spaces(HfText t, HfPatterns.MatchSink out) {
        for (int i = 0; i < t.length(); i++) {
            if (HfNormalizers.isBertWhitespace(t.cp(i))) {
                out.match(i, i + 1);
            }
        }
    }

    private static void punctuation(HfText t, HfPatterns.MatchSink out) {
        for (int i = 0; i < t.length(); i++) {
            if (isBertPunctuation(t.cp(i))) {
                out.match(i, i + 1);
            }
        }
    }

    private static void digits(HfText t, HfPatterns.MatchSink out) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isDigit(t.cp(i))) {
                out.match(i, i + 1);
            }
        }
    }

    private static int firstCodePoint(String s, String what) {
        if (s.isEmpty()) {
            throw new LlmxException("tokenizer.json: " + what + " is empty");
        }
        return s.codePointAt(0);
    }

    /** BERT's punctuation: ASCII non-alphanumeric printables, and Unicode punctuation. */
    static boolean isBertPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return Unicode.category(cp) == Unicode.PUNCTUATION;
    }

    private static boolean isWordChar(int cp) {
        int type = Character.getType(cp);
        return Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.CONNECTOR_PUNCTUATION || type == Character.LETTER_NUMBER;
    }
}
