package dev.llmx.tokenize.pretokenize;

import dev.llmx.LlmxException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.llmx.tokenize.pretokenize.Rules.MANY;
import static dev.llmx.tokenize.pretokenize.Rules.contractions;
import static dev.llmx.tokenize.pretokenize.Rules.firstOf;
import static dev.llmx.tokenize.pretokenize.Rules.literal;
import static dev.llmx.tokenize.pretokenize.Rules.optionalThenRun;
import static dev.llmx.tokenize.pretokenize.Rules.prefixLettersMarksSpaced;
import static dev.llmx.tokenize.pretokenize.Rules.prefixUpperPlusLowerStar;
import static dev.llmx.tokenize.pretokenize.Rules.prefixUpperStarLowerPlus;
import static dev.llmx.tokenize.pretokenize.Rules.repeat;
import static dev.llmx.tokenize.pretokenize.Rules.sequence;
import static dev.llmx.tokenize.pretokenize.Rules.spaceRun;
import static dev.llmx.tokenize.pretokenize.Rules.spaceRunTail;
import static dev.llmx.tokenize.pretokenize.Rules.spacesNotBeforeNonSpace;
import static dev.llmx.tokenize.pretokenize.Rules.spacesThroughLastNewline;
import static dev.llmx.tokenize.pretokenize.Rules.withOptionalContraction;
import static dev.llmx.tokenize.pretokenize.SplitStep.matches;

/**
 * Every value of {@code tokenizer.ggml.pre} that llama.cpp's {@code llama-vocab.cpp} recognises, mapped to its
 * pre-tokenizer type, and for each type the regexes llama.cpp applies in order (each splitting the pieces of the one
 * before) together with the settings the type implies. Each regex appears in the comment above the code that
 * implements it; the classes are parsed from the regex's own class syntax and mean what llama.cpp's collapsed
 * matching makes of them.
 */
public final class LlamaCppPreTokenizers {
    private static final Map<String, String> TYPE_OF_NAME = new LinkedHashMap<>();
    private static final Map<String, Settings> SETTINGS_OF_NAME = new LinkedHashMap<>();

    /** Per-name settings beyond the type (llama.cpp sets these name by name). */
    private record Settings(boolean cleanSpaces, boolean ignoreMerges, boolean addsBos) {
    }

    private static final Settings PLAIN = new Settings(true, false, false);
    private static final Settings NO_CLEAN = new Settings(false, false, false);

