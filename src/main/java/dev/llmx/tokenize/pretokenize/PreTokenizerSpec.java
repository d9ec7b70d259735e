package dev.llmx.tokenize.pretokenize;

/**
 * A llama.cpp pre-tokenizer type ({@code tokenizer.ggml.pre}) with the tokenizer settings llama.cpp ties to it.
 *
 * @param name              the type's name in llama.cpp ({@code LLAMA3}, {@code QWEN2} …)
 * @param preTokenizer      how text is split into words
 * @param byteEncode        whether words are mapped to GPT-2's byte alphabet before BPE (false: raw UTF-8 with
 *                          {@code <0xNN>} byte tokens)
 * @param escapeWhitespaces whether spaces become ▁ before splitting (SentencePiece-style BPE)
 * @param cleanSpaces       whether decoding removes spaces before punctuation ({@code clean_up_tokenization_spaces})
 * @param ignoreMerges      whether a word that is a token as a whole skips the merges
 * @param addsBos           the default of {@code add_bos_token} for this type
 * @param forcesBos         whether BOS is added whatever the file says (Gemma 4)
 * @param noBos             whether the type has no BOS token unless the file names one (ChatGLM)
 * @param lowercase         the normalizer's lower-casing for this type, or null for the file's setting
 * @param newlineRunsWhole  whether a word made only of line breaks is taken whole when it is a token (Gemma 4)
 */
public record PreTokenizerSpec(String name, PreTokenizer preTokenizer, boolean byteEncode, boolean escapeWhitespaces,
                               boolean cleanSpaces, boolean ignoreMerges, boolean addsBos, boolean forcesBos,
                               boolean noBos, Boolean lowercase, boolean newlineRunsWhole) {
}
