package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.pretokenize.CodeMapping;
import dev.llmx.tokenize.pretokenize.CodepointText;
import dev.llmx.tokenize.text.NormalizedText;
import dev.llmx.tokenize.text.TokenList;
import dev.llmx.tokenize.text.TokenSink;
import dev.llmx.tokenize.text.Unicode;
import dev.llmx.tokenize.text.Utf8Codec;


/**
 * llama.cpp's WordPiece path for BERT vocabularies: accents stripped and text lower-cased (as the file says), split
 * at whitespace and around punctuation and CJK ideographs, then each word — written with a leading ▁, as llama.cpp's
 * converter stores word-initial pieces — is cut greedily into the longest tokens; a word that cannot be cut
 * completely becomes the unknown token.
 */
final class WpmFragmentEncoder implements FragmentEncoder {
    private final LlamaVocab vocab;
    private final int maxTokenLength;
    private final CodepointText codepoints = new CodepointText(CodeMapping.LLAMA_CPP);
    private final NormalizedText word = new NormalizedText(64);
    private final TokenList pieces = new TokenList(16);
    private final byte[] utf8 = new byte[4];

    WpmFragmentEncoder(LlamaVocab vocab) {
        this.vocab = vocab;
        this.maxTokenLength = vocab.index.maxKeyLength();
    }

    @Override
    public void encode(byte[] input, int from, int to, boolean afterSpecial, TokenSink out) {
        codepoints.reset(input, from, to);
        word.clear();
        for (int i = 0; i < codepoints.length(); i++) {
            int cp = codepoints.codePoint(i);
            int start = from + codepoints.byteOffset(i);
            int end = from + codepoints.byteOffset(i + 1);
            if (vocab.stripAccents) {
                cp = Unicode.nfdFirst(cp);
            }
            int flags = Unicode.flags(cp);
            if ((flags & Unicode.WHITESPACE) != 0) {
                finishWord(out);
                continue;
            }
            int category = flags & 0xFF;
            if (cp == 0 || cp == 0xFFFD || category == Unicode.CONTROL) {
                continue;
            }
            if (vocab.stripAccents && category == Unicode.MARK) {
                continue;
            }
            int c = vocab.lowercase ? Unicode.toLowerCase(cp) : cp;
            if (category == Unicode.PUNCTUATION || (cp < 0x7F && category == Unicode.SYMBOL)
                    || Unicode.isBertChineseChar(cp)) {
                finishWord(out);
                appendToWord(c, start, end);
                finishWord(out);
            } else {
                appendToWord(c, start, end);
            }
        }
        finishWord(out);
    }

    private void appendToWord(int cp, int start, int end) {
        if (word.length() == 0) {
            word.append(SpmFragmentEncoder.SPACE_MARK, start, start);
        }
        int n = encodeUtf8(cp);
        for (int k = 0; k < n; k++) {
            word.append(utf8[k], start, end);
        }
    }

    private void finishWord(TokenSink out) {
        if (word.length() == 0) {
            return;
        }
        byte[] bytes = word.bytes();
        int n = word.length();
        pieces.truncate(0);
        boolean complete = true;
        for (int i = 0; i < n; ) {
            int found = -1;
            int j = Math.min(n, i + maxTokenLength + 1);
            for (; j > i; j--) {
                found = vocab.index.get(bytes, i, j);
                if (found >= 0) {
                    break;
                }
            }
            if (found < 0) {
                complete = false;
                break;
            }
            pieces.token(found, i, j);
            i = j;
        }
        TokenSink mapped = word.mapTo(out);
        if (complete) {
            for (int k = 0; k < pieces.size(); k++) {
                mapped.token(pieces.id(k), pieces.start(k), pieces.end(k));
            }
        } else {
            out.token(vocab.unk, word.originStart(0), word.originEnd(n - 1));
        }
        word.clear();
    }

    private int encodeUtf8(int cp) {
        return Utf8Codec.encode(cp, utf8);
    }
}
