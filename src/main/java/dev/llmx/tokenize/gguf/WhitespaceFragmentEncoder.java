package dev.llmx.tokenize.gguf;

import dev.llmx.tokenize.pretokenize.CodeMapping;
import dev.llmx.tokenize.pretokenize.CodepointText;
import dev.llmx.tokenize.text.NormalizedText;
import dev.llmx.tokenize.text.TokenSink;
import dev.llmx.tokenize.text.Unicode;
import dev.llmx.tokenize.text.Utf8Codec;

/**
 * llama.cpp's {@code whitespace} tokenizer model (jina-embeddings-v2-base-zh): whitespace is dropped, each run of other
 * characters is lower-cased when the vocabulary says so and then encoded by BPE on its own.
 */
final class WhitespaceFragmentEncoder implements FragmentEncoder {
    private final FragmentEncoder bpe;
    private final boolean lowercase;
    private final CodepointText codepoints = new CodepointText(CodeMapping.LLAMA_CPP);
    private final NormalizedText segment = new NormalizedText(64);
    private final byte[] utf8 = new byte[4];

    WhitespaceFragmentEncoder(FragmentEncoder bpe, boolean lowercase) {
        this.bpe = bpe;
        this.lowercase = lowercase;
    }

    @Override
    public void encode(byte[] input, int from, int to, boolean afterSpecial, TokenSink out) {
        codepoints.reset(input, from, to);
        segment.clear();
        for (int i = 0; i < codepoints.length(); i++) {
            int cp = codepoints.codePoint(i);
            if (Unicode.isWhitespace(cp)) {
                flush(out);
                continue;
            }
            int c = lowercase ? Unicode.toLowerCase(cp) : cp;
            int n = Utf8Codec.encode(c, utf8);
            int start = from + codepoints.byteOffset(i);
            int end = from + codepoints.byteOffset(i + 1);
            for (int k = 0; k < n; k++) {
                segment.append(utf8[k], start, end);
            }
        }
        flush(out);
    }

    private void flush(TokenSink out) {
        if (segment.length() > 0) {
            bpe.encode(segment.bytes(), 0, segment.length(), false, segment.mapTo(out));
            segment.clear();
        }
    }
}
