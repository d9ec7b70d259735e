package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.bpe.BpeMerger;
import dev.llmx.tokenize.bpe.BpeRanks;
import dev.llmx.tokenize.bpe.ByteLevel;
import dev.llmx.tokenize.pretokenize.CodeMapping;
import dev.llmx.tokenize.pretokenize.CodepointText;
import dev.llmx.tokenize.pretokenize.Cuts;
import dev.llmx.tokenize.pretokenize.PreTokenizerSpec;
import dev.llmx.tokenize.spm.SpmMerger;
import dev.llmx.tokenize.text.ByteBuilder;
import dev.llmx.tokenize.text.NormalizedText;
import dev.llmx.tokenize.text.TokenList;
import dev.llmx.tokenize.text.TokenSink;
import dev.llmx.tokenize.text.WordCache;

/**
 * llama.cpp's BPE path: the fragment is split into words by the pre-tokenizer, each word is written in GPT-2's byte
 * alphabet (or kept as UTF-8 for SentencePiece-style BPE) and merged; a final symbol that is no token is spelled out
 * with single-byte tokens.
 */
final class BpeFragmentEncoder implements FragmentEncoder {
    private final LlamaVocab vocab;
    private final PreTokenizerSpec spec;
    private final BpeRanks ranks;
    private final BpeMerger merger;
    private final int[] byteSymbols;
    private final int[] fallbackTokens;
    private final CodepointText codepoints = new CodepointText(CodeMapping.LLAMA_CPP);
    private final Cuts cuts = new Cuts();
    private final Cuts scratch = new Cuts();
    private final NormalizedText normalized = new NormalizedText(256);
    private final ByteBuilder encodedWord = new ByteBuilder();
    private final WordCache cache;
    private final TokenList word = new TokenList(16);

    /**
     * @param byteSymbols    for byte-level BPE, the starting symbol id of each byte value
     * @param fallbackTokens per byte value, the token a leftover byte becomes (a one-byte token in the byte
     *                       alphabet's UTF-8, or {@code <0xNN>} for raw BPE), or -1 when it is dropped
     */
    BpeFragmentEncoder(LlamaVocab vocab, BpeRanks ranks, int[] byteSymbols, int[] fallbackTokens, WordCache cache) {
        this.cache = cache;
        this.vocab = vocab;
        this.spec = vocab.preTokenizer;
        this.ranks = ranks;
        this.merger = new BpeMerger(ranks);
        this.byteSymbols = byteSymbols;
        this.fallbackTokens = fallbackTokens;
    }

    @Override
    public void encode(byte[] input, int from, int to, boolean afterSpecial, TokenSink out) {
        byte[] text = input;
        int start = from;
        int end = to;
        TokenSink sink = out;
        if (spec.escapeWhitespaces()) {
            normalized.clear();
            for (int i = from; i < to; i++) {
                if (input[i] == ' ') {
                    normalized.append(SpmFragmentEncoder.SPACE_MARK, i, i + 1);
                } else {
                    normalized.append(input[i], i, i + 1);
                }
            }
            text = normalized.bytes();
            start = 0;
            end = normalized.length();
            sink = normalized.mapTo(out);
        }
        codepoints.reset(text, start, end);
        spec.preTokenizer().split(codepoints, cuts, scratch);
        for (int i = 0; i < cuts.size(); i++) {
            int a = start + codepoints.byteOffset(cuts.start(i));
            int b = start + codepoints.byteOffset(cuts.end(i));
            int[] cached = cache.get(text, a, b);
            if (cached == null) {
                word.truncate(0);
                if (spec.byteEncode()) {
                    encodeByteLevelWord(text, a, b, word);
                } else {
                    encodeRawWord(text, a, b, word);
                }
                cached = new int[word.size() * 2];
                for (int k = 0; k < word.size(); k++) {
                    cached[2 * k] = word.id(k);
                    cached[2 * k + 1] = word.end(k) - word.start(k);
                }
                cache.put(text, a, b, cached);
            }
            int pos = a;
            for (int k = 0; k < cached.length; k += 2) {
                sink.token(cached[k], pos, pos + cached[k + 1]);
                pos += cached[k + 1];
            }
        }
    }

    private void encodeByteLevelWord(byte[] text, int a, int b, TokenSink out) {
        if (spec.ignoreMerges()) {
            encodedWord.clear();
            for (int k = a; k < b; k++) {
                encodedWord.append(ByteLevel.utf8Of(text[k]));
            }
            int whole = vocab.index.get(encodedWord.array(), 0, encodedWord.length());
            if (whole >= 0) {
                out.token(whole, a, b);
                return;
            }
        }
        merger.reset();
        for (int k = a; k < b; k++) {
            merger.add(byteSymbols[text[k] & 0xFF], k, k + 1);
        }
        merger.merge();
        for (int s = merger.first(); s >= 0; s = merger.next(s)) {
            int id = merger.id(s);
            if (ranks.isToken(id)) {
                out.token(id, merger.start(s), merger.end(s));
                continue;
            }
            // llama.cpp looks up each byte of the symbol's byte-alphabet spelling as a one-byte token.
            for (int k = merger.start(s); k < merger.end(s); k++) {
                for (byte e : ByteLevel.utf8Of(text[k])) {
                    int t = fallbackTokens[e & 0xFF];
                    if (t >= 0) {
                        out.token(t, k, k + 1);
                    }
                }
            }
        }
    }

    private void encodeRawWord(byte[] text, int a, int b, TokenSink out) {
        if (spec.ignoreMerges() || (spec.newlineRunsWhole() && onlyNewlines(text, a, b))) {
            int whole = vocab.index.get(text, a, b);
            if (whole >= 0) {
                out.token(whole, a, b);
                return;
            }
        }
        merger.reset();
        int k = a;
        while (k < b) {
            int len = Math.min(SpmMerger.utf8Length(text[k]), b - k);
            merger.add(ranks.symbolId(text, k, k + len), k, k + len);
            k += len;
        }
        merger.merge();
        for (int s = merger.first(); s >= 0; s = merger.next(s)) {
            int id = merger.id(s);
            if (ranks.isToken(id)) {
                out.token(id, merger.start(s), merger.end(s));
                continue;
            }
            for (int j = merger.start(s); j < merger.end(s); j++) {
                int t = fallbackTokens[text[j] & 0xFF];
                if (t >= 0) {
                    out.token(t, j, j + 1);
                }
            }
        }
    }

    private static boolean onlyNewlines(byte[] text, int a, int b) {
        for (int i = a; i < b; i++) {
            if (text[i] != '\n') {
                return false;
            }
        }
        return b > a;
    }
}
