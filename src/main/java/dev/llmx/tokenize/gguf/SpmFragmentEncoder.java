package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.spm.SpmMerger;
import dev.llmx.tokenize.text.NormalizedText;
import dev.llmx.tokenize.text.TokenList;
import dev.llmx.tokenize.text.WordCache;
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
    private final WordCache cache;
    private final TokenList word = new TokenList(16);

    /**
     * @param cache when not null, the vocabulary allows encoding word by word: no token has a ▁ after other text, so
     *              no merge can join a word with the ▁ that starts the next, and words can be cut there and cached
     */
    SpmFragmentEncoder(LlamaVocab vocab, int[] byteTokens, WordCache cache) {
        this.vocab = vocab;
        this.merger = new SpmMerger(vocab.index, vocab.scores, byteTokens, Math.max(vocab.unk, 0));
        this.cache = cache;
    }

    /** Whether no token of the vocabulary holds a ▁ that follows something other than ▁ (see the constructor). */
    static boolean canSplitAtSpaces(byte[][] tokens) {
        for (byte[] t : tokens) {
            for (int i = 3; i + 3 <= t.length; i++) {
                if (isMark(t, i) && !isMark(t, i - 3)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isMark(byte[] b, int i) {
        return i >= 0 && i + 3 <= b.length && b[i] == SPACE_MARK[0] && b[i + 1] == SPACE_MARK[1]
                && b[i + 2] == SPACE_MARK[2];
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
        TokenSink sink = normalized.mapTo(out);
        if (cache == null) {
            merger.encode(normalized.bytes(), 0, normalized.length(), sink);
            return;
        }
        byte[] text = normalized.bytes();
        int n = normalized.length();
        int start = 0;
        for (int i = 3; i <= n; i++) {
            if (i == n || (isMarkIn(text, i, n) && !isMarkIn(text, i - 3, n))) {
                encodeWord(text, start, i, sink);
                start = i;
            }
        }
    }

    private static boolean isMarkIn(byte[] b, int i, int n) {
        return i >= 0 && i + 3 <= n && b[i] == SPACE_MARK[0] && b[i + 1] == SPACE_MARK[1] && b[i + 2] == SPACE_MARK[2];
    }

    private void encodeWord(byte[] text, int from, int to, TokenSink sink) {
        if (from >= to) {
            return;
        }
        int[] cached = cache.get(text, from, to);
        if (cached == null) {
            word.truncate(0);
            merger.encode(text, from, to, word);
            cached = new int[word.size() * 2];
            for (int k = 0; k < word.size(); k++) {
                cached[2 * k] = word.id(k);
                cached[2 * k + 1] = word.end(k) - word.start(k);
            }
            cache.put(text, from, to, cached);
        }
        int pos = from;
        for (int k = 0; k < cached.length; k += 2) {
            sink.token(cached[k], pos, pos + cached[k + 1]);
            pos += cached[k + 1];
        }
    }
}
