package dev.llmx.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufValueType;
import dev.llmx.render.Units;
import dev.llmx.safetensors.HfFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code tokenizer.ggml.*} keys for a folder's tokenizer.json, as convert_hf_to_gguf.py writes them for llama
 * models: a BPE model with byte fallback (SentencePiece converted by transformers) becomes a {@code llama} vocabulary
 * with scores and token types; a byte-level BPE (Llama 3) becomes a {@code gpt2} vocabulary with merges and the
 * pre-tokenizer's name. Then the special tokens and the add-BOS/EOS flags, from tokenizer_config.json, config.json
 * and the post-processor (gguf-py's SpecialVocab).
 *
 * <p>One deliberate difference: for the {@code llama} vocabulary the converter writes the placeholder score −1000
 * for every token, which leaves llama.cpp's SentencePiece tokenizer without merge priorities; llmx writes the scores
 * SentencePiece itself gives a BPE vocabulary, −(rank) for the ordinary tokens in id order, so that the GGUF
 * tokenizes as the folder does (and a folder made from a GGUF, like stories260K-hf, converts back to its scores).
 */
public final class HfVocabulary {
    /** gguf-py's TokenType values. */
    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;
    static final int UNUSED = 5;
    static final int BYTE = 6;

    private static final long MAX_TOKENIZER_BYTES = 256L << 20;
    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x[0-9A-Fa-f]{2}>");
    private static final String[] SPECIAL_TYPES = {"bos", "eos", "unk", "sep", "pad", "cls", "mask"};
    /** The GGUF key of each special token type (gguf-py's spelling, "seperator" included). */
    private static final Map<String, String> SPECIAL_KEYS = Map.of("bos", "tokenizer.ggml.bos_token_id",
            "eos", "tokenizer.ggml.eos_token_id", "unk", "tokenizer.ggml.unknown_token_id",
            "sep", "tokenizer.ggml.seperator_token_id", "pad", "tokenizer.ggml.padding_token_id",
            "cls", "tokenizer.ggml.cls_token_id", "mask", "tokenizer.ggml.mask_token_id");
    /** Llama 3's pre-tokenizer split pattern, which llama.cpp calls "llama-bpe". */
    private static final String LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
            + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final JsonNode tokenizer;
    private final JsonNode tokenizerConfig;
    private final JsonNode config;
    private final Optional<Path> chatTemplateFile;
    private final long vocabSize;

    private HfVocabulary(JsonNode tokenizer, JsonNode tokenizerConfig, JsonNode config, Optional<Path> chatTemplateFile,
                         long vocabSize) {
        this.tokenizer = tokenizer;
        this.tokenizerConfig = tokenizerConfig;
        this.config = config;
        this.chatTemplateFile = chatTemplateFile;
        this.vocabSize = vocabSize;
    }

    /** Reads the tokenizer of {@code folder}; {@code vocabSize} is config.json's (the embedding's row count). */
    public static HfVocabulary of(HfFolder folder, long vocabSize) {
        Path json = folder.tokenizerJson().orElseThrow(() -> new LlmxException(folder.dir().getFileName()
                + " has no tokenizer.json; llmx converts the tokenizer from tokenizer.json only"));
        return new HfVocabulary(readLarge(json), folder.tokenizerConfig().orElse(null), folder.config(),
                folder.chatTemplateFile(), vocabSize);
    }

    /** For tests: the parts of a folder, already parsed. */
    static HfVocabulary of(JsonNode tokenizer, JsonNode tokenizerConfig, JsonNode config, long vocabSize) {
        return new HfVocabulary(tokenizer, tokenizerConfig, config, Optional.empty(), vocabSize);
    }

    private static JsonNode readLarge(Path p) {
        try {
            long size = Files.size(p);
            if (size > MAX_TOKENIZER_BYTES) {
                throw new LlmxException(p.getFileName() + " is " + Units.bytes(size) + "; more than the "
                        + Units.bytes(MAX_TOKENIZER_BYTES) + " llmx reads");
            }
            JsonNode node = new ObjectMapper().readTree(Files.readAllBytes(p));
            if (node == null || !node.isObject() || !node.path("model").isObject()) {
                throw new LlmxException(p.getFileName() + " has no \"model\" object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new LlmxException(p.getFileName() + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether tokenizer.json holds a SentencePiece-style BPE (byte fallback) rather than a byte-level one. */
    boolean isSentencePieceBpe() {
        JsonNode model = tokenizer.get("model");
        return "BPE".equals(model.path("type").asText()) && model.path("byte_fallback").asBoolean(false);
    }

    public Map<String, GgufValue> keys() {
        JsonNode model = tokenizer.get("model");
        String type = model.path("type").asText();
        GgufKeys k = new GgufKeys();
        if (tokenizerConfig != null && tokenizerConfig.path("add_prefix_space").isBoolean()) {
            k.bool("tokenizer.ggml.add_space_prefix", tokenizerConfig.get("add_prefix_space").booleanValue());
        }
        boolean merges;
        if (isSentencePieceBpe()) {
            sentencePieceVocabulary(k);
            merges = false;
        } else if ("BPE".equals(type) && "ByteLevel".equals(tokenizer.path("decoder").path("type").asText())) {
            byteLevelVocabulary(k);
            merges = true;
        } else {
            throw new LlmxException("tokenizer.json has a " + type + " model" + (type.equals("BPE") ? " without byte"
                    + " fallback or a byte-level decoder" : "") + "; llmx converts BPE tokenizers only (SentencePiece-"
                    + "style or byte-level); use llama.cpp's convert_hf_to_gguf.py for this one");
        }
        specialVocabulary(k, merges);
        return k.toMap();
    }

    // ---------------------------------------------------------------- the vocabulary proper

    private record Added(int id, String content, boolean special) {
    }

    private List<Added> addedTokens() {
        List<Added> out = new ArrayList<>();
        for (JsonNode a : tokenizer.path("added_tokens")) {
            if (a.path("id").canConvertToInt() && a.path("content").isTextual()) {
                out.add(new Added(a.get("id").intValue(), a.get("content").textValue(), a.path("special").asBoolean()));
            }
        }
        return out;
    }

    /** id → token text of the model's own vocabulary (without added tokens). */
    private Map<Integer, String> baseVocabulary() {
        Map<Integer, String> byId = new HashMap<>();
        tokenizer.get("model").path("vocab").properties().forEach(e -> {
            if (e.getValue().canConvertToInt()) {
                byId.put(e.getValue().intValue(), e.getKey());
            }
        });
        return byId;
    }

    /** Contents of the tokens transformers counts as special: the named ones and additional_special_tokens. */
    private Set<String> specialContents() {
        Set<String> out = new HashSet<>();
        if (tokenizerConfig != null) {
            for (String t : SPECIAL_TYPES) {
                contentOf(tokenizerConfig.get(t + "_token")).ifPresent(out::add);
            }
            for (JsonNode n : tokenizerConfig.path("additional_special_tokens")) {
                contentOf(n).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<String> contentOf(JsonNode entry) {
        if (entry != null && entry.isTextual()) {
            return Optional.of(entry.textValue());
        }
        if (entry != null && entry.isObject() && entry.path("content").isTextual()) {
            return Optional.of(entry.get("content").textValue());
        }
        return Optional.empty();
    }

    private void sentencePieceVocabulary(GgufKeys k) {
        Map<Integer, String> base = baseVocabulary();
        int baseSize = base.size();
        Set<String> specials = specialContents();
        List<Added> added = addedTokens();
        for (Added a : added) {
            if (a.special()) {
                specials.add(a.content());
            }
        }
        String unk = tokenizer.get("model").path("unk_token").asText(null);
        Map<Integer, Added> beyondBase = new LinkedHashMap<>();
        added.stream().filter(a -> a.id() >= baseSize).sorted((x, y) -> Integer.compare(x.id(), y.id()))
                .forEach(a -> beyondBase.put(a.id(), a));
        int count = (int) Math.max(vocabSize, baseSize + beyondBase.size());
        List<byte[]> tokens = new ArrayList<>(count);
        float[] scores = new float[count];
        long[] types = new long[count];
        int rank = 0;
        for (int id = 0; id < count; id++) {
            String text = base.get(id);
            Added extra = beyondBase.get(id);
            if (text != null && id < baseSize) {
                int type = BYTE_TOKEN.matcher(text).matches() ? BYTE : text.equals(unk) ? UNKNOWN
                        : specials.contains(text) ? CONTROL : NORMAL;
                tokens.add(text.getBytes(StandardCharsets.UTF_8));
                types[id] = type;
                // −rank as a float, so the first ordinary token scores −0 exactly as SentencePiece writes it.
                scores[id] = type == NORMAL ? -(float) rank++ : 0f;
            } else if (extra != null) {
                tokens.add(extra.content().getBytes(StandardCharsets.UTF_8));
                types[id] = specials.contains(extra.content()) ? CONTROL : USER_DEFINED;
                scores[id] = -1000f;
            } else {
                tokens.add(("[PAD" + id + "]").getBytes(StandardCharsets.UTF_8));
                types[id] = UNUSED;
                scores[id] = -1000f;
            }
        }
        k.string("tokenizer.ggml.model", "llama");
        k.string("tokenizer.ggml.pre", "default");
        k.put("tokenizer.ggml.tokens", GgufValue.array(GgufArray.ofStringBytes(tokens.toArray(new byte[0][]))));
        k.put("tokenizer.ggml.scores", GgufValue.array(GgufArray.ofFloat32(scores)));
        k.put("tokenizer.ggml.token_type", GgufValue.array(GgufArray.ofIntegers(GgufValueType.INT32, types)));
    }

    private void byteLevelVocabulary(GgufKeys k) {
        Map<Integer, String> vocab = baseVocabulary();
        Map<String, Added> addedByContent = new HashMap<>();
        for (Added a : addedTokens()) {
            vocab.put(a.id(), a.content());
            addedByContent.put(a.content(), a);
        }
        int maxId = vocab.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        int count = (int) Math.max(vocabSize, maxId + 1);
        List<byte[]> tokens = new ArrayList<>(count);
        long[] types = new long[count];
        for (int id = 0; id < count; id++) {
            String text = vocab.get(id);
            if (text == null) {
                tokens.add(("[PAD" + id + "]").getBytes(StandardCharsets.UTF_8));
                types[id] = UNUSED;
                continue;
            }
            Added a = addedByContent.get(text);
            if (a != null && a.id() == id) {
                if (a.special() || looksSpecial(text)) {
                    types[id] = CONTROL;
                } else {
                    types[id] = USER_DEFINED;
                    text = text.replace("\u2581", " ");
                }
            } else {
                types[id] = NORMAL;
            }
            tokens.add(text.getBytes(StandardCharsets.UTF_8));
        }
        k.string("tokenizer.ggml.model", "gpt2");
        k.string("tokenizer.ggml.pre", preTokenizerName());
        k.put("tokenizer.ggml.tokens", GgufValue.array(GgufArray.ofStringBytes(tokens.toArray(new byte[0][]))));
        k.put("tokenizer.ggml.token_type", GgufValue.array(GgufArray.ofIntegers(GgufValueType.INT32, types)));
    }

    /** The converter's {@code does_token_look_special}: added tokens that ought to be control tokens. */
    private static boolean looksSpecial(String t) {
        return t.equals("<pad>") || t.equals("<mask>") || t.equals("<2mass>") || t.equals("[@BOS@]")
                || (t.startsWith("<|") && t.endsWith("|>")) || (t.startsWith("<｜") && t.endsWith("｜>"))
                || (t.startsWith("<unused") && t.endsWith(">"));
    }

    /**
     * llama.cpp's name for the byte-level pre-tokenizer. The converter recognizes it by hashing how the tokenizer
     * splits a test text; llmx recognizes the two patterns llama-family models use from their definition.
     */
    String preTokenizerName() {
        JsonNode pre = tokenizer.path("pre_tokenizer");
        List<JsonNode> steps = new ArrayList<>();
        if ("Sequence".equals(pre.path("type").asText())) {
            pre.path("pretokenizers").forEach(steps::add);
        } else if (pre.isObject()) {
            steps.add(pre);
        }
        for (JsonNode step : steps) {
            if ("Split".equals(step.path("type").asText())
                    && LLAMA3_PATTERN.equals(step.path("pattern").path("Regex").asText())) {
                return "llama-bpe";
            }
        }
        if (steps.size() == 1 && "ByteLevel".equals(steps.get(0).path("type").asText())
                && steps.get(0).path("use_regex").asBoolean(true)) {
            return "gpt-2";
        }
        throw new LlmxException("tokenizer.json: llmx does not recognize this byte-level pre-tokenizer (it knows"
                + " Llama 3's and GPT-2's); use llama.cpp's convert_hf_to_gguf.py for this model");
    }

    // ---------------------------------------------------------------- special tokens (gguf-py's SpecialVocab)

    private void specialVocabulary(GgufKeys k, boolean withMerges) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<String, Boolean> add = new LinkedHashMap<>();
        String bos = tokenizerConfig == null ? null : contentOf(tokenizerConfig.get("bos_token")).orElse(null);
        String cls = tokenizerConfig == null ? null : contentOf(tokenizerConfig.get("cls_token")).orElse(null);
        postProcessorFlags(add, bos, cls);
        List<Added> added = addedTokens();
        if (tokenizerConfig != null) {
            for (String type : SPECIAL_TYPES) {
                JsonNode flag = tokenizerConfig.get("add_" + type + "_token");
                if (flag != null && flag.isBoolean()) {
                    add.put(type, flag.booleanValue());
                }
                Optional<String> content = contentOf(tokenizerConfig.get(type + "_token"));
                if (content.isPresent()) {
                    added.stream().filter(a -> a.content().equals(content.get())).findFirst()
                            .ifPresent(a -> setSpecial(ids, type, a.id()));
                }
            }
        }
        for (String type : SPECIAL_TYPES) {
            JsonNode id = config.get(type + "_token_id");
            if (id == null && config.path("text_config").isObject()) {
                id = config.get("text_config").get(type + "_token_id");
            }
            if (id != null && id.isIntegralNumber() && id.canConvertToInt()) {
                setSpecial(ids, type, id.intValue());
            }
        }
        if (withMerges) {
            merges().ifPresent(m -> k.put("tokenizer.ggml.merges", m));
        }
        ids.forEach((type, id) -> k.u32(SPECIAL_KEYS.get(type), id));
        add.forEach((type, value) -> {
            if (type.equals("bos") || type.equals("eos") || type.equals("sep")) {
                k.bool("tokenizer.ggml.add_" + type + "_token", value);
            }
        });
        chatTemplate().ifPresent(t -> k.string("tokenizer.chat_template", t));
    }

    private void setSpecial(Map<String, Integer> ids, String type, int id) {
        if (id < 0) {
            throw new LlmxException("invalid value for special token type " + type + ": " + id);
        }
        if (id < vocabSize) {
            ids.putIfAbsent(type, id);
        }
    }

    /** The converter's crude reading of a TemplateProcessing post-processor: does it add BOS / EOS? */
    private void postProcessorFlags(Map<String, Boolean> add, String bos, String cls) {
        JsonNode post = tokenizer.path("post_processor");
        List<JsonNode> processors = new ArrayList<>();
        if (post.path("processors").isArray()) {
            post.get("processors").forEach(processors::add);
        } else if (post.isObject()) {
            processors.add(post);
        }
        for (JsonNode p : processors) {
            String type = p.path("type").asText();
            if (type.equals("RobertaProcessing")) {
                add.put("bos", true);
                add.put("eos", true);
                add.put("sep", true);
            } else if (type.equals("TemplateProcessing")) {
                JsonNode single = p.path("single");
                if (single.size() > 1) {
                    String first = single.get(0).path("SpecialToken").path("id").asText(null);
                    if (first != null) {
                        // Without a tokenizer_config.json the template's first token is taken as the BOS token.
                        add.put("bos", first.equals(tokenizerConfig == null ? first : bos) || first.equals(cls));
                    }
                    // A trailing special token becomes the EOS token if it was not already, and is added.
                    if (single.get(single.size() - 1).path("SpecialToken").has("id")) {
                        add.put("eos", true);
                    }
                }
            }
        }
    }

    private Optional<GgufValue> merges() {
        JsonNode merges = tokenizer.get("model").path("merges");
        if (!merges.isArray() || merges.isEmpty()) {
            return Optional.empty();
        }
        byte[][] out = new byte[merges.size()][];
        for (int i = 0; i < merges.size(); i++) {
            JsonNode m = merges.get(i);
            String text;
            if (m.isTextual()) {
                text = m.textValue();
            } else if (m.isArray() && m.size() == 2) {
                // Since transformers 4.45 a merge is a pair; a space inside a part is written as U+0120 ('Ġ').
                text = m.get(0).asText().replace(' ', '\u0120') + " " + m.get(1).asText().replace(' ', '\u0120');
            } else {
                throw new LlmxException("tokenizer.json: merge " + i + " is neither \"a b\" nor [\"a\", \"b\"]");
            }
            out[i] = text.getBytes(StandardCharsets.UTF_8);
        }
        return Optional.of(GgufValue.array(GgufArray.ofStringBytes(out)));
    }

    private Optional<String> chatTemplate() {
        if (tokenizerConfig != null && tokenizerConfig.path("chat_template").isTextual()) {
            return Optional.of(tokenizerConfig.get("chat_template").textValue());
        }
        if (chatTemplateFile.isPresent()) {
            Path p = chatTemplateFile.get();
            try {
                if (p.getFileName().toString().endsWith(".jinja")) {
                    return Optional.of(Files.readString(p));
                }
                JsonNode n = HfFolder.readJsonObject(p).get("chat_template");
                return n != null && n.isTextual() ? Optional.of(n.textValue()) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.empty();
    }
}
