package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.spm.SpmMerger;
import dev.llmx.tokenize.text.NormalizedText;
import dev.llmx.tokenize.text.TokenSink;

import java.nio.charset.StandardCharsets;

/**
 * llama.cpp's SentencePiece path: a space is prepended when the model asks for it and the fragment follows a special
 * token (or starts the text), every space becomes ▁, and the score-driven merges run over the whole fragment.
 */
final class SpmFragmentEncoder implements FragmentEncoder {
    static final byte[] SPACE_MARK = "\u2581".getBytes(StandardCharsets.UTF_8);

    private final LlamaVocab vocab;
    private final SpmMerger merger;
    private final NormalizedText normalized = new NormalizedText(256);

    SpmFragmentEncoder(LlamaVocab vocab, int[] byteTokens) {
        this.vocab = vocab;
        this.merger = new SpmMerger(vocab.index, vocab.scores, byteTokens, Math.max(vocab.unk, 0));
    }

    @Override
    public void encode(byte[] input, int from, int to, boolean afterSpecial, TokenSink out) {
        normalized.clear();
        if (vocab.addSpacePrefix && afterSpecial) {
            normalized.append(SPACE_MARK, from, from);
        }
        for (int i = from; i < to; i++) {
            if (input[i] == ' ') {
                normalized.append(SPACE_MARK, i, i + 1);
            } else {
                normalized.append(input[i], i, i + 1);
            }
        }
        merger.encode(normalized.bytes(), 0, normalized.length(), normalized.mapTo(out));
    }
}
