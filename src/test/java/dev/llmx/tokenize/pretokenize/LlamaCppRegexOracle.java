package dev.llmx.tokenize.pretokenize;

import dev.llmx.tokenize.text.Unicode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * A slow, obviously-faithful model of llama.cpp's {@code unicode_regex_split}: the regexes of each pre-tokenizer type
 * exactly as llama-vocab.cpp writes them, run with java.util.regex (a backtracking engine with the same
 * leftmost-first semantics as {@code std::regex}) over llama.cpp's "collapsed" text when the regex uses
 * {@code \p{…}} and over the code points (non-ASCII whitespace as {@code \v}) when it does not. The hand-written,
 * linear pre-tokenizers are checked against it on random text.
 */
final class LlamaCppRegexOracle {
    static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
    static final String LLAMA3 = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2 = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String DEEPSEEK3 = "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+";
    static final String GPT4O = "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String CASE_WORDS = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}";

    /** Pre-tokenizer type → its regexes, as llama-vocab.cpp lists them. */
    static final Map<String, List<String>> REGEXES = Map.ofEntries(
            entry("LLAMA3", List.of(LLAMA3)),
            entry("JAIS2", List.of("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s{512}(?!\\S)|\\s{256}(?!\\S)|\\s{128}(?!\\S)|\\s{64}(?!\\S)|\\s{32}(?!\\S)|\\s{16}(?!\\S)|\\s{8}(?!\\S)|\\s{4}(?!\\S)|\\s{1,2}(?!\\S)|\\s{1}")),
            entry("DEEPSEEK_LLM", List.of("[\r\n]",
                    "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-\u1F7Dᾀ-ᾴᾶ-ᾼ\u1FBEῂ-ῄῆ-ῌῐ-\u1FD3ῖ-\u1FDBῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤ\u2126ℨ\u212A-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+",
                    "\\s?[!-/:-~！-／：-～‘-‟　-。]+", "\\s+$", "[一-龥ࠀ-一가-퟿]+", "\\p{N}+")),
            entry("DEEPSEEK3_LLM", List.of("\\p{N}{1,3}", "[一-龥぀-ゟ゠-ヿ]+", DEEPSEEK3)),
            entry("SPARK2_5", List.of("\\p{N}{1,3}", "[一-龥぀-ゟ゠-ヿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+|[\r\n]|\\s+(?!\\S)|\\s+",
                    "\\p{N}")),
            entry("YOUTU", List.of("[가-힣ㄱ-ㆎ]+|[！…“”‘’—：；，、-〿︰-﹏]+|[ㄅ-ㄯ]+|[一-龥぀-ゟ゠-ヿ]+",
                    CASE_WORDS + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("DEEPSEEK_CODER", List.of("[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[一-龥ࠀ-一가-퟿]+", "\\p{N}")),
            entry("FALCON", List.of("[\\p{P}\\$\\+<=>\\^~\\|`]+", GPT2, "[0-9][0-9][0-9]")),
            entry("STARCODER", List.of("\\p{N}", GPT2)),
            entry("GPT2", List.of(GPT2)),
            entry("QWEN2", List.of(QWEN2)),
            entry("QWEN35", List.of("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("BLOOM", List.of(" ?[^(\\s|.,!?…。，、।۔،)]+")),
            entry("VIKING", List.of(" ?[^(\\s|.,!?…。，、।۔،)]+", "\\p{N}")),
            entry("TEKKEN", List.of("[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("CHAMELEON", List.of("<sentinel:[0-9]+>", "(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z", "([\\t\\n]|    |  )",
                    "\\p{N}", "[\\p{P}!-/:-@\\[-`{-~]", GPT2)),
            entry("GPT4O", List.of(GPT4O)),
            entry("GRANITE_EMB_MULTI", List.of("[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}\\p{M}])([^a-z]))*((?=[\\p{L}\\p{M}])([^A-Z]))+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}\\p{M}])([^a-z]))+((?=[\\p{L}\\p{M}])([^A-Z]))*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("TINY_AYA", List.of("\\d{1,3}(?=(?:\\d{3})*\\b)",
                    CASE_WORDS.replace("|\\p{N}", "|\\p{N}{1,3}") + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("SUPERBPE", List.of("\\p{N}+", "(?=(\\d{3})+(?!\\d))")),
            entry("BAILINGMOE", List.of("'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+")),
            entry("SEED_CODER", List.of("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("UFAKZEKA", List.of("[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("LAGUNA", List.of("[^\\n]+|[\\n]+", QWEN2)),
            entry("EXAONE_MOE", List.of("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?(?:\\p{L}\\p{M}*(?: \\p{L}\\p{M}*)*)+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]?|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+")),
            entry("MINICPM5", List.of("\\p{N}{1,3}", "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}+| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")),
            entry("GEMMA4", List.of("[^\\n]+|[\\n]+")),
            entry("WHITESPACE", List.of("\\S+")),
            entry("DEFAULT", List.of("[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, "\\p{N}+", "[0-9][0-9][0-9]")),
            entry("AFMOE_TAIL", List.of("[一-鿿㐀-䶿\uF900-\uFAFF぀-ゟ゠-ヿ･-ﾟ⼀-⿟เ-๿຀-໿ក-៿က-႟ꩠ-ꩿꧠ-꧿가-힯ᄀ-ᇿ]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")));

    private static final String[] CATEGORIES = {"\\p{N}", "\\p{L}", "\\p{P}", "\\p{M}", "\\p{S}", "\\p{Lu}", "\\p{Ll}",
        "\\p{Lt}", "\\p{Lm}", "\\p{Lo}"};

    private LlamaCppRegexOracle() {
    }

    /** The pieces llama.cpp would produce for {@code text} with these regexes. */
    static List<String> split(String text, List<String> regexes) {
        int[] cps = text.codePoints().toArray();
        List<int[]> pieces = new ArrayList<>();
        pieces.add(new int[] {0, cps.length});
        for (String regex : regexes) {
            boolean collapsed = false;
            for (String c : CATEGORIES) {
                collapsed |= regex.contains(c);
            }
            String subject = collapsed ? collapsedText(cps) : wideText(cps);
            Pattern p = Pattern.compile(collapsed ? collapsedRegex(regex) : javaSyntax(regex));
            // the subject has one char per code point only when collapsed; map code point offsets otherwise
            int[] charAt = charOffsets(subject);
            List<int[]> next = new ArrayList<>();
            for (int[] piece : pieces) {
                Matcher m = p.matcher(subject);
                m.region(charAt[piece[0]], charAt[piece[1]]);
                int startIdx = piece[0];
                while (m.find()) {
                    int ms = cpIndex(charAt, m.start());
                    int me = cpIndex(charAt, m.end());
                    if (ms > startIdx) {
                        next.add(new int[] {startIdx, ms});
                    }
                    if (me > ms) {
                        next.add(new int[] {ms, me});
                    }
                    startIdx = me;
                }
                if (startIdx < piece[1]) {
                    next.add(new int[] {startIdx, piece[1]});
                }
            }
            pieces = next;
        }
        List<String> out = new ArrayList<>();
        for (int[] p : pieces) {
            out.add(new String(cps, p[0], p[1] - p[0]));
        }
        return out;
    }

    private static int[] charOffsets(String s) {
        int n = s.codePointCount(0, s.length());
        int[] at = new int[n + 1];
        int i = 0;
        for (int k = 0; k < n; k++) {
            at[k] = i;
            i += Character.charCount(s.codePointAt(i));
        }
        at[n] = s.length();
        return at;
    }

    private static int cpIndex(int[] charAt, int charIndex) {
        int lo = 0;
        int hi = charAt.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (charAt[mid] < charIndex) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** llama.cpp's collapsed text: ASCII as is, other whitespace as \v, other code points as their category byte. */
    static String collapsedText(int[] cps) {
        StringBuilder sb = new StringBuilder(cps.length);
        for (int cp : cps) {
            if (cp < 128) {
                sb.append((char) cp);
            } else {
                int f = Unicode.flags(cp);
                if ((f & Unicode.WHITESPACE) != 0) {
                    sb.append('\u000B');
                } else {
                    sb.append(switch (f & 0xFF) {
                        case Unicode.NUMBER -> '\u00D1';
                        case Unicode.LETTER -> '\u00D2';
                        case Unicode.PUNCTUATION -> '\u00D3';
                        case Unicode.MARK -> '\u00D4';
                        case Unicode.SYMBOL -> '\u00D5';
                        default -> '\u00D0';
                    });
                }
            }
        }
        return sb.toString();
    }

    /** The code points, with non-ASCII whitespace as \v (what llama.cpp feeds std::wregex). */
    static String wideText(int[] cps) {
        StringBuilder sb = new StringBuilder();
        for (int cp : cps) {
            sb.appendCodePoint(cp > 0x7F && Unicode.isWhitespace(cp) ? 0x0B : cp);
        }
        return sb.toString();
    }

    /** llama.cpp's regex collapse: each \p{X} becomes its category byte plus its ASCII list. */
    static String collapsedRegex(String regex) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '[' && (i == 0 || regex.charAt(i - 1) != '\\')) {
                out.append('[');
                inside = true;
                continue;
            }
            if (inside && c == ']' && regex.charAt(i - 1) != '\\') {
                out.append(']');
                inside = false;
                continue;
            }
            if (c == '\\' && i + 3 < regex.length() && regex.charAt(i + 1) == 'p' && regex.charAt(i + 2) == '{') {
                int close = regex.indexOf('}', i + 3);
                String cat = regex.substring(i + 3, close);
                String set = switch (cat) {
                    case "N" -> "\u00D10-9";
                    case "L", "Lu", "Ll", "Lt", "Lm", "Lo" -> "\u00D2A-Za-z";
                    case "P" -> "\u00D3!-#%-*,-/:-;?-@\\[-\\]_\\{\\}";
                    case "M" -> "\u00D4";
                    case "S" -> "\u00D5\\$\\+<->^`\\|";
                    default -> throw new IllegalArgumentException(cat);
                };
                out.append(inside ? set : "[" + set + "]");
                i = close;
                continue;
            }
            out.append(c);
        }
        return javaSyntax(out.toString());
    }

    /** ECMAScript → java.util.regex where they differ: $ only at the very end, \b over ASCII word characters. */
    private static String javaSyntax(String regex) {
        String r = regex.endsWith("$") && !regex.endsWith("\\$") ? regex.substring(0, regex.length() - 1) + "\\z"
                : regex;
        return r.replace("\\b", "(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))");
    }
}
