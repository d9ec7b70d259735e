package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;
import dev.llmx.tokenize.bpe.BpeMerger;
import dev.llmx.tokenize.bpe.BpeRanks;
import dev.llmx.tokenize.text.ByteBuilder;
import dev.llmx.tokenize.text.TokenList;
import dev.llmx.tokenize.text.TokenSink;
import dev.llmx.tokenize.text.Utf8Codec;
import dev.llmx.tokenize.text.WordCache;
import dev.llmx.tokenize.vocab.ByteStringIndex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The models of tokenizer.json: {@code BPE} (byte-level, or SentencePiece-style with {@code byte_fallback}),
 * {@code WordPiece} and {@code WordLevel}, each encoding one pre-tokenized piece the way Hugging Face's tokenizers
 * do. Token spans are the input ranges of the characters a token covers.
 */
final class HfModels {
    /** Ids beyond this are not a vocabulary but a damaged file (the largest real vocabularies hold ~300k tokens). */
    static final int MAX_ID = 16_000_000;
    private static final int MARK_CP = 0x2581;
    private static final byte[] MARK = "\u2581".getBytes(StandardCharsets.UTF_8);

    private HfModels() {
    }

    /** Encodes one piece. Instances are shared; per-call state lives in a {@link Session}. */
    interface HfModel {
        Session newSession();
    }

    interface Session {
        void encode(HfText piece, TokenSink out);
    }

    /** The model's vocabulary: token text → id, read from {@code model.vocab}. */
    record Vocab(ByteStringIndex index, Map<Integer, String> tokens, int maxId) {
        int id(String token) {
            return index.get(token.getBytes(StandardCharsets.UTF_8));
        }
    }

