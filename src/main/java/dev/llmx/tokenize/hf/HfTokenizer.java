package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.tokenize.Encoded;
import dev.llmx.tokenize.TextDecoder;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.text.ByteBuilder;
import dev.llmx.tokenize.text.TokenList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Hugging Face {@code tokenizer.json}, run as the {@code tokenizers} library runs it: added tokens cut out, the rest
 * normalized, pre-tokenized and encoded by the model; with special tokens added, the post-processor's template.
 * Decoding goes through the file's decoder chain.
 */
public final class HfTokenizer implements Tokenizer {
    private final String name;
    private final HfNormalizers.HfNormalizer normalizer;
    private final HfPreTokenizers.HfPreTokenizer preTokenizer;
    private final HfModels.HfModel model;
    private final HfAddedTokens added;
    private final HfPostProcessor postProcessor;
    private final Supplier<List<HfDecoders.Stage>> decoder;
    private final Map<Integer, String> tokens;
    private final Set<Integer> special = new HashSet<>();
    private final byte[][] pieces;
    private final int vocabSize;
    private final OptionalInt bos;
    private final OptionalInt eos;

    private HfTokenizer(String name, JsonNode json, JsonNode config) {
        this.name = name;
        JsonNode modelNode = json.path("model");
        HfModels.Vocab vocab = HfModels.vocab(modelNode);
        this.normalizer = HfNormalizers.from(json.get("normalizer"));
        this.preTokenizer = HfPreTokenizers.from(json.get("pre_tokenizer"));
        this.model = HfModels.from(modelNode, vocab);
        this.added = new HfAddedTokens(json.path("added_tokens"), normalizer);
        this.tokens = new HashMap<>(vocab.tokens());
        int maxId = vocab.maxId();
        for (HfAddedTokens.Token t : added.tokens()) {
            tokens.put(t.id(), t.content());
            if (t.special()) {
                special.add(t.id());
            }
            maxId = Math.max(maxId, t.id());
        }
        this.vocabSize = maxId + 1;
        this.postProcessor = HfPostProcessor.from(json.get("post_processor"), tokens);
        this.decoder = HfDecoders.chain(json.get("decoder"));
        this.pieces = new byte[vocabSize][];
        for (Map.Entry<Integer, String> e : tokens.entrySet()) {
            pieces[e.getKey()] = piece(e.getValue(), special.contains(e.getKey()), json.get("decoder"));
        }
        this.bos = specialFromConfig(config, "bos_token");
        this.eos = specialFromConfig(config, "eos_token");
    }