    static {
        name(PLAIN, "DEFAULT", "default");
        name(new Settings(true, true, false), "MINICPM5", "minicpm5");
        name(new Settings(true, true, true), "LLAMA3", "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1",
                "pixtral", "midm-2.0", "lfm2", "jina-v5-nano");
        name(NO_CLEAN, "DEEPSEEK_LLM", "deepseek-llm");
        name(NO_CLEAN, "DEEPSEEK_CODER", "deepseek-coder");
        name(NO_CLEAN, "DEEPSEEK3_LLM", "deepseek-v3");
        name(NO_CLEAN, "SPARK2_5", "spark2_5");
        name(new Settings(false, true, false), "YOUTU", "youtu");
        name(PLAIN, "FALCON", "falcon");
        name(PLAIN, "MPT", "mpt");
        name(PLAIN, "STARCODER", "starcoder");
        name(PLAIN, "GPT2", "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de",
                "a.x-4.0", "mellum", "modern-bert", "jina-v1-en", "jina-v2-code", "roberta-bpe", "exaone4");
        name(PLAIN, "JAIS2", "jais-2");
        name(PLAIN, "GEMMA4", "gemma4", "granite-embed-multi-311m");
        name(NO_CLEAN, "SARVAM_MOE", "sarvam-moe");
        name(PLAIN, "WHITESPACE", "whitespace");
        name(PLAIN, "REFACT", "refact");
        name(NO_CLEAN, "COMMAND_R", "command-r");
        name(NO_CLEAN, "QWEN2", "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2");
        name(PLAIN, "QWEN2", "megrez");
        name(NO_CLEAN, "QWEN35", "qwen35");
        name(PLAIN, "STABLELM2", "stablelm2");
        name(PLAIN, "OLMO", "olmo");
        name(PLAIN, "DBRX", "dbrx");
        name(PLAIN, "SMAUG", "smaug-bpe");
        name(NO_CLEAN, "PORO", "poro-chat");
        name(PLAIN, "CHATGLM4", "glm4", "chatglm-bpe");
        name(NO_CLEAN, "VIKING", "viking");
        name(PLAIN, "JAIS", "jais");
        name(new Settings(false, true, true), "TEKKEN", "tekken");
        name(NO_CLEAN, "SMOLLM", "smollm");
        name(PLAIN, "CODESHELL", "codeshell");
        name(PLAIN, "BLOOM", "bloom");
        name(PLAIN, "GPT3_FINNISH", "gpt3-finnish");
        name(PLAIN, "EXAONE", "exaone");
        name(PLAIN, "EXAONE_MOE", "exaone-moe");
        name(new Settings(false, false, true), "CHAMELEON", "chameleon");
        name(PLAIN, "MINERVA", "minerva-7b");
        name(NO_CLEAN, "GPT4O", "gpt-4o", "llama4", "kanana2", "talkie");
        name(new Settings(false, true, false), "GRANITE_EMB_MULTI", "granite-embed-multi-97m");
        name(NO_CLEAN, "TINY_AYA", "tiny_aya", "cohere2moe");
        name(NO_CLEAN, "SUPERBPE", "superbpe");
        name(NO_CLEAN, "TRILLION", "trillion");
        name(NO_CLEAN, "GRANITE_DOCLING", "granite-docling");
        name(NO_CLEAN, "BAILINGMOE", "bailingmoe", "bailingmoe2", "llada-moe");
        name(NO_CLEAN, "SEED_CODER", "seed-coder");
        name(NO_CLEAN, "HUNYUAN", "hunyuan");
        name(NO_CLEAN, "HUNYUAN_DENSE", "hunyuan-dense");
        name(NO_CLEAN, "HY_V4", "hy_v4");
        name(NO_CLEAN, "JOYAI_LLM", "joyai-llm");
        name(NO_CLEAN, "KIMI_K2", "kimi-k2");
        name(NO_CLEAN, "UFAKZEKA", "ufakzeka");
        name(NO_CLEAN, "GROK_2", "grok-2");
        name(NO_CLEAN, "AFMOE", "afmoe");
        name(NO_CLEAN, "LAGUNA", "laguna");
        name(NO_CLEAN, "MINIMAX_M2", "minimax-m2");
        name(NO_CLEAN, "SOLAR_OPEN", "solar-open");
        name(PLAIN, "MELLUM2", "mellum2");
    }

    private LlamaCppPreTokenizers() {
    }

    private static void name(Settings settings, String type, String... names) {
        for (String n : names) {
            TYPE_OF_NAME.put(n, type);
            SETTINGS_OF_NAME.put(n, settings);
        }
    }

    /** The names llama.cpp accepts, sorted. */
    public static List<String> names() {
        return List.copyOf(new TreeSet<>(TYPE_OF_NAME.keySet()));
    }

    /**
     * The pre-tokenizer for a {@code tokenizer.ggml.pre} value; an empty value means llama.cpp's default (it warns
     * that quality suffers). An unknown value is an error, as in llama.cpp.
     */
    public static PreTokenizerSpec forName(String name) {
        String key = name.isEmpty() ? "default" : name;
        String type = TYPE_OF_NAME.get(key);
        if (type == null) {
            throw new LlmxException("unknown pre-tokenizer type '" + name + "' (tokenizer.ggml.pre); llmx knows the "
                    + TYPE_OF_NAME.size() + " types llama.cpp knows, such as llama-bpe, qwen2, gpt-2, deepseek-llm");
        }
        Settings s = SETTINGS_OF_NAME.get(key);
        return switch (type) {
            case "GEMMA4", "SARVAM_MOE" -> new PreTokenizerSpec(type, preTokenizer(type),
                    false, true, s.cleanSpaces(), false, false, type.equals("GEMMA4"), false, null,
                    type.equals("GEMMA4"));
            case "WHITESPACE" -> new PreTokenizerSpec(type, preTokenizer(type),
                    false, false, s.cleanSpaces(), false, false, false, false, false, false);
            default -> new PreTokenizerSpec(type, preTokenizer(type), true, false, s.cleanSpaces(), s.ignoreMerges(),
                    s.addsBos(), false, type.equals("CHATGLM4"), null, false);
        };
    }