    static Vocab vocab(JsonNode model) {
        JsonNode v = model.path("vocab");
        if (!v.isObject()) {
            throw new LlmxException("tokenizer.json: model.vocab must be an object of token → id");
        }
        ByteStringIndex index = new ByteStringIndex(v.size());
        Map<Integer, String> tokens = new java.util.HashMap<>(v.size() * 2);
        int maxId = -1;
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            int id = e.getValue().asInt(-1);
            if (id < 0 || id > MAX_ID) {
                throw new LlmxException("tokenizer.json: token '" + e.getKey() + "' has no valid id ("
                        + e.getValue() + ")");
            }
            index.putIfAbsent(e.getKey().getBytes(StandardCharsets.UTF_8), id);
            tokens.putIfAbsent(id, e.getKey());
            maxId = Math.max(maxId, id);
        }
        return new Vocab(index, tokens, maxId);
    }

    static HfModel from(JsonNode model, Vocab vocab) {
        String type = model.path("type").asText(model.has("merges") ? "BPE" : "");
        return switch (type) {
            case "BPE" -> new Bpe(model, vocab);
            case "WordPiece" -> new WordPiece(model, vocab);
            case "WordLevel" -> new WordLevel(model, vocab);
            default -> throw new LlmxException("tokenizer.json: model type '" + type
                    + "' is not supported by llmx (supported: BPE, WordPiece, WordLevel)");
        };
    }

    /** Hugging Face's BPE: characters (with byte fallback or the unknown token), then merges by rank. */
    static final class Bpe implements HfModel {
        private final Vocab vocab;
        private final BpeRanks ranks;
        private final int unk;
        private final boolean byteFallback;
        private final boolean fuseUnk;
        private final boolean ignoreMerges;
        private final String prefix;
        private final String suffix;
        private final int[] byteTokens = new int[256];
        private final byte[] prefixBytes;
        private final byte[] suffixBytes;
        private final boolean splitAtMarks;
        private final ThreadLocal<WordCache> caches = ThreadLocal.withInitial(() -> new WordCache(1 << 15));

        Bpe(JsonNode model, Vocab vocab) {
            this.vocab = vocab;
            this.unk = model.hasNonNull("unk_token") ? vocab.id(model.get("unk_token").asText()) : -1;
            this.byteFallback = model.path("byte_fallback").asBoolean(false);
            this.fuseUnk = model.path("fuse_unk").asBoolean(false);
            this.ignoreMerges = model.path("ignore_merges").asBoolean(false);
            this.prefix = model.path("continuing_subword_prefix").isTextual()
                    ? model.get("continuing_subword_prefix").asText() : "";
            this.suffix = model.path("end_of_word_suffix").isTextual() ? model.get("end_of_word_suffix").asText() : "";
            JsonNode dropout = model.path("dropout");
            if (dropout.isNumber() && dropout.asDouble() > 0) {
                throw new LlmxException("tokenizer.json: BPE dropout is random; llmx encodes deterministically only");
            }
            for (int b = 0; b < 256; b++) {
                byteTokens[b] = vocab.id(String.format("<0x%02X>", b));
            }
            List<byte[][]> triples = new ArrayList<>();
            for (JsonNode m : model.path("merges")) {
                String left;
                String right;
                if (m.isArray()) {
                    left = m.get(0).asText();
                    right = m.get(1).asText();
                } else {
                    String s = m.asText();
                    int space = s.indexOf(' ', 1);
                    if (space < 0) {
                        throw new LlmxException("tokenizer.json: merge '" + s + "' is not two tokens");
                    }
                    left = s.substring(0, space);
                    right = s.substring(space + 1);
                }
                String merged = left + (right.startsWith(prefix) ? right.substring(prefix.length()) : right);
                if (vocab.id(left) < 0 || vocab.id(right) < 0 || vocab.id(merged) < 0) {
                    throw new LlmxException("tokenizer.json: merge '" + left + " " + right
                            + "' uses a token that is not in the vocabulary");
                }
                triples.add(new byte[][] {utf8(left), utf8(right), utf8(merged)});
            }
            this.ranks = BpeRanks.fromTriples(vocab.index(), vocab.maxId() + 1, triples);
            this.prefixBytes = utf8(prefix);
            this.suffixBytes = utf8(suffix);
            this.splitAtMarks = !ignoreMerges && prefix.isEmpty() && suffix.isEmpty() && vocab.index().get(MARK) >= 0
                    && canSplitAtMarks(triples);
        }

        @Override
        public Session newSession() {
            return new BpeSession();
        }

        /**
         * Whether words may be encoded in parts cut before each ▁ that follows another character: true when no merge
         * joins a left part ending in something else with a right part starting with ▁, so no token can span such a
         * cut (SentencePiece-style vocabularies, whose whole text is one piece otherwise).
         */
        private static boolean canSplitAtMarks(List<byte[][]> merges) {
            for (byte[][] m : merges) {
                if (startsWithMark(m[1]) && !endsWithMark(m[0])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean startsWithMark(byte[] b) {
            return b.length >= 3 && b[0] == MARK[0] && b[1] == MARK[1] && b[2] == MARK[2];
        }

        private static boolean endsWithMark(byte[] b) {
            int n = b.length;
            return n >= 3 && b[n - 3] == MARK[0] && b[n - 2] == MARK[1] && b[n - 1] == MARK[2];
        }

        /** One encode call's scratch: the merge loop, a key buffer and the word cache of this thread. */
        private final class BpeSession implements Session {
            private final BpeMerger merger = new BpeMerger(ranks);
            private final ByteBuilder key = new ByteBuilder(64);
            private final byte[] utf8 = new byte[4];
            private final WordCache cache = caches.get();
            private final TokenList word = new TokenList(16);

            @Override
            public void encode(HfText piece, TokenSink out) {
                int n = piece.length();
                if (n == 0) {
                    return;
                }
                if (ignoreMerges) {
                    utf8Of(piece, 0, n);
                    int whole = vocab.index().get(key.array(), 0, key.length());
                    if (whole >= 0) {
                        out.token(whole, piece.start(0), piece.end(n - 1));
                        return;
                    }
                    encodeCached(piece, 0, n, out);
                    return;
                }
                int from = 0;
                if (splitAtMarks) {
                    for (int i = 1; i < n; i++) {
                        if (piece.cp(i) == MARK_CP && piece.cp(i - 1) != MARK_CP) {
                            encodeCached(piece, from, i, out);
                            from = i;
                        }
                    }
                }
                encodeCached(piece, from, n, out);
            }

            /**
             * Encodes characters {@code [from, to)} of the piece through the cache. A cached entry holds, per token, its
             * id, its character range within the word and, for a byte-fallback token, which byte of its character.
             */
            private void encodeCached(HfText piece, int from, int to, TokenSink out) {
                utf8Of(piece, from, to);
                int[] cached = cache.get(key.array(), 0, key.length());
                if (cached == null) {
                    byte[] word = key.toByteArray();
                    cached = encodeWord(piece, from, to);
                    cache.put(word, 0, word.length, cached);
                }
                for (int k = 0; k < cached.length; k += 4) {
                    int a = from + cached[k + 1];
                    int b = from + cached[k + 2] - 1;
                    int bytes = cached[k + 3];
                    if (bytes >= 0 && piece.end(a) - piece.start(a) == Utf8Codec.length(piece.cp(a))) {
                        out.token(cached[k], piece.start(a) + (bytes & 0xFF), piece.start(a) + (bytes >>> 8));
                    } else {
                        out.token(cached[k], piece.start(a), piece.end(b));
                    }
                }
            }

            private void utf8Of(HfText piece, int from, int to) {
                key.clear();
                for (int i = from; i < to; i++) {
                    key.append(utf8, 0, Utf8Codec.encode(piece.cp(i), utf8));
                }
            }

            /** Hugging Face's merge_word over characters {@code [from, to)}: symbols in character units. */
            private int[] encodeWord(HfText piece, int from, int to) {
                merger.reset();
                int unkFrom = -1;
                int unkTo = -1;
                int n = to - from;
                for (int c = 0; c < n; c++) {
                    int cp = piece.cp(from + c);
                    key.clear();
                    if (c > 0) {
                        key.append(prefixBytes);
                    }
                    int charBytes = Utf8Codec.encode(cp, utf8);
                    key.append(utf8, 0, charBytes);
                    if (c == n - 1) {
                        key.append(suffixBytes);
                    }
                    int id = vocab.index().get(key.array(), 0, key.length());
                    if (id >= 0 || (byteFallback && allBytesKnown(utf8, charBytes))) {
                        if (unkFrom >= 0) {
                            merger.add(unk, unitStart(unkFrom, -1), unitEnd(unkTo, -1));
                            unkFrom = -1;
                        }
                        if (id >= 0) {
                            merger.add(id, unitStart(c, -1), unitEnd(c + 1, -1));
                        } else {
                            for (int k = 0; k < charBytes; k++) {
                                merger.add(byteTokens[utf8[k] & 0xFF], unitStart(c, k), unitEnd(c + 1, k));
                            }
                        }
                        continue;
                    }
                    if (unk < 0) {
                        continue;
                    }
                    if (unkFrom >= 0 && fuseUnk) {
                        unkTo = c + 1;
                    } else {
                        if (unkFrom >= 0) {
                            merger.add(unk, unitStart(unkFrom, -1), unitEnd(unkTo, -1));
                        }
                        unkFrom = c;
                        unkTo = c + 1;
                    }
                }
                if (unkFrom >= 0) {
                    merger.add(unk, unitStart(unkFrom, -1), unitEnd(unkTo, -1));
                }
                merger.merge();
                word.truncate(0);
                for (int s = merger.first(); s >= 0; s = merger.next(s)) {
                    word.token(merger.id(s), merger.start(s), merger.end(s));
                }
                int[] result = new int[word.size() * 4];
                for (int k = 0; k < word.size(); k++) {
                    int start = word.start(k);
                    int end = word.end(k);
                    result[4 * k] = word.id(k);
                    result[4 * k + 1] = start >>> 8;
                    result[4 * k + 2] = end >>> 8;
                    boolean bytes = (start & 0xFF) != 0xFF && (end & 0xFF) != 0xFF && (end >>> 8) == (start >>> 8) + 1;
                    result[4 * k + 3] = bytes ? (start & 0xFF) | ((end & 0xFF) << 8) : -1;
                }
                return result;
            }
        }

        /** A merge unit's start: its character, and which of its bytes for a byte token (0xFF: all of it). */
        private static int unitStart(int c, int byteIndex) {
            return (c << 8) | (byteIndex < 0 ? 0xFF : byteIndex);
        }

        /** A merge unit's end: one past its character, and one past its byte for a byte token. */
        private static int unitEnd(int c, int byteIndex) {
            return (c << 8) | (byteIndex < 0 ? 0xFF : byteIndex + 1);
        }
        private boolean allBytesKnown(byte[] utf8, int n) {
            for (int k = 0; k < n; k++) {
                if (byteTokens[utf8[k] & 0xFF] < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** WordPiece: the longest known prefix, then the longest known {@code ##}-continuation, and so on. */
    static final class WordPiece implements HfModel {
        private final Vocab vocab;
        private final int unk;
        private final byte[] prefix;
        private final int maxChars;

        WordPiece(JsonNode model, Vocab vocab) {
            this.vocab = vocab;
            String unkToken = model.path("unk_token").asText("[UNK]");
            this.unk = vocab.id(unkToken);
            if (unk < 0) {
                throw new LlmxException("tokenizer.json: WordPiece unk_token '" + unkToken + "' is not in the vocabulary");
            }
            this.prefix = utf8(model.path("continuing_subword_prefix").asText("##"));
            this.maxChars = model.path("max_input_chars_per_word").asInt(100);
        }

        @Override
        public Session newSession() {
            ByteBuilder key = new ByteBuilder(64);
            byte[] utf8 = new byte[4];
            List<int[]> found = new ArrayList<>();
            return (piece, out) -> {
                int n = piece.length();
                if (n == 0) {
                    return;
                }
                if (n > maxChars) {
                    out.token(unk, piece.start(0), piece.end(n - 1));
                    return;
                }
                found.clear();
                int start = 0;
                while (start < n) {
                    int end = n;
                    int id = -1;
                    while (start < end) {
                        key.clear();
                        if (start > 0) {
                            key.append(prefix);
                        }
                        for (int i = start; i < end; i++) {
                            key.append(utf8, 0, Utf8Codec.encode(piece.cp(i), utf8));
                        }
                        id = vocab.index().get(key.array(), 0, key.length());
                        if (id >= 0) {
                            break;
                        }
                        end--;
                    }
                    if (id < 0) {
                        out.token(unk, piece.start(0), piece.end(n - 1));
                        return;
                    }
                    found.add(new int[] {id, start, end});
                    start = end;
                }
                for (int[] f : found) {
                    out.token(f[0], piece.start(f[1]), piece.end(f[2] - 1));
                }
            };
        }
    }

    /** WordLevel: the piece is a token, or it is unknown. */
    static final class WordLevel implements HfModel {
        private final Vocab vocab;
        private final int unk;

        WordLevel(JsonNode model, Vocab vocab) {
            this.vocab = vocab;
            this.unk = model.hasNonNull("unk_token") ? vocab.id(model.get("unk_token").asText()) : -1;
        }

        @Override
        public Session newSession() {
            return (piece, out) -> {
                if (piece.isEmpty()) {
                    return;
                }
                int id = vocab.id(piece.toString());
                int result = id >= 0 ? id : unk;
                if (result < 0) {
                    throw new LlmxException("tokenizer.json: '" + piece + "' is not in the WordLevel vocabulary and "
                            + "there is no unk_token");
                }
                out.token(result, piece.start(0), piece.end(piece.length() - 1));
            };
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