    /** Reads {@code tokenizer.json} (and, when beside it, {@code tokenizer_config.json} for BOS/EOS names). */
    public static HfTokenizer open(Path tokenizerJson, String name) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            JsonNode json = mapper.readTree(tokenizerJson.toFile());
            if (json == null || !json.isObject()) {
                throw new LlmxException(tokenizerJson + ": not a tokenizer.json (expected a JSON object)");
            }
            Path configPath = tokenizerJson.resolveSibling("tokenizer_config.json");
            JsonNode config = Files.isRegularFile(configPath) ? mapper.readTree(configPath.toFile()) : null;
            return new HfTokenizer(name, json, config);
        } catch (IOException e) {
            throw new LlmxException(tokenizerJson + ": cannot read tokenizer.json (" + e.getMessage() + ")");
        }
    }

    private OptionalInt specialFromConfig(JsonNode config, String key) {
        if (config == null) {
            return OptionalInt.empty();
        }
        JsonNode v = config.path(key);
        String text = v.isTextual() ? v.asText() : v.path("content").asText(null);
        if (text == null) {
            return OptionalInt.empty();
        }
        for (Map.Entry<Integer, String> e : tokens.entrySet()) {
            if (e.getValue().equals(text)) {
                return OptionalInt.of(e.getKey());
            }
        }
        return OptionalInt.empty();
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
        return encode(text, parseSpecial, false);
    }

    @Override
    public Encoded encode(String text, boolean parseSpecial, boolean addSpecial) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        TokenList out = new TokenList(input.length / 3 + 4);
        if (addSpecial) {
            for (int id : postProcessor.prefix()) {
                out.token(id, 0, 0);
            }
        }
        HfModels.Session session = model.newSession();
        for (HfAddedTokens.Part part : added.splitRaw(HfText.of(input, 0, input.length), parseSpecial)) {
            if (part.isToken()) {
                out.token(part.id(), part.start(), part.end());
                continue;
            }
            HfText normalized = normalizer.apply(part.text());
            for (HfAddedTokens.Part inner : added.splitNormalized(normalized, parseSpecial)) {
                if (inner.isToken()) {
                    out.token(inner.id(), inner.start(), inner.end());
                    continue;
                }
                for (HfText piece : preTokenizer.apply(List.of(inner.text()))) {
                    session.encode(piece, out);
                }
            }
        }
        if (addSpecial) {
            for (int id : postProcessor.suffix()) {
                out.token(id, input.length, input.length);
            }
        }
        return out.toEncoded();
    }

    /** Whether {@code encode(…, addSpecial = true)} adds tokens (the post-processor has a template). */
    @Override
    public boolean addsSpecialTokens() {
        return postProcessor.prefix().length + postProcessor.suffix().length > 0;
    }

    @Override
    public boolean isValid(int id) {
        return id >= 0 && id < vocabSize && tokens.containsKey(id);
    }

    @Override
    public byte[] bytes(int id) {
        return pieces[id].clone();
    }

    @Override
    public boolean isSpecial(int id) {
        return special.contains(id);
    }

    @Override
    public OptionalInt bos() {
        return bos;
    }

    @Override
    public OptionalInt eos() {
        return eos;
    }

    @Override
    public TextDecoder newDecoder(boolean renderSpecial) {
        List<HfDecoders.Stage> stages = decoder.get();
        StringBuilder text = new StringBuilder();
        // sinks.get(i) feeds stage i; the last one collects the text. Built once, so pushing allocates nothing more.
        List<Consumer<String>> sinks = new ArrayList<>(java.util.Collections.nCopies(stages.size() + 1, null));
        sinks.set(stages.size(), text::append);
        for (int i = stages.size() - 1; i >= 0; i--) {
            HfDecoders.Stage stage = stages.get(i);
            Consumer<String> next = sinks.get(i + 1);
            sinks.set(i, token -> stage.push(token, next));
        }
        return new TextDecoder() {
            @Override
            public void push(int id, ByteBuilder out) {
                if (!renderSpecial && special.contains(id)) {
                    return;
                }
                sinks.get(0).accept(tokens.get(id));
                write(out);
            }

            @Override
            public void finish(ByteBuilder out) {
                for (int i = 0; i < stages.size(); i++) {
                    stages.get(i).finish(sinks.get(i + 1));
                }
                write(out);
            }

            private void write(ByteBuilder out) {
                if (text.length() > 0) {
                    out.append(text.toString().getBytes(StandardCharsets.UTF_8));
                    text.setLength(0);
                }
            }
        };
    }

    /**
     * What a token shows on its own: byte-alphabet tokens as their bytes, {@code <0xNN>} as the byte, ▁ as a space
     * when the decoder turns it into one; other tokens (special ones, WordPiece's {@code ##ing}) as written.
     */
    private static byte[] piece(String token, boolean special, JsonNode decoderNode) {
        String decoders = decoderNode == null ? "" : decoderNode.toString();
        if (!special && decoders.contains("\"ByteLevel\"")) {
            return HfDecoders.tokenBytes(token);
        }
        if (!special && decoders.contains("\"ByteFallback\"") && HfDecoders.byteToken(token) >= 0) {
            return new byte[] {(byte) HfDecoders.byteToken(token)};
        }
        if (!special && (decoders.contains("\"Metaspace\"") || decoders.contains("\u2581"))) {
            return token.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

}
