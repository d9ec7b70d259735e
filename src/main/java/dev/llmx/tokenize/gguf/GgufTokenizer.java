package dev.llmx.tokenize.gguf;

import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufMetadata;
import dev.llmx.tokenize.Encoded;
import dev.llmx.tokenize.TextDecoder;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.bpe.BpeRanks;
import dev.llmx.tokenize.bpe.ByteLevel;
import dev.llmx.tokenize.text.ByteBuilder;
import dev.llmx.tokenize.text.TokenList;
import dev.llmx.tokenize.text.WordCache;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A model's own tokenizer built from GGUF metadata ({@code tokenizer.ggml.*}), giving the ids llama.cpp gives:
 * SentencePiece-style ({@code llama}), byte-level BPE with llama.cpp's pre-tokenizers ({@code gpt2}, {@code gemma4},
 * {@code whitespace}) or WordPiece ({@code bert}). Special tokens are cut out first (user-defined ones always,
 * control ones only when parsing special tokens), the rest is encoded fragment by fragment.
 */
public final class GgufTokenizer implements Tokenizer {
    private static final byte[] EMPTY = new byte[0];

    private final String name;
    private final LlamaVocab vocab;
    private final SpecialTokenSplitter splitter;
    private final byte[][] pieces;
    private final int[] byteTokens;
    private final BpeRanks ranks;
    private final int[] byteSymbols;
    private final boolean spmWordByWord;
    private final ThreadLocal<WordCache> caches = ThreadLocal.withInitial(() -> new WordCache(1 << 15));

    private GgufTokenizer(String name, LlamaVocab vocab) {
        this.name = name;
        this.vocab = vocab;
        this.splitter = new SpecialTokenSplitter(vocab.texts, vocab.attrs, vocab.specialCandidates);
        this.byteTokens = byteTokens(vocab);
        if (vocab.kind == LlamaVocab.Kind.BPE) {
            List<byte[]> merges = new ArrayList<>(vocab.merges.size());
            for (String m : vocab.merges) {
                merges.add(m.getBytes(StandardCharsets.UTF_8));
            }
            this.ranks = BpeRanks.fromSpaceSeparated(vocab.index, vocab.size(), merges);
            this.byteSymbols = new int[256];
            for (int b = 0; b < 256; b++) {
                byte[] c = ByteLevel.utf8Of(b);
                byteSymbols[b] = ranks.symbolId(c, 0, c.length);
            }
        } else {
            this.ranks = null;
            this.byteSymbols = null;
        }
        this.spmWordByWord = vocab.kind == LlamaVocab.Kind.SPM && SpmFragmentEncoder.canSplitAtSpaces(vocab.texts);
        this.pieces = new byte[vocab.size()][];
        for (int id = 0; id < pieces.length; id++) {
            pieces[id] = piece(id);
        }
    }

    /** The tokenizer of a GGUF file, named after the file. */
    public static GgufTokenizer open(Path path) {
        try (GgufFile file = GgufFile.open(path)) {
            return fromMetadata(file.metadata(), path.getFileName().toString());
        }
    }

    public static GgufTokenizer fromMetadata(GgufMetadata metadata, String name) {
        return new GgufTokenizer(name, LlamaVocab.load(metadata));
    }

    /**
     * Per byte value, the token a leftover byte becomes: SentencePiece's {@code <0xNN>} (or else the one-byte token);
     * for byte-level BPE the one-byte token (llama.cpp looks each byte of the byte-alphabet spelling up as a token);
     * for raw-UTF-8 BPE {@code <0xNN>} only.
     */
    static int[] byteTokens(LlamaVocab v) {
        int[] t = new int[256];
        for (int b = 0; b < 256; b++) {
            int hex = v.index.get(String.format("<0x%02X>", b).getBytes(StandardCharsets.US_ASCII));
            int single = v.index.get(new byte[] {(byte) b});
            if (v.kind != LlamaVocab.Kind.BPE) {
                t[b] = hex >= 0 ? hex : single;
            } else {
                t[b] = v.preTokenizer.byteEncode() ? single : hex;
            }
        }
        return t;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public Encoded encode(String text, boolean parseSpecial) {
        return encode(text, parseSpecial, false);
    }

    @Override
    public Encoded encode(String text, boolean parseSpecial, boolean addSpecial) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        TokenList out = new TokenList(input.length / 3 + 4);
        FragmentEncoder encoder = newFragmentEncoder();
        boolean wordPiece = vocab.kind == LlamaVocab.Kind.WPM;
        if (addSpecial && (wordPiece || vocab.addBos)) {
            out.token(vocab.bos, 0, 0);
        }
        boolean afterSpecial = true;
        for (SpecialTokenSplitter.Fragment f : splitter.split(input, parseSpecial)) {
            if (f.isText()) {
                encoder.encode(input, f.start(), f.end(), afterSpecial, out);
                afterSpecial = false;
            } else {
                out.token(f.id(), f.start(), f.end());
                afterSpecial = true;
            }
        }
        if (addSpecial && wordPiece) {
            out.token(vocab.sep, input.length, input.length);
        } else if (addSpecial && vocab.addEos) {
            out.token(vocab.eos, input.length, input.length);
        }
        return out.toEncoded();
    }

