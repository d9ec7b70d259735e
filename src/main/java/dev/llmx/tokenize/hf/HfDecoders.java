package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;
import dev.llmx.tokenize.bpe.ByteLevel;
import dev.llmx.tokenize.text.Utf8Stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The decoders of tokenizer.json as a chain of streaming stages. Hugging Face decodes a whole list of token strings
 * through each decoder in turn; here each stage receives the previous stage's output one string at a time and holds
 * back only what a later token can still change (a run of byte tokens, an unfinished UTF-8 character, the last token
 * for a suffix rule), so pushing tokens one by one and then finishing gives exactly the text of a whole decode.
 * Supported: {@code Sequence}, {@code ByteLevel}, {@code Metaspace}, {@code Replace}, {@code ByteFallback},
 * {@code Fuse}, {@code Strip}, {@code WordPiece}, {@code BPEDecoder}; without a decoder, tokens are joined with
 * spaces, as there.
 */
final class HfDecoders {
    private HfDecoders() {
    }

    /** One decoder of the chain, fed the previous decoder's strings in order. */
    interface Stage {
        void push(String token, Consumer<String> next);

        default void finish(Consumer<String> next) {
        }
    }

    /** Builds fresh stages (they keep per-sequence state) for the decoder in tokenizer.json. */
    static Supplier<List<Stage>> chain(JsonNode node) {
        List<JsonNode> decoders = new ArrayList<>();
        flatten(node, decoders);
        if (decoders.isEmpty()) {
            return () -> List.of(joinWithSpaces());
        }
        for (JsonNode d : decoders) {
            stage(d, false);
        }
        return () -> {
            List<Stage> stages = new ArrayList<>();
            boolean fused = false;
            for (JsonNode d : decoders) {
                stages.add(stage(d, fused));
                fused |= d.path("type").asText().equals("Fuse");
            }
            return stages;
        };
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.path("type").asText().equals("Sequence")) {
            for (JsonNode d : node.path("decoders")) {
                flatten(d, out);
            }
        } else {
            out.add(node);
        }
    }

    /**
     * @param fused whether a Fuse came earlier: the stream is then one single token, so per-token rules (the first
     *              token, stripping) apply to the whole text once
     */
    private static Stage stage(JsonNode d, boolean fused) {
        String type = d.path("type").asText();
        return switch (type) {
            case "ByteLevel" -> byteLevel();
            case "Metaspace" -> metaspace(d, fused);
            case "Replace" -> replace(HfPatterns.pattern(d.path("pattern")), d.path("content").asText());
            case "ByteFallback" -> byteFallback();
            case "Fuse" -> (token, next) -> next.accept(token);
            case "Strip" -> strip(d.path("content").asText(" ").isEmpty() ? ' ' : d.path("content").asText(" ")
                    .codePointAt(0), d.path("start").asInt(0),
                    d.path("stop").asInt(0), fused);
            case "WordPiece" -> wordPiece(d.path("prefix").asText("##"), d.path("cleanup").asBoolean(true), fused);
            case "BPEDecoder" -> bpeSuffix(d.path("suffix").asText("</w>"));
            default -> throw new LlmxException("tokenizer.json: decoder '" + type + "' is not supported by llmx");
        };
    }

    private static Stage joinWithSpaces() {
        return new Stage() {
            private boolean first = true;

            @Override
            public void push(String token, Consumer<String> next) {
                next.accept(first ? token : " " + token);
                first = false;
            }
        };
    }

    /** GPT-2 byte alphabet back to bytes, the bytes of all tokens decoded together as (lossy) UTF-8. */
    private static Stage byteLevel() {
        return new Stage() {
            private final Utf8Stream utf8 = new Utf8Stream();
            private final StringBuilder text = new StringBuilder();

            @Override
            public void push(String token, Consumer<String> next) {
                byte[] raw = tokenBytes(token);
                text.setLength(0);
                utf8.push(raw, 0, raw.length, text);
                if (text.length() > 0) {
                    next.accept(text.toString());
                }
            }

            @Override
            public void finish(Consumer<String> next) {
                text.setLength(0);
                utf8.finish(text);
                if (text.length() > 0) {
                    next.accept(text.toString());
                }
            }
        };
    }

    /** A token in the byte alphabet as its bytes; a token with other characters stays as its UTF-8. */
    static byte[] tokenBytes(String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); ) {
            int c = token.codePointAt(i);
            int b = ByteLevel.byteOf(c);
            if (b < 0) {
                return token.getBytes(StandardCharsets.UTF_8);
            }
            out.write(b);
            i += Character.charCount(c);
        }
        return out.toByteArray();
    }

    private static Stage metaspace(JsonNode d, boolean fused) {
        String r = d.path("replacement").asText("\u2581");
        char replacement = r.isEmpty() ? '\u2581' : r.charAt(0);
        String scheme = d.has("prepend_scheme") ? d.get("prepend_scheme").asText()
                : d.path("add_prefix_space").asBoolean(true) ? "always" : "never";
        return new Stage() {
            private boolean first = true;

            @Override
            public void push(String token, Consumer<String> next) {
                String t = token.replace(replacement, ' ');
                if (first && !scheme.equals("never") && t.startsWith(" ")) {
                    t = t.substring(1);
                }
                first = first && fused && t.isEmpty();
                next.accept(t);
            }
        };
    }

    private static Stage replace(Pattern pattern, String content) {
        String replacement = java.util.regex.Matcher.quoteReplacement(content);
        return (token, next) -> next.accept(pattern.matcher(token).replaceAll(replacement));
    }

    /**
     * Byte tokens ({@code <0xNN>}) in a row become the text they spell, or one U+FFFD per byte when they do not
     * spell valid UTF-8 — so a run is held until a token that is not a byte (or the end) closes it.
     */
    private static Stage byteFallback() {
        return new Stage() {
            private final ByteArrayOutputStream run = new ByteArrayOutputStream();

            @Override
            public void push(String token, Consumer<String> next) {
                int b = byteToken(token);
                if (b >= 0) {
                    run.write(b);
                    return;
                }
                flush(next);
                next.accept(token);
            }

            @Override
            public void finish(Consumer<String> next) {
                flush(next);
            }

            private void flush(Consumer<String> next) {
                if (run.size() == 0) {
                    return;
                }
                byte[] bytes = run.toByteArray();
                run.reset();
                String decoded = strictUtf8(bytes);
                if (decoded != null) {
                    next.accept(decoded);
                } else {
                    for (int i = 0; i < bytes.length; i++) {
                        next.accept("\uFFFD");
                    }
                }
            }
        };
    }

    /** The byte of a {@code <0xNN>} token, or -1. */
    static int byteToken(String token) {
        if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') {
            return -1;
        }
        try {
            return Integer.parseInt(token.substring(3, 5), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Strip: removes up to {@code start} leading and {@code stop} trailing {@code content} characters from each token
     * (from the whole text once, after a Fuse).
     */
    private static Stage strip(int content, int start, int stop, boolean fused) {
        if (!fused) {
            return (token, next) -> next.accept(stripOne(token, content, start, stop));
        }
        return new Stage() {
            private int leadingLeft = start;
            private final StringBuilder held = new StringBuilder();

            @Override
            public void push(String token, Consumer<String> next) {
                String t = token;
                while (leadingLeft > 0 && !t.isEmpty() && t.codePointAt(0) == content) {
                    t = t.substring(Character.charCount(content));
                    leadingLeft--;
                }
                if (!t.isEmpty()) {
                    leadingLeft = 0;
                }
                if (stop == 0) {
                    next.accept(t);
                    return;
                }
                held.append(t);
                int keep = trailingRun(held, content, stop);
                next.accept(held.substring(0, held.length() - keep));
                held.delete(0, held.length() - keep);
            }

            @Override
            public void finish(Consumer<String> next) {
                held.setLength(0);
            }
        };
    }

    private static String stripOne(String token, int content, int start, int stop) {
        int a = 0;
        int b = token.length();
        String c = new String(Character.toChars(content));
        for (int i = 0; i < start && token.startsWith(c, a); i++) {
            a += c.length();
        }
        for (int i = 0; i < stop && b - c.length() >= a && token.startsWith(c, b - c.length()); i++) {
            b -= c.length();
        }
        return token.substring(a, b);
    }

    /** Length in chars of the trailing run of {@code content} (at most {@code max} characters). */
    private static int trailingRun(StringBuilder s, int content, int max) {
        String c = new String(Character.toChars(content));
        int n = 0;
        int end = s.length();
        while (n < max && end >= c.length() && s.substring(end - c.length(), end).equals(c)) {
            end -= c.length();
            n++;
        }
        return s.length() - end;
    }

    /**
     * WordPiece: a continuation ({@code ##ing}) joins the previous token, other tokens get a space before them; with
     * cleanup, the spaces tokenizers put before punctuation and contractions go.
     */
    private static Stage wordPiece(String prefix, boolean cleanup, boolean fused) {
        return new Stage() {
            private boolean first = true;

            @Override
            public void push(String token, Consumer<String> next) {
                String t = token;
                if (!first) {
                    t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
                }
                first = fused ? first && t.isEmpty() : false;
                next.accept(cleanup ? cleanUp(t) : t);
            }
        };
    }

    /** Hugging Face's {@code clean_up_tokenization}. */
    static String cleanUp(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",").replace(" ' ", "'")
                .replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }

    /** BPEDecoder: the end-of-word suffix becomes a space, except on the last token (held until the end). */
    private static Stage bpeSuffix(String suffix) {
        return new Stage() {
            private String held;

            @Override
            public void push(String token, Consumer<String> next) {
                if (held != null) {
                    next.accept(held.replace(suffix, " "));
                }
                held = token;
            }

            @Override
            public void finish(Consumer<String> next) {
                if (held != null) {
                    next.accept(held.replace(suffix, ""));
                    held = null;
                }
            }
        };
    }
}
