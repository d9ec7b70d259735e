package dev.llmx.tokenize.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufFile;
import dev.llmx.testing.Refs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * tokenizer.json files for the model families llmx must read, built from the vocabularies in the reference data
 * (the GGUF vocab files carry the same tokens and merges as the models' tokenizer.json) with each family's
 * normalizer, pre-tokenizer, post-processor and decoder as the published files configure them.
 */
final class TokenizerJsonFixtures {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenizerJsonFixtures() {
    }

    /** GPT-2: byte-level BPE with GPT-2's own split, {@code <|endoftext|>} special. */
    static Path gpt2(Path dir) throws IOException {
        ObjectNode root = base();
        ObjectNode model = bpeModel("tokenizer/llama.cpp-vocab/ggml-vocab-gpt-2.gguf", 50256);
        root.set("model", model);
        root.set("added_tokens", F.arrayNode().add(added(50256, "<|endoftext|>", true)));
        root.set("pre_tokenizer", byteLevel(false, true));
        root.set("post_processor", byteLevel(true, true));
        root.set("decoder", byteLevel(true, true));
        return write(dir, "gpt2", root);
    }

    /** Llama 3: the Llama-3 split regex, then byte-level without a regex; 256 special tokens; BOS template. */
    static Path llama3(Path dir, String regex, boolean nfc) throws IOException {
        ObjectNode root = base();
        ObjectNode model = bpeModel("tokenizer/llama.cpp-vocab/ggml-vocab-llama-bpe.gguf", 128000);
        model.put("ignore_merges", true);
        root.set("model", model);
        ArrayNode addedTokens = F.arrayNode();
        String[] texts = vocabTexts("tokenizer/llama.cpp-vocab/ggml-vocab-llama-bpe.gguf");
        for (int id = 128000; id < texts.length; id++) {
            addedTokens.add(added(id, texts[id], true));
        }
        root.set("added_tokens", addedTokens);
        if (nfc) {
            root.set("normalizer", F.objectNode().put("type", "NFC"));
        }
        ObjectNode split = F.objectNode().put("type", "Split");
        split.set("pattern", F.objectNode().put("Regex", regex));
        split.put("behavior", "Isolated").put("invert", false);
        root.set("pre_tokenizer", F.objectNode().put("type", "Sequence")
                .set("pretokenizers", F.arrayNode().add(split).add(byteLevel(false, false))));
        root.set("post_processor", template("<|begin_of_text|>", 128000));
        root.set("decoder", byteLevel(true, true));
        return write(dir, "llama3-" + Integer.toHexString(regex.hashCode()) + (nfc ? "-nfc" : ""), root);
    }

    /** BERT (bge): WordPiece with BERT's normalizer and pre-tokenizer, [CLS]/[SEP] around the text. */
    static Path bert(Path dir) throws IOException {
        String[] texts = vocabTexts("tokenizer/llama.cpp-vocab/ggml-vocab-bert-bge.gguf");
        ObjectNode vocab = F.objectNode();
        ArrayNode addedTokens = F.arrayNode();
        for (int id = 0; id < texts.length; id++) {
            String t = texts[id];
            String hf;
            if (t.startsWith("[") && t.endsWith("]")) {
                hf = t;
            } else if (t.startsWith("\u2581")) {
                hf = t.substring(1);
            } else {
                hf = "##" + t;
            }
            vocab.put(hf, id);
            if (t.equals("[PAD]") || t.equals("[UNK]") || t.equals("[CLS]") || t.equals("[SEP]") || t.equals("[MASK]")) {
                addedTokens.add(added(id, t, true));
            }
        }
        ObjectNode root = base();
        ObjectNode model = F.objectNode().put("type", "WordPiece").put("unk_token", "[UNK]")
                .put("continuing_subword_prefix", "##").put("max_input_chars_per_word", 100);
        model.set("vocab", vocab);
        root.set("model", model);
        root.set("added_tokens", addedTokens);
        root.set("normalizer", F.objectNode().put("type", "BertNormalizer").put("clean_text", true)
                .put("handle_chinese_chars", true).putNull("strip_accents").put("lowercase", true));
        root.set("pre_tokenizer", F.objectNode().put("type", "BertPreTokenizer"));
        ObjectNode post = F.objectNode().put("type", "BertProcessing");
        post.set("sep", F.arrayNode().add("[SEP]").add(102));
        post.set("cls", F.arrayNode().add("[CLS]").add(101));
        root.set("post_processor", post);
        root.set("decoder", F.objectNode().put("type", "WordPiece").put("prefix", "##").put("cleanup", true));
        return write(dir, "bert", root);
    }

    /**
     * The stories260K tokenizer.json with its Llama-2-style normalizer swapped for the Metaspace pre-tokenizer and
     * decoder that newer SentencePiece conversions use.
     */
    static Path storiesMetaspace(Path dir, String scheme) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(Refs.require("models/stories260K-hf/tokenizer.json").toFile());
        root.putNull("normalizer");
        ObjectNode meta = F.objectNode().put("type", "Metaspace").put("replacement", "\u2581")
                .put("prepend_scheme", scheme).put("split", false);
        root.set("pre_tokenizer", meta);
        root.set("decoder", F.objectNode().put("type", "Sequence").set("decoders",
                F.arrayNode().add(meta.deepCopy()).add(F.objectNode().put("type", "ByteFallback"))
                        .add(F.objectNode().put("type", "Fuse"))));
        return write(dir, "stories-metaspace-" + scheme, root);
    }

    private static ObjectNode base() {
        ObjectNode root = F.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putNull("normalizer");
        return root;
    }

    private static ObjectNode bpeModel(String gguf, int firstSpecial) throws IOException {
        String[] texts = vocabTexts(gguf);
        ObjectNode vocab = F.objectNode();
        for (int id = 0; id < Math.min(firstSpecial, texts.length); id++) {
            vocab.put(texts[id], id);
        }
        ArrayNode merges = F.arrayNode();
        try (GgufFile f = GgufFile.open(Refs.require(gguf))) {
            for (String m : f.metadata().getArray("tokenizer.ggml.merges").orElseThrow().toStringArray()) {
                merges.add(m);
            }
        }
        ObjectNode model = F.objectNode().put("type", "BPE").putNull("dropout").putNull("unk_token")
                .putNull("continuing_subword_prefix").putNull("end_of_word_suffix").put("fuse_unk", false)
                .put("byte_fallback", false);
        model.set("vocab", vocab);
        model.set("merges", merges);
        return model;
    }

    static String[] vocabTexts(String gguf) throws IOException {
        try (GgufFile f = GgufFile.open(Refs.require(gguf))) {
            GgufArray tokens = f.metadata().getArray("tokenizer.ggml.tokens").orElseThrow();
            return tokens.toStringArray();
        }
    }

    private static ObjectNode added(int id, String content, boolean special) {
        return F.objectNode().put("id", id).put("content", content).put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", !special).put("special", special);
    }

    private static ObjectNode byteLevel(boolean trimOffsets, boolean useRegex) {
        return F.objectNode().put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", trimOffsets)
                .put("use_regex", useRegex);
    }

    private static ObjectNode template(String bos, int id) {
        ObjectNode t = F.objectNode().put("type", "TemplateProcessing");
        t.set("single", F.arrayNode()
                .add(F.objectNode().set("SpecialToken", F.objectNode().put("id", bos).put("type_id", 0)))
                .add(F.objectNode().set("Sequence", F.objectNode().put("id", "A").put("type_id", 0))));
        t.set("pair", F.arrayNode());
        ObjectNode special = F.objectNode();
        special.set(bos, F.objectNode().put("id", bos).set("ids", F.arrayNode().add(id)));
        ((ObjectNode) special.get(bos)).set("tokens", F.arrayNode().add(bos));
        t.set("special_tokens", special);
        return t;
    }

    private static Path write(Path dir, String name, ObjectNode root) throws IOException {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        Path file = folder.resolve("tokenizer.json");
        MAPPER.writeValue(file.toFile(), root);
        return file;
    }
}
