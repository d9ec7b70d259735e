package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;
import dev.llmx.tokenize.bpe.BpeMerger;
import dev.llmx.tokenize.bpe.BpeRanks;
import dev.llmx.tokenize.text.ByteBuilder;
import dev.llmx.tokenize.text.TokenSink;
import dev.llmx.tokenize.text.Utf8Codec;
import dev.llmx.tokenize.vocab.ByteStringIndex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The models of tokenizer.json: {@code BPE} (byte-level, or SentencePiece-style with {@code byte_fallback}),
 * {@code WordPiece} and {@code WordLevel}, each encoding one pre-tokenized piece the way Hugging Face's tokenizers
 * do. Token spans are the input ranges of the characters a token covers.
 */
final class HfModels {
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
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            if (id < 0) {
                throw new LlmxException("tokenizer.json: token '" + e.getKey() + "' has no valid id");
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
        }

        @Override
        public Session newSession() {
            BpeMerger merger = new BpeMerger(ranks);
            ByteBuilder key = new ByteBuilder(64);
            byte[] utf8 = new byte[4];
            return (piece, out) -> {
                int n = piece.length();
                if (n == 0) {
                    return;
                }
                if (ignoreMerges) {
                    key.clear();
                    for (int i = 0; i < n; i++) {
                        key.append(utf8, 0, Utf8Codec.encode(piece.cp(i), utf8));
                    }
                    int whole = vocab.index().get(key.array(), 0, key.length());
                    if (whole >= 0) {
                        out.token(whole, piece.start(0), piece.end(n - 1));
                        return;
                    }
                }
                merger.reset();
                int unkFrom = -1;
                int unkTo = -1;
                for (int i = 0; i < n; i++) {
                    key.clear();
                    if (i > 0) {
                        key.append(prefix.getBytes(StandardCharsets.UTF_8));
                    }
                    int charBytes = Utf8Codec.encode(piece.cp(i), utf8);
                    key.append(utf8, 0, charBytes);
                    if (i == n - 1) {
                        key.append(suffix.getBytes(StandardCharsets.UTF_8));
                    }
                    int id = vocab.index().get(key.array(), 0, key.length());
                    if (id >= 0) {
                        if (unkFrom >= 0) {
                            merger.add(unk, unkFrom, unkTo);
                            unkFrom = -1;
                        }
                        merger.add(id, piece.start(i), piece.end(i));
                        continue;
                    }
                    if (byteFallback && allBytesKnown(utf8, charBytes)) {
                        if (unkFrom >= 0) {
                            merger.add(unk, unkFrom, unkTo);
                            unkFrom = -1;
                        }
                        boolean exact = piece.end(i) - piece.start(i) == charBytes;
                        for (int k = 0; k < charBytes; k++) {
                            int s = exact ? piece.start(i) + k : piece.start(i);
                            merger.add(byteTokens[utf8[k] & 0xFF], s, exact ? s + 1 : piece.end(i));
                        }
                        continue;
                    }
                    if (unk < 0) {
                        continue;
                    }
                    if (unkFrom >= 0 && fuseUnk) {
                        unkTo = piece.end(i);
                    } else {
                        if (unkFrom >= 0) {
                            merger.add(unk, unkFrom, unkTo);
                        }
                        unkFrom = piece.start(i);
                        unkTo = piece.end(i);
                    }
                }
                if (unkFrom >= 0) {
                    merger.add(unk, unkFrom, unkTo);
                }
                merger.merge();
                for (int s = merger.first(); s >= 0; s = merger.next(s)) {
                    out.token(merger.id(s), merger.start(s), merger.end(s));
                }
            };
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
