package dev.llmx.tokenize.tiktoken;

import dev.llmx.LlmxException;
import dev.llmx.tokenize.Encoded;
import dev.llmx.tokenize.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One of OpenAI's tiktoken encodings, giving the same ids as tiktoken (checked against jtokkit 1.1.0, whose
 * vocabularies the build converts into compact rank tables; see {@link RankTableGenerator}).
 *
 * <p>Loading reads one resource into a few arrays, only for the encoding asked for, once per process. Instances are
 * immutable and safe to share between threads; every call works on its own scratch space.
 *
 * <p>Text is encoded as its UTF-8 bytes as {@link String#getBytes} makes them: an unpaired surrogate in the Java
 * string becomes {@code ?}, and spans are offsets into those bytes. (jtokkit agrees for r50k, p50k and o200k; its
 * cl100k parser refuses such strings or encodes the surrogate's three-byte form, which is not UTF-8.)
 */
public final class TiktokenEncoding implements Tokenizer {
    /** The encodings offered, in the order they appeared. */
    public static final List<String> NAMES = List.of("r50k_base", "p50k_base", "cl100k_base", "o200k_base");

    private static final String END_OF_TEXT = "<|endoftext|>";
    private static final TiktokenEncoding[] LOADED = new TiktokenEncoding[NAMES.size()];

    private final String name;
    private final int vocabSize;
    private final RankTable ranks;
    private final PreTokenizer preTokenizer;
    private final int[] specialIds;
    private final byte[][] specialBytes;

    private TiktokenEncoding(String name, int vocabSize, RankTable ranks, PreTokenizer preTokenizer,
                             String[] specialNames, int[] specialIds) {
        this.name = name;
        this.vocabSize = vocabSize;
        this.ranks = ranks;
        this.preTokenizer = preTokenizer;
        this.specialIds = specialIds;
        this.specialBytes = new byte[specialNames.length][];
        for (int i = 0; i < specialNames.length; i++) {
            specialBytes[i] = specialNames[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The encoding called {@code name} (one of {@link #NAMES}), loaded on first use. */
    public static TiktokenEncoding load(String name) {
        int index = NAMES.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("unknown tiktoken encoding " + name);
        }
        synchronized (LOADED) {
            if (LOADED[index] == null) {
                LOADED[index] = create(name);
            }
            return LOADED[index];
        }
    }

    /** Class-path location of the rank table of encoding {@code name}. */
    static String tableResource(String name) {
        return "/dev/llmx/tokenize/tiktoken/" + name + ".ranks";
    }

    private static TiktokenEncoding create(String name) {
        RankTable ranks = readTable(name);
        // Vocabulary sizes and special tokens as tiktoken (and jtokkit) define them.
        switch (name) {
            case "r50k_base":
                return new TiktokenEncoding(name, 50257, ranks, new Gpt2PreTokenizer(),
                        new String[] {END_OF_TEXT}, new int[] {50256});
            case "p50k_base":
                return new TiktokenEncoding(name, 50281, ranks, new Gpt2PreTokenizer(),
                        new String[] {END_OF_TEXT}, new int[] {50256});
            case "cl100k_base":
                return new TiktokenEncoding(name, 100277, ranks, new Cl100kPreTokenizer(),
                        new String[] {END_OF_TEXT, "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
                                "<|endofprompt|>"},
                        new int[] {100257, 100258, 100259, 100260, 100276});
            default:
                return new TiktokenEncoding(name, 200019, ranks, new O200kPreTokenizer(),
                        new String[] {END_OF_TEXT, "<|endofprompt|>"}, new int[] {199999, 200018});
        }
    }

    private static RankTable readTable(String name) {
        String resource = tableResource(name);
        try (InputStream in = OwnResource.open(resource)) {
            if (in == null) {
                throw new LlmxException("the " + name + " rank table (" + resource
                        + ") is missing from this llmx build; rebuild with mvn package");
            }
            return RankTable.read(in, resource);
        } catch (IOException e) {
            throw new LlmxException("cannot read the " + name + " rank table: " + e.getMessage());
        }
    }

    RankTable rankTable() {
        return ranks;
    }

    PreTokenizer preTokenizer() {
        return preTokenizer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public Encoded encode(String text, boolean parseSpecial) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        TokenSink sink = TokenSink.keeping(utf8.length / 4 + 16);
        encode(utf8, parseSpecial, sink);
        return sink.toEncoded();
    }

    @Override
    public int count(String text, boolean parseSpecial) {
        TokenSink sink = TokenSink.counting();
        encode(text.getBytes(StandardCharsets.UTF_8), parseSpecial, sink);
        return sink.size();
    }

    private void encode(byte[] utf8, boolean parseSpecial, TokenSink sink) {
        BytePairMerger merger = new BytePairMerger(ranks);
        int pos = 0;
        if (parseSpecial) {
            for (int at = 0; at < utf8.length; at++) {
                int special = utf8[at] == '<' ? specialAt(utf8, at) : -1;
                if (special >= 0) {
                    encodeOrdinary(utf8, pos, at, merger, sink);
                    pos = at + specialBytes[special].length;
                    sink.add(specialIds[special], at, pos);
                    at = pos - 1;
                }
            }
        }
        encodeOrdinary(utf8, pos, utf8.length, merger, sink);
    }

    /** Index of the special token whose text starts at {@code t[at]}, or -1. */
    private int specialAt(byte[] t, int at) {
        for (int s = 0; s < specialBytes.length; s++) {
            byte[] special = specialBytes[s];
            if (at + special.length <= t.length && Arrays.equals(t, at, at + special.length,
                    special, 0, special.length)) {
                return s;
            }
        }
        return -1;
    }

    private void encodeOrdinary(byte[] t, int from, int to, BytePairMerger merger, TokenSink sink) {
        int pos = from;
        while (pos < to) {
            int end = preTokenizer.pieceEnd(t, pos, to);
            int rank = ranks.rank(t, pos, end);
            if (rank != RankTable.NONE) {
                sink.add(rank, pos, end);
            } else {
                merger.encode(t, pos, end, sink);
            }
            pos = end;
        }
    }

    @Override
    public boolean isValid(int id) {
        return ranks.isToken(id) || specialIndex(id) >= 0;
    }

    @Override
    public byte[] bytes(int id) {
        if (ranks.isToken(id)) {
            return ranks.bytes(id);
        }
        int special = specialIndex(id);
        if (special < 0) {
            throw new IllegalArgumentException(id + " is not a token id of " + name);
        }
        return specialBytes[special].clone();
    }

    @Override
    public boolean isSpecial(int id) {
        return specialIndex(id) >= 0;
    }

    private int specialIndex(int id) {
        for (int s = 0; s < specialIds.length; s++) {
            if (specialIds[s] == id) {
                return s;
            }
        }
        return -1;
    }
}