    /** The regexes of each BPE pre-tokenizer type, in llama.cpp's order. */
    static PreTokenizer preTokenizer(String type) {
        return switch (type) {
            case "LLAMA3", "DBRX", "SMAUG", "CHATGLM4" -> PreTokenizer.of(CustomSplits.LLAMA3);
            case "JAIS2" -> PreTokenizer.of(matches(jais2()));
            case "DEEPSEEK_LLM" -> PreTokenizer.of(
                    // [\r\n]
                    matches(repeat(c("[\\r\\n]"), 1, 1)),
                    // \s?[A-Za-zµÀ-ÖØ-öø-ƺ…]+  (the letters of cased scripts)
                    matches(optionalThenRun(c("\\s"), c(DEEPSEEK_LETTERS))),
                    // \s?[!-/:-~！-／：-～‘-‟　-。]+
                    matches(optionalThenRun(c("\\s"), c("[!-/:-~！-／：-～‘-‟　-。]"))),
                    // \s+$
                    CustomSplits.TRAILING_SPACES,
                    // [一-龥ࠀ-一가-퟿]+
                    matches(repeat(c("[一-龥ࠀ-一가-퟿]"), 1, MANY)),
                    // \p{N}+
                    matches(repeat(c("\\p{N}"), 1, MANY)));
            case "DEEPSEEK3_LLM", "HUNYUAN_DENSE", "JOYAI_LLM", "HY_V4" -> PreTokenizer.of(
                    // \p{N}{1,3}
                    matches(repeat(c("\\p{N}"), 1, 3)),
                    // [一-龥぀-ゟ゠-ヿ]+
                    matches(repeat(c("[一-龥぀-ゟ゠-ヿ]"), 1, MANY)),
                    // [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+
                    //   | ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
                    matches(firstOf(punctuationThenAsciiLetters(),
                            optionalThenRun(c("[^\\r\\n\\p{L}\\p{P}\\p{S}]"), c("[\\p{L}\\p{M}]")),
                            spaceRunTail(c("[\\p{P}\\p{S}]"), c("[\\r\\n]"), MANY),
                            spacesThroughLastNewline(SPACE), spacesNotBeforeNonSpace(SPACE, 1, MANY),
                            repeat(SPACE, 1, MANY))));
            case "SPARK2_5" -> PreTokenizer.of(
                    matches(repeat(c("\\p{N}"), 1, 3)),
                    matches(repeat(c("[一-龥぀-ゟ゠-ヿ]"), 1, MANY)),
                    // [!"#…~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+|[\r\n]|\s+(?!\S)|\s+
                    matches(firstOf(punctuationThenAsciiLetters(),
                            optionalThenRun(c("[^\\r\\n\\p{L}\\p{P}\\p{S}]"), c("[\\p{L}\\p{M}]")),
                            spaceRun(c("[\\p{P}\\p{S}]")), repeat(c("[\\r\\n]"), 1, 1),
                            spacesNotBeforeNonSpace(SPACE, 1, MANY), repeat(SPACE, 1, MANY))),
                    matches(repeat(c("\\p{N}"), 1, 1)));
            case "YOUTU" -> PreTokenizer.of(
                    // [가-힣ㄱ-ㆎ]+|[！…“”‘’—：；，、-〿︰-﹏]+|[ㄅ-ㄯ]+|[一-龥぀-ゟ゠-ヿ]+
                    matches(firstOf(repeat(c("[가-힣ㄱ-ㆎ]"), 1, MANY), repeat(c("[！…“”‘’—：；，、-〿︰-﹏]"), 1, MANY),
                            repeat(c("[ㄅ-ㄯ]"), 1, MANY), repeat(c("[一-龥぀-ゟ゠-ヿ]"), 1, MANY))),
                    // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'[sS]|…)?
                    //   |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'[sS]|…)?
                    //   |\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
                    matches(caseAwareWords(c("[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]"),
                            c("[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]"), true, 1)));
            case "DEEPSEEK_CODER" -> PreTokenizer.of(
                    matches(repeat(c("[\\r\\n]"), 1, 1)),
                    // \s?\p{L}+
                    matches(optionalThenRun(SPACE, c("\\p{L}"))),
                    // \s?\p{P}+
                    matches(optionalThenRun(SPACE, c("\\p{P}"))),
                    matches(repeat(c("[一-龥ࠀ-一가-퟿]"), 1, MANY)),
                    matches(repeat(c("\\p{N}"), 1, 1)));
            case "FALCON" -> PreTokenizer.of(
                    // [\p{P}\$\+<=>\^~\|`]+
                    matches(repeat(c("[\\p{P}\\$\\+<=>\\^~\\|`]"), 1, MANY)),
                    CustomSplits.GPT2,
                    // [0-9][0-9][0-9]
                    matches(repeat(c("[0-9]"), 3, 3)));
            case "STARCODER", "REFACT", "COMMAND_R", "SMOLLM", "CODESHELL", "EXAONE", "MINERVA", "MELLUM2" ->
                    PreTokenizer.of(matches(repeat(c("\\p{N}"), 1, 1)), CustomSplits.GPT2);
            case "GPT2", "MPT", "OLMO", "JAIS", "TRILLION", "GRANITE_DOCLING" -> PreTokenizer.of(CustomSplits.GPT2);
            case "STABLELM2", "QWEN2", "HUNYUAN", "SOLAR_OPEN", "GROK_2" -> PreTokenizer.of(matches(qwen2Like(1)));
            case "QWEN35" -> PreTokenizer.of(
                    // (?:'[sS]|…)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+
                    //   |\s+(?!\S)|\s+
                    matches(firstOf(contractions(true), optionalThenRun(NOT_BREAK_LETTER_NUMBER, c("[\\p{L}\\p{M}]")),
                            repeat(c("\\p{N}"), 1, 1), spaceRunTail(c("[^\\s\\p{L}\\p{M}\\p{N}]"), c("[\\r\\n]"), MANY),
                            spacesThroughLastNewline(SPACE), spacesNotBeforeNonSpace(SPACE, 1, MANY),
                            repeat(SPACE, 1, MANY))));
            case "PORO", "BLOOM", "GPT3_FINNISH" -> PreTokenizer.of(
                    // ?[^(\s|.,!?…。，、।۔،)]+
                    matches(spaceRun(c("[^(\\s|.,!?…。，、।۔،)]"))));
            case "VIKING" -> PreTokenizer.of(
                    matches(spaceRun(c("[^(\\s|.,!?…。，、।۔،)]"))),
                    matches(repeat(c("\\p{N}"), 1, 1)));
            case "TEKKEN" -> PreTokenizer.of(
                    // [^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+
                    //   |[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*
                    //   |\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
                    matches(caseAwareWords(CharClass.difference(c("\\p{L}"), c("[a-z]")),
                            CharClass.difference(c("\\p{L}"), c("[A-Z]")), false, 1)));
            case "CHAMELEON" -> PreTokenizer.of(
                    // <sentinel:[0-9]+>
                    matches(sequence(literal("<sentinel:"), repeat(c("[0-9]"), 1, MANY), literal(">"))),
                    // (IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z
                    matches(sequence(literal("IMGIMG"), repeat(c("[A-I]"), 1, 4), literal("Z"))),
                    // ([\t\n]|    |  )
                    matches(firstOf(repeat(c("[\\t\\n]"), 1, 1), literal("    "), literal("  "))),
                    matches(repeat(c("\\p{N}"), 1, 1)),
                    // [\p{P}!-/:-@\[-`{-~]
                    matches(repeat(c("[\\p{P}!-/:-@\\[-`{-~]"), 1, 1)),
                    CustomSplits.GPT2);
            case "GPT4O", "MINIMAX_M2" -> PreTokenizer.of(
                    // [^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))*((?=[\p{L}])([^A-Z]))+(?:'[sS]|…)?
                    //   |[^\r\n\p{L}\p{N}]?((?=[\p{L}])([^a-z]))+((?=[\p{L}])([^A-Z]))*(?:'[sS]|…)?
                    //   |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
                    matches(caseAwareWords(CharClass.difference(c("\\p{L}"), c("[a-z]")),
                            CharClass.difference(c("\\p{L}"), c("[A-Z]")), true, 3)));
            case "GRANITE_EMB_MULTI" -> PreTokenizer.of(
                    // as GPT4O with (?=[\p{L}\p{M}]) in the lookaheads
                    matches(caseAwareWords(CharClass.difference(c("[\\p{L}\\p{M}]"), c("[a-z]")),
                            CharClass.difference(c("[\\p{L}\\p{M}]"), c("[A-Z]")), true, 3)));
            case "TINY_AYA" -> PreTokenizer.of(
                    // \d{1,3}(?=(?:\d{3})*\b)
                    CustomSplits.DIGITS_TO_WORD_BOUNDARY,
                    // [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'[sS]|…)?|…
                    //   |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
                    matches(caseAwareWords(c("[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]"),
                            c("[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]"), true, 3)));
            case "KIMI_K2" -> PreTokenizer.of(CustomSplits.KIMI_K2);
            case "SUPERBPE" -> PreTokenizer.of(
                    matches(repeat(c("\\p{N}"), 1, MANY)),
                    // (?=(\d{3})+(?!\d))
                    CustomSplits.DIGITS_FROM_RIGHT);
            case "BAILINGMOE" -> PreTokenizer.of(
                    // '(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*
                    //   |\s*[\r\n]|\s+(?!\S)|\s+
                    matches(firstOf(contractions(true), optionalThenRun(NOT_BREAK_LETTER_NUMBER, c("\\p{L}")),
                            repeat(c("\\p{N}"), 1, 1), spaceRunTail(OTHER, c("[\\r\\n]"), MANY),
                            spacesThroughLastNewline(SPACE), spacesNotBeforeNonSpace(SPACE, 1, MANY),
                            repeat(SPACE, 1, MANY))));
            case "SEED_CODER" -> PreTokenizer.of(
                    // (?:'[sS]|…)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1}| ?[^\s\p{L}\p{N}\r\n]+|\s*[\r\n]+|\s+(?!\S)|\s+
                    matches(firstOf(contractions(true), optionalThenRun(NOT_BREAK_LETTER_NUMBER, c("\\p{L}")),
                            repeat(c("\\p{N}"), 1, 1), spaceRun(c("[^\\s\\p{L}\\p{N}\\r\\n]")),
                            spacesThroughLastNewline(SPACE), spacesNotBeforeNonSpace(SPACE, 1, MANY),
                            repeat(SPACE, 1, MANY))));
            case "UFAKZEKA" -> PreTokenizer.of(
                    // [^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
                    matches(firstOf(optionalThenRun(NOT_BREAK_LETTER_NUMBER, c("\\p{L}")), repeat(c("\\p{N}"), 1, 1),
                            spaceRunTail(OTHER, c("[\\r\\n]"), MANY), spacesThroughLastNewline(SPACE),
                            spacesNotBeforeNonSpace(SPACE, 1, MANY), repeat(SPACE, 1, MANY))));
            case "AFMOE" -> PreTokenizer.of(
                    CustomSplits.AFMOE_DIGITS,
                    matches(repeat(c("[一-鿿㐀-䶿\uF900-\uFAFF぀-ゟ゠-ヿ･-ﾟ⼀-⿟เ-๿຀-໿ក-៿က-႟ꩠ-ꩿꧠ-꧿가-힯ᄀ-ᇿ]"), 1, MANY)),
                    // [!"#…~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+
                    //   |\s+(?!\S)|\s+
                    matches(firstOf(punctuationThenAsciiLetters(),
                            optionalThenRun(c("[^\\r\\n\\p{L}\\p{P}\\p{S}]"), c("[\\p{L}\\p{M}]")),
                            spaceRunTail(c("[\\p{P}\\p{S}]"), c("[\\r\\n]"), MANY), spacesThroughLastNewline(SPACE),
                            spacesNotBeforeNonSpace(SPACE, 1, MANY), repeat(SPACE, 1, MANY))));
            case "LAGUNA" -> PreTokenizer.of(matches(lineOrNewlines()), matches(qwen2Like(1)));
            case "EXAONE_MOE" -> PreTokenizer.of(
                    // (?:'[sS]|…)|[^\r\n\p{L}\p{N}]?(?:\p{L}\p{M}*(?: \p{L}\p{M}*)*)+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]?
                    //   |\s*[\r\n]|\s+(?!\S)|\s+
                    matches(firstOf(contractions(true),
                            prefixLettersMarksSpaced(NOT_BREAK_LETTER_NUMBER, c("\\p{L}"), c("\\p{M}")),
                            repeat(c("\\p{N}"), 1, 1), spaceRunTail(OTHER, c("[\\r\\n/]"), 1),
                            spacesThroughLastNewline(SPACE), spacesNotBeforeNonSpace(SPACE, 1, MANY),
                            repeat(SPACE, 1, MANY))));
            case "MINICPM5" -> PreTokenizer.of(
                    matches(repeat(c("\\p{N}"), 1, 3)),
                    // (?:'[sS]|…)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}+| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
                    matches(qwen2Like(MANY)));
            case "GEMMA4", "SARVAM_MOE" -> PreTokenizer.of(matches(lineOrNewlines()));
            // \S+
            case "WHITESPACE" -> PreTokenizer.of(matches(repeat(c("\\S"), 1, MANY)));
            case "DEFAULT" -> PreTokenizer.of(
                    // [\p{P}\$\+<=>\^~\|]+
                    matches(repeat(c("[\\p{P}\\$\\+<=>\\^~\\|]"), 1, MANY)),
                    CustomSplits.GPT2,
                    matches(repeat(c("\\p{N}"), 1, MANY)),
                    matches(repeat(c("[0-9]"), 3, 3)));
            default -> throw new IllegalStateException("no regexes for pre-tokenizer type " + type);
        };
    }