    private FragmentEncoder newFragmentEncoder() {
        return switch (vocab.kind) {
            case SPM -> new SpmFragmentEncoder(vocab, byteTokens, spmWordByWord ? caches.get() : null);
            case BPE -> {
                FragmentEncoder bpe = new BpeFragmentEncoder(vocab, ranks, byteSymbols, byteTokens, caches.get());
                yield vocab.model.equals("whitespace") ? new WhitespaceFragmentEncoder(bpe, vocab.lowercase) : bpe;
            }
            case WPM -> new WpmFragmentEncoder(vocab);
        };
    }

    @Override
    public boolean isValid(int id) {
        return id >= 0 && id < vocab.size();
    }

    @Override
    public byte[] bytes(int id) {
        return pieces[id].clone();
    }

    @Override
    public boolean isSpecial(int id) {
        return vocab.has(TokenAttr.CONTROL | TokenAttr.UNKNOWN, id);
    }

    @Override
    public OptionalInt bos() {
        return vocab.bos >= 0 ? OptionalInt.of(vocab.bos) : OptionalInt.empty();
    }

    @Override
    public OptionalInt eos() {
        return vocab.eos >= 0 ? OptionalInt.of(vocab.eos) : OptionalInt.empty();
    }

    @Override
    public boolean isEndOfGeneration(int id) {
        return vocab.endOfGeneration.contains(id);
    }

    /** Whether {@code encode(…, addSpecial = true)} adds tokens for this model. */
    @Override
    public boolean addsSpecialTokens() {
        return vocab.kind == LlamaVocab.Kind.WPM || vocab.addBos || vocab.addEos;
    }

    /** Whether decoding removes spaces before punctuation, as llama.cpp does for this vocabulary. */
    public boolean cleansSpaces() {
        return vocab.cleanSpaces;
    }

    @Override
    public TextDecoder newDecoder(boolean renderSpecial) {
        return new Decoder(renderSpecial);
    }

    /**
     * llama.cpp's {@code token_to_piece} with special tokens rendered: the text a token adds on its own.
     */
    private byte[] piece(int id) {
        byte[] text = vocab.texts[id];
        int attr = vocab.attrs[id];
        if ((attr & (TokenAttr.UNKNOWN | TokenAttr.CONTROL | TokenAttr.USER_DEFINED)) != 0) {
            return text;
        }
        if ((attr & TokenAttr.NORMAL) != 0) {
            boolean byteLevel = vocab.kind == LlamaVocab.Kind.BPE && !vocab.preTokenizer.escapeWhitespaces();
            return byteLevel ? ByteLevel.decode(text) : unescapeSpaces(text);
        }
        if ((attr & TokenAttr.BYTE) != 0) {
            int b = byteTokenValue(text);
            return b >= 0 ? new byte[] {(byte) b} : text;
        }
        return new byte[0];
    }

    /** The byte a {@code <0xNN>} token stands for, or -1 when a byte-typed token is not written that way. */
    private static int byteTokenValue(byte[] text) {
        if (text.length != 6 || text[0] != '<' || text[1] != '0' || text[2] != 'x' || text[5] != '>') {
            return -1;
        }
        int hi = Character.digit(text[3], 16);
        int lo = Character.digit(text[4], 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static byte[] unescapeSpaces(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8);
        return s.indexOf('\u2581') < 0 ? text : s.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /**
     * llama.cpp's {@code detokenize} (special tokens kept in the sequence, rendered or not): the first token loses one
     * leading space when the model prepends one, then spaces are cleaned up for vocabularies that ask for it.
     */
    private final class Decoder implements TextDecoder {
        private final boolean renderSpecial;
        private final SpaceCleanup cleanup = vocab.cleanSpaces ? new SpaceCleanup() : null;
        private boolean first = true;

        Decoder(boolean renderSpecial) {
            this.renderSpecial = renderSpecial;
        }

        @Override
        public void push(int id, ByteBuilder out) {
            byte[] p = renderSpecial || !vocab.has(TokenAttr.CONTROL | TokenAttr.UNKNOWN, id) ? pieces[id] : EMPTY;
            int from = 0;
            if (first && vocab.addSpacePrefix && p.length > 0 && p[0] == ' ') {
                from = 1;
            }
            first = false;
            if (cleanup != null) {
                cleanup.write(p, from, p.length, out);
            } else {
                out.append(p, from, p.length);
            }
        }

        @Override
        public void finish(ByteBuilder out) {
            if (cleanup != null) {
                cleanup.finish(out);
            }
        }
    }

}
