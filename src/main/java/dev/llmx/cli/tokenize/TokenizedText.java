package dev.llmx.cli.tokenize;

import dev.llmx.render.GeneratedList;
import dev.llmx.io.Utf8;
import dev.llmx.render.Visible;
import dev.llmx.tokenize.Encoded;
import dev.llmx.tokenize.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One input text as one tokenizer sees it: the tokens with their bytes and their place in the text, counted in
 * characters (Unicode code points, as a person counts them, not UTF-16 units).
 *
 * <p>A token that holds only part of a character's UTF-8 bytes (an emoji split in two) covers that whole
 * character: {@code start} rounds down, {@code end} rounds up, so such neighbours overlap by one character.
 */
public final class TokenizedText {
    /** One token: its id, bytes and character span {@code [start, end)} in the input. */
    public record Token(int id, byte[] bytes, int start, int end, boolean special) {
        /** The token as text; bytes that are not complete UTF-8 come out as U+FFFD (the bytes stay exact). */
        public String piece() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The token for a table: whitespace made visible, partial UTF-8 shown as its bytes. */
        public String visiblePiece() {
            return Visible.bytes(bytes);
        }
    }

    private final String tokenizer;
    private final Source source;
    private final int chars;
    private final int bytes;
    private final int[] ids;
    private final List<Token> tokens;

    private TokenizedText(String tokenizer, Source source, int chars, int bytes, int[] ids, List<Token> tokens) {
        this.tokenizer = tokenizer;
        this.source = source;
        this.chars = chars;
        this.bytes = bytes;
        this.ids = ids;
        this.tokens = tokens;
    }

    public static TokenizedText of(Tokenizer tokenizer, Source source, String text, boolean parseSpecial,
                                   boolean addSpecial) {
        Encoded encoded = tokenizer.encode(text, parseSpecial, addSpecial);
        int[] charAtByte = charIndexByByte(text);
        int nBytes = charAtByte.length - 1;
        List<Token> tokens = new ArrayList<>(encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            int id = encoded.ids()[i];
            int b0 = Math.min(encoded.byteStarts()[i], nBytes);
            int b1 = Math.min(encoded.byteEnds()[i], nBytes);
            int start = charAtByte[b0];
            int end = isCharBoundary(charAtByte, b1) ? charAtByte[b1] : charAtByte[b1] + 1;
            tokens.add(new Token(id, tokenizer.bytes(id), start, Math.max(start, end), tokenizer.isSpecial(id)));
        }
        return new TokenizedText(tokenizer.name(), source, charAtByte[nBytes], nBytes, encoded.ids(), tokens);
    }

    /**
     * For every UTF-8 byte offset of {@code text} (and one past the end), the index of the code point that byte
     * belongs to.
     */
    static int[] charIndexByByte(String text) {
        int[] map = new int[Utf8.byteLength(text) + 1];
        int b = 0;
        int cp = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            int len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            for (int k = 0; k < len; k++) {
                map[b++] = cp;
            }
            cp++;
        }
        map[b] = cp;
        return map;
    }

    private static boolean isCharBoundary(int[] charAtByte, int byteOffset) {
        return byteOffset == 0 || byteOffset == charAtByte.length - 1
                || charAtByte[byteOffset - 1] != charAtByte[byteOffset];
    }

    public String tokenizer() {
        return tokenizer;
    }

    public Source source() {
        return source;
    }

    public int chars() {
        return chars;
    }

    public int bytes() {
        return bytes;
    }

    public int[] ids() {
        return ids;
    }

    public List<Token> tokens() {
        return tokens;
    }

    public double charsPerToken() {
        return tokens.isEmpty() ? 0 : (double) chars / tokens.size();
    }

    /** The tokens as the JSON contract spells them: {@code [{id, piece, bytes, start, end}]}. */
    public List<Object> tokensJson() {
        // Made as the JSON writer reaches them: a 50 MB input does not become millions of maps at once.
        return GeneratedList.ofObjects(tokens.size(), i -> {
            Token t = tokens.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("piece", t.piece());
            m.put("bytes", t.bytes());
            m.put("start", t.start());
            m.put("end", t.end());
            if (t.special()) {
                m.put("special", true);
            }
            return m;
        });
    }
}