    /** The letters of the deepseek-llm regex, as its class lists them. */
    private static final String DEEPSEEK_LETTERS = "[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-\u1F7Dᾀ-ᾴᾶ-ᾼ\u1FBEῂ-ῄῆ-ῌῐ-\u1FD3ῖ-\u1FDBῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤ\u2126ℨ\u212A-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]";

    private static final CharClass SPACE = c("\\s");
    private static final CharClass OTHER = c("[^\\s\\p{L}\\p{N}]");
    private static final CharClass NOT_BREAK_LETTER_NUMBER = c("[^\\r\\n\\p{L}\\p{N}]");

    private static CharClass c(String regexClass) {
        return CharClass.parse(regexClass, CodeMapping.LLAMA_CPP);
    }

    private static Rule qwen2Like(int digitsMax) {
        return RegexFamilies.qwen2Like(CodeMapping.LLAMA_CPP, digitsMax);
    }

    /**
     * JAIS-2: the Llama 3 regex with whitespace taken in cascading blocks:
     * {@code …|\s*[\r\n]+|\s{512}(?!\S)|\s{256}(?!\S)|…|\s{4}(?!\S)|\s{1,2}(?!\S)|\s{1}}.
     */
    private static Rule jais2() {
        return firstOf(contractions(true), optionalThenRun(NOT_BREAK_LETTER_NUMBER, c("\\p{L}")),
                repeat(c("\\p{N}"), 1, 3), spaceRunTail(OTHER, c("[\\r\\n]"), MANY), spacesThroughLastNewline(SPACE),
                spacesNotBeforeNonSpace(SPACE, 512, 512), spacesNotBeforeNonSpace(SPACE, 256, 256),
                spacesNotBeforeNonSpace(SPACE, 128, 128), spacesNotBeforeNonSpace(SPACE, 64, 64),
                spacesNotBeforeNonSpace(SPACE, 32, 32), spacesNotBeforeNonSpace(SPACE, 16, 16),
                spacesNotBeforeNonSpace(SPACE, 8, 8), spacesNotBeforeNonSpace(SPACE, 4, 4),
                spacesNotBeforeNonSpace(SPACE, 1, 2), repeat(SPACE, 1, 1));
    }

    private static Rule caseAwareWords(CharClass upper, CharClass lower, boolean contraction, int digitsMax) {
        return RegexFamilies.caseAwareWords(CodeMapping.LLAMA_CPP, upper, lower, contraction, digitsMax);
    }

    /** {@code [!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+}. */
    private static Rule punctuationThenAsciiLetters() {
        return sequence(repeat(c("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]"), 1, 1), repeat(c("[A-Za-z]"), 1, MANY));
    }

    /** {@code [^\n]+|[\n]+}. */
    private static Rule lineOrNewlines() {
        return firstOf(repeat(c("[^\\n]"), 1, MANY), repeat(c("[\\n]"), 1, MANY));
    }
}
