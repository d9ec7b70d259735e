package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;
import dev.llmx.tokenize.pretokenize.CharClass;
import dev.llmx.tokenize.pretokenize.CodeMapping;
import dev.llmx.tokenize.pretokenize.CodepointText;
import dev.llmx.tokenize.pretokenize.RegexFamilies;
import dev.llmx.tokenize.pretokenize.Rule;

import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The patterns of tokenizer.json ({@code {"String": …}} or {@code {"Regex": …}}). The split regexes of the common
 * model families are recognised and run by llmx's linear-time rules; any other regex runs on java.util.regex
 * (Oniguruma and Java agree on the syntax tokenizers use, but a backtracking engine gives no time guarantee).
 */
final class HfPatterns {
    /** Finds the non-overlapping matches in a text, leftmost first, as (start, end) code point indices. */
    interface MatchFinder {
        void find(HfText text, MatchSink out);
    }

    /** Receives one match {@code [start, end)}. */
    interface MatchSink {
        void match(int start, int end);
    }

    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String GPT4O = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final Map<String, Supplier<Rule>> KNOWN = Map.of(
            GPT2, () -> RegexFamilies.gpt2(CodeMapping.UNICODE),
            LLAMA3, () -> RegexFamilies.qwen2Like(CodeMapping.UNICODE, 3),
            QWEN2, () -> RegexFamilies.qwen2Like(CodeMapping.UNICODE, 1),
            GPT4O, () -> RegexFamilies.caseAwareWords(CodeMapping.UNICODE,
                    CharClass.parse("[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]", CodeMapping.UNICODE),
                    CharClass.parse("[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]", CodeMapping.UNICODE), true, 3));

    private HfPatterns() {
    }

    /** A java.util.regex pattern for a tokenizer.json pattern (for replacements). */
    static Pattern pattern(JsonNode node) {
        if (node.has("String")) {
            return Pattern.compile(Pattern.quote(node.get("String").asText()));
        }
        if (node.has("Regex")) {
            return compile(node.get("Regex").asText());
        }
        throw new LlmxException("tokenizer.json: a pattern must be {\"String\": …} or {\"Regex\": …}");
    }

    /** A match finder for a tokenizer.json pattern (for splitting). */
    static MatchFinder finder(JsonNode node) {
        if (node.has("Regex") && KNOWN.containsKey(node.get("Regex").asText())) {
            return rules(KNOWN.get(node.get("Regex").asText()).get());
        }
        if (node.has("String")) {
            int[] needle = node.get("String").asText().codePoints().toArray();
            return (text, out) -> literal(text, needle, out);
        }
        Pattern p = pattern(node);
        return (text, out) -> {
            String s = text.toString();
            Matcher m = p.matcher(s);
            CodePointCounter counter = new CodePointCounter(s);
            while (m.find()) {
                if (m.end() > m.start()) {
                    out.match(counter.at(m.start()), counter.at(m.end()));
                }
            }
        };
    }

    /** The GPT-2 regex that the ByteLevel pre-tokenizer applies, as a finder. */
    static MatchFinder gpt2() {
        return rules(RegexFamilies.gpt2(CodeMapping.UNICODE));
    }

    private static MatchFinder rules(Rule rule) {
        ThreadLocal<CodepointText> scratch = ThreadLocal.withInitial(() -> new CodepointText(CodeMapping.UNICODE));
        return (text, out) -> {
            CodepointText t = scratch.get();
            int n = text.length();
            int[] cps = new int[n];
            for (int i = 0; i < n; i++) {
                cps[i] = text.cp(i);
            }
            t.reset(cps, n);
            int pos = 0;
            while (pos < n) {
                int m = rule.match(t, pos, n);
                if (m > pos) {
                    out.match(pos, m);
                    pos = m;
                } else {
                    pos++;
                }
            }
        };
    }

    private static void literal(HfText text, int[] needle, MatchSink out) {
        if (needle.length == 0) {
            return;
        }
        int n = text.length();
        int i = 0;
        outer:
        while (i + needle.length <= n) {
            for (int k = 0; k < needle.length; k++) {
                if (text.cp(i + k) != needle[k]) {
                    i++;
                    continue outer;
                }
            }
            out.match(i, i + needle.length);
            i += needle.length;
        }
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new LlmxException("tokenizer.json: regex " + regex + " is not supported (" + e.getDescription() + ")");
        }
    }
}
