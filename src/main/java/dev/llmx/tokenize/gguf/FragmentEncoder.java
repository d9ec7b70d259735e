package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.text.TokenSink;

/**
 * Encodes the plain text between special tokens with one tokenizer model. One instance serves one encode call and
 * keeps scratch space between fragments; spans it reports are byte offsets into the whole input.
 */
interface FragmentEncoder {
    /**
     * @param afterSpecial whether the fragment starts the text or follows a special token (SentencePiece then
     *                     prepends its space)
     */
    void encode(byte[] input, int from, int to, boolean afterSpecial, TokenSink out);
}
