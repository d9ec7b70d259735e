package dev.llmx.tokenize.pretokenize;

import static dev.llmx.tokenize.pretokenize.Rules.MANY;
import static dev.llmx.tokenize.pretokenize.Rules.contractions;
import static dev.llmx.tokenize.pretokenize.Rules.firstOf;
import static dev.llmx.tokenize.pretokenize.Rules.optionalThenRun;
import static dev.llmx.tokenize.pretokenize.Rules.prefixUpperPlusLowerStar;
import static dev.llmx.tokenize.pretokenize.Rules.prefixUpperStarLowerPlus;
import static dev.llmx.tokenize.pretokenize.Rules.repeat;
import static dev.llmx.tokenize.pretokenize.Rules.spaceRun;
import static dev.llmx.tokenize.pretokenize.Rules.spaceRunTail;
import static dev.llmx.tokenize.pretokenize.Rules.spacesNotBeforeNonSpace;
import static dev.llmx.tokenize.pretokenize.Rules.spacesThroughLastNewline;
import static dev.llmx.tokenize.pretokenize.Rules.withOptionalContraction;

/**
 * The regex families most tokenizers use, built for either character mapping (llama.cpp's collapsed classes or true
 * Unicode categories, as Hugging Face's tokenizers match them).
 */
public final class RegexFamilies {
    private RegexFamilies() {
    }

    /** GPT-2: {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}. */
    public static Rule gpt2(CodeMapping m) {
        CharClass space = CharClass.parse("\\s", m);
        return firstOf(contractions(false), spaceRun(CharClass.parse("\\p{L}", m)),
                spaceRun(CharClass.parse("\\p{N}", m)), spaceRun(CharClass.parse("[^\\s\\p{L}\\p{N}]", m)),
                spacesNotBeforeNonSpace(space, 1, MANY), repeat(space, 1, MANY));
    }

    /**
     * Llama 3 ({@code digitsMax} 3) and Qwen2 ({@code digitsMax} 1):
     * {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,digitsMax}| ?[^\s\p{L}\p{N}]+[\r\n]*
     * |\s*[\r\n]+|\s+(?!\S)|\s+}.
     */
    public static Rule qwen2Like(CodeMapping m, int digitsMax) {
        CharClass space = CharClass.parse("\\s", m);
        return firstOf(contractions(true),
                optionalThenRun(CharClass.parse("[^\\r\\n\\p{L}\\p{N}]", m), CharClass.parse("\\p{L}", m)),
                repeat(CharClass.parse("\\p{N}", m), 1, digitsMax),
                spaceRunTail(CharClass.parse("[^\\s\\p{L}\\p{N}]", m), CharClass.parse("[\\r\\n]", m), MANY),
                spacesThroughLastNewline(space), spacesNotBeforeNonSpace(space, 1, MANY), repeat(space, 1, MANY));
    }

    /**
     * The case-aware words of GPT-4o and its relatives:
     * {@code X?U*W+C?|X?U+W*C?|\p{N}{1,digitsMax}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+} with X =
     * {@code [^\r\n\p{L}\p{N}]}, U the upper-case class, W the lower-case class and C an optional contraction.
     */
    public static Rule caseAwareWords(CodeMapping m, CharClass upper, CharClass lower, boolean contraction,
                                      int digitsMax) {
        CharClass prefix = CharClass.parse("[^\\r\\n\\p{L}\\p{N}]", m);
        CharClass space = CharClass.parse("\\s", m);
        Rule first = prefixUpperStarLowerPlus(prefix, upper, lower);
        Rule second = prefixUpperPlusLowerStar(prefix, upper, lower);
        if (contraction) {
            first = withOptionalContraction(first, true);
            second = withOptionalContraction(second, true);
        }
        return firstOf(first, second, repeat(CharClass.parse("\\p{N}", m), 1, digitsMax),
                spaceRunTail(CharClass.parse("[^\\s\\p{L}\\p{N}]", m), CharClass.parse("[\\r\\n/]", m), MANY),
                spacesThroughLastNewline(space), spacesNotBeforeNonSpace(space, 1, MANY), repeat(space, 1, MANY));
    }
}
