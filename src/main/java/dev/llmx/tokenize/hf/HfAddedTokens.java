package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.tokenize.text.ByteTrie;
import dev.llmx.tokenize.text.Unicode;
import dev.llmx.tokenize.text.Utf8Codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * tokenizer.json's {@code added_tokens}: strings cut out of the text before the model sees it (leftmost, longest
 * first), with their options {@code single_word}, {@code lstrip}, {@code rstrip}. Tokens with
 * {@code normalized: false} are found in the raw input, the others in the normalized text. When special tokens are not
 * parsed, special ones are left as text (Hugging Face's {@code encode_special_tokens}).
 */
final class HfAddedTokens {
    /** One added token. */
    record Token(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
                 boolean special) {
    }

    /** A piece of text, or an added token with its span, in order. */
    record Part(HfText text, int id, int start, int end) {
        boolean isToken() {
            return text == null;
        }
    }

    private final List<Token> tokens = new ArrayList<>();
    private final ByteTrie raw = new ByteTrie();
    private final ByteTrie normalizedTrie = new ByteTrie();

    HfAddedTokens(JsonNode list, HfNormalizers.HfNormalizer normalizer) {
        for (JsonNode t : list) {
            int id = t.path("id").asInt(-1);
            if (id < 0 || id > HfModels.MAX_ID || t.path("content").asText().isEmpty()) {
                throw new dev.llmx.LlmxException("tokenizer.json: added token " + t + " needs an id and content");
            }
            Token token = new Token(id, t.path("content").asText(),
                    t.path("single_word").asBoolean(false), t.path("lstrip").asBoolean(false),
                    t.path("rstrip").asBoolean(false), t.path("normalized").asBoolean(!t.path("special").asBoolean()),
                    t.path("special").asBoolean(false));
            int index = tokens.size();
            tokens.add(token);
            if (token.normalized()) {
                HfText n = normalizer.apply(HfText.of(utf8(token.content()), 0, utf8(token.content()).length));
                normalizedTrie.put(utf8(n.toString()), index);
            } else {
                raw.put(utf8(token.content()), index);
            }
        }
    }

    List<Token> tokens() {
        return tokens;
    }

    /** Cuts the raw-matched tokens out of {@code text}. */
    List<Part> splitRaw(HfText text, boolean parseSpecial) {
        return split(text, raw, parseSpecial);
    }

    /** Cuts the normalized-matched tokens out of normalized {@code text}. */
    List<Part> splitNormalized(HfText text, boolean parseSpecial) {
        return split(text, normalizedTrie, parseSpecial);
    }

    private List<Part> split(HfText text, ByteTrie trie, boolean parseSpecial) {
        List<Part> out = new ArrayList<>();
        if (trie.isEmpty() || text.isEmpty()) {
            if (!text.isEmpty()) {
                out.add(new Part(text, -1, 0, 0));
            }
            return out;
        }
        // UTF-8 of the text, and the character each byte belongs to.
        int n = text.length();
        byte[] bytes = new byte[n * 4];
        int[] charOfByte = new int[n * 4 + 1];
        int[] byteOfChar = new int[n + 1];
        byte[] buf = new byte[4];
        int len = 0;
        for (int i = 0; i < n; i++) {
            byteOfChar[i] = len;
            int k = Utf8Codec.encode(text.cp(i), buf);
            for (int j = 0; j < k; j++) {
                charOfByte[len] = i;
                bytes[len++] = buf[j];
            }
        }
        byteOfChar[n] = len;
        charOfByte[len] = n;
        int pieceStart = 0;
        int pos = 0;
        while (pos < len) {
            int node = trie.step(ByteTrie.root(), bytes[pos]);
            int bestEnd = -1;
            int best = -1;
            int k = pos + 1;
            while (node >= 0) {
                if (trie.value(node) >= 0) {
                    bestEnd = k;
                    best = trie.value(node);
                }
                if (k == len) {
                    break;
                }
                node = trie.step(node, bytes[k++]);
            }
            if (best < 0) {
                pos++;
                continue;
            }
            Token t = tokens.get(best);
            int start = charOfByte[pos];
            int stop = charOfByte[bestEnd];
            pos = bestEnd;
            if (t.special() && !parseSpecial) {
                continue;
            }
            if (t.singleWord() && ((start > 0 && isWordChar(text.cp(start - 1)))
                    || (stop < n && isWordChar(text.cp(stop))))) {
                continue;
            }
            int matchStart = start;
            if (t.lstrip()) {
                while (start > pieceStart && Unicode.isWhitespace(text.cp(start - 1))) {
                    start--;
                }
            }
            if (t.rstrip()) {
                while (stop < n && Unicode.isWhitespace(text.cp(stop))) {
                    stop++;
                }
                pos = byteOfChar[stop];
            }
            if (start > pieceStart) {
                out.add(new Part(text.slice(pieceStart, start), -1, 0, 0));
            }
            int spanEnd = text.end(charOfByte[bestEnd] - 1);
            out.add(new Part(null, t.id(), text.start(matchStart), spanEnd));
            pieceStart = stop;
        }
        if (pieceStart < n) {
            out.add(new Part(pieceStart == 0 ? text : text.slice(pieceStart, n), -1, 0, 0));
        }
        return out;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
