package dev.llmx.tokenize.gguf;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufMetadata;
import dev.llmx.gguf.GgufValueType;
import dev.llmx.tokenize.pretokenize.LlamaCppPreTokenizers;
import dev.llmx.tokenize.pretokenize.PreTokenizerSpec;
import dev.llmx.tokenize.vocab.ByteStringIndex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything llama.cpp's {@code llama_vocab::load} takes from a GGUF file's {@code tokenizer.ggml.*} keys: the token
 * texts, scores and types, the tokenizer kind and its pre-tokenizer, the special token ids and the policy for adding
 * BOS/EOS — including llama.cpp's rules that recognise special tokens by their text, since its ids depend on them.
 */
final class LlamaVocab {
    /** The tokenizer model families llama.cpp knows and llmx implements. */
    enum Kind {
        /** SentencePiece-style ({@code llama}). */
        SPM,
        /** Byte-level BPE ({@code gpt2}) and its variants. */
        BPE,
        /** WordPiece ({@code bert}). */
        WPM
    }

    static final int NONE = -1;

    final String model;
    final String pre;
    final Kind kind;
    final byte[][] texts;
    final float[] scores;
    final int[] attrs;
    final ByteStringIndex index;
    final List<String> merges;
    final PreTokenizerSpec preTokenizer;

    int bos = NONE;
    int eos = NONE;
    int eot = NONE;
    int eom = NONE;
    int unk = NONE;
    int sep = NONE;
    int pad = NONE;
    int mask = NONE;
    int fimPre = NONE;
    int fimSuf = NONE;
    int fimMid = NONE;
    int fimPad = NONE;
    int fimRep = NONE;
    int fimSep = NONE;

    boolean addSpacePrefix;
    boolean addBos;
    boolean addEos;
    boolean cleanSpaces;
    boolean lowercase = true;
    boolean stripAccents = true;
    final Set<Integer> endOfGeneration = new LinkedHashSet<>();
    /** Special-token candidates for the partition, longest text first. */
    int[] specialCandidates = new int[0];

    private LlamaVocab(String model, String pre, Kind kind, byte[][] texts, float[] scores, int[] attrs,
                       ByteStringIndex index, List<String> merges, PreTokenizerSpec preTokenizer) {
        this.model = model;
        this.pre = pre;
        this.kind = kind;
        this.texts = texts;
        this.scores = scores;
        this.attrs = attrs;
        this.index = index;
        this.merges = merges;
        this.preTokenizer = preTokenizer;
    }

    int size() {
        return texts.length;
    }

    boolean has(int attr, int id) {
        return (attrs[id] & attr) != 0;
    }

    static LlamaVocab load(GgufMetadata md) {
        String model = md.getString("tokenizer.ggml.model").orElseThrow(() -> new LlmxException(
                "the file has no tokenizer (metadata key tokenizer.ggml.model is missing)"));
        String pre = md.getString("tokenizer.ggml.pre").orElse("");
        Kind kind;
        switch (model) {
            case "llama" -> kind = Kind.SPM;
            case "bert" -> kind = Kind.WPM;
            case "gpt2", "whitespace" -> kind = Kind.BPE;
            case "gemma4" -> {
                kind = Kind.BPE;
                pre = "gemma4";
            }
            case "no_vocab", "none" -> throw new LlmxException("the file has no vocabulary (tokenizer.ggml.model = "
                    + model + ")");
            case "t5", "rwkv", "plamo2", "hybriddna" -> throw new LlmxException("tokenizer model '" + model
                    + "' is not supported by llmx (supported: llama, gpt2, gemma4, whitespace, bert)");
            default -> throw new LlmxException("unknown tokenizer model '" + model + "' in tokenizer.ggml.model");
        }
        PreTokenizerSpec preTokenizer = kind == Kind.BPE ? LlamaCppPreTokenizers.forName(pre) : null;

        GgufArray tokens = md.getArray("tokenizer.ggml.tokens").orElseThrow(() -> new LlmxException(
                "the file has no vocabulary (metadata key tokenizer.ggml.tokens is missing)"));
        if (tokens.elementType() != GgufValueType.STRING) {
            throw new LlmxException("tokenizer.ggml.tokens holds " + tokens.elementType().shortName()
                    + " values, expected strings");
        }
        int n = tokens.length();
        byte[][] texts = new byte[n][];
        ByteStringIndex index = new ByteStringIndex(n);
        for (int i = 0; i < n; i++) {
            byte[] text = tokens.getStringBytes(i);
            if (text.length == 0) {
                text = ("[EMPTY_" + i + "]").getBytes(StandardCharsets.US_ASCII);
            }
            texts[i] = text;
            int existing = index.putIfAbsent(text, i);
            if (existing != i) {
                throw new LlmxException("duplicate token in vocabulary: '" + new String(text, StandardCharsets.UTF_8)
                        + "' has ids " + existing + " and " + i);
            }
        }
        float[] scores = readScores(md, n);
        int[] attrs = readAttrs(md, n);
        List<String> merges = kind == Kind.BPE ? readMerges(md) : List.of();

        LlamaVocab v = new LlamaVocab(model, pre, kind, texts, scores, attrs, index, merges, preTokenizer);
        v.configure(md);
        return v;
    }

    private void configure(GgufMetadata md) {
        switch (kind) {
            case SPM -> {
                bos = 1;
                eos = 2;
                unk = 0;
                addSpacePrefix = true;
                addBos = true;
            }
            case WPM -> {
                bos = 101;
                unk = 100;
                sep = 102;
                pad = 0;
                mask = 103;
                addBos = true;
                cleanSpaces = true;
            }
            case BPE -> {
                if (!model.equals("gemma4")) {
                    bos = 11;
                    eos = 11;
                }
                cleanSpaces = preTokenizer.cleanSpaces();
                addBos = preTokenizer.addsBos();
                if (preTokenizer.noBos()) {
                    bos = NONE;
                }
                if (preTokenizer.lowercase() != null) {
                    lowercase = preTokenizer.lowercase();
                }
            }
        }
        md.getBoolean("tokenizer.ggml.add_space_prefix").ifPresent(b -> addSpacePrefix = b);

        bos = specialId(md, "tokenizer.ggml.bos_token_id", bos);
        eos = specialId(md, "tokenizer.ggml.eos_token_id", eos);
        eot = specialId(md, "tokenizer.ggml.eot_token_id", eot);
        eom = specialId(md, "tokenizer.ggml.eom_token_id", eom);
        unk = specialId(md, "tokenizer.ggml.unknown_token_id", unk);
        sep = specialId(md, "tokenizer.ggml.seperator_token_id", sep);
        pad = specialId(md, "tokenizer.ggml.padding_token_id", pad);
        mask = specialId(md, "tokenizer.ggml.mask_token_id", mask);
        fimPre = specialId(md, "tokenizer.ggml.fim_pre_token_id", fimPre);
        fimSuf = specialId(md, "tokenizer.ggml.fim_suf_token_id", fimSuf);
        fimMid = specialId(md, "tokenizer.ggml.fim_mid_token_id", fimMid);
        fimPad = specialId(md, "tokenizer.ggml.fim_pad_token_id", fimPad);
        fimRep = specialId(md, "tokenizer.ggml.fim_rep_token_id", fimRep);
        fimSep = specialId(md, "tokenizer.ggml.fim_sep_token_id", fimSep);
        fimPre = specialId(md, "tokenizer.ggml.prefix_token_id", fimPre);
        fimSuf = specialId(md, "tokenizer.ggml.suffix_token_id", fimSuf);
        fimMid = specialId(md, "tokenizer.ggml.middle_token_id", fimMid);

        md.getBoolean("tokenizer.ggml.add_bos_token").ifPresent(b -> addBos = b);
        md.getBoolean("tokenizer.ggml.add_eos_token").ifPresent(b -> addEos = b);
        if (preTokenizer != null && preTokenizer.forcesBos()) {
            addBos = true;
        }
        if (addBos && bos == NONE) {
            throw new LlmxException("tokenizer.ggml.add_bos_token is true, but tokenizer.ggml.bos_token_id is not set");
        }
        if (addEos && eos == NONE) {
            throw new LlmxException("tokenizer.ggml.add_eos_token is true, but tokenizer.ggml.eos_token_id is not set");
        }
        md.getBoolean("tokenizer.ggml.normalizer.lowercase").ifPresent(b -> lowercase = b);
        stripAccents = lowercase;
        md.getBoolean("tokenizer.ggml.normalizer.strip_accents").ifPresent(b -> stripAccents = b);

        recogniseSpecialTokensByText();
        String name = md.getString("general.name").orElse("").toLowerCase(Locale.ROOT);
        String arch = md.getString("general.architecture").orElse("");
        specialCandidates = specialCandidates();
        applyModelSpecificAttributes(name, arch, specialCandidates);
    }

    /** A special token id from metadata; a default or value outside the vocabulary is dropped, as llama.cpp does. */
    private int specialId(GgufMetadata md, String key, int current) {
        int id = current >= texts.length ? NONE : current;
        if (!md.contains(key)) {
            return id;
        }
        long value = md.getLong(key).orElse(-1L) & 0xFFFFFFFFL;
        return value < texts.length ? (int) value : id;
    }

    /**
     * llama.cpp finds end-of-turn, end-of-message and fill-in-the-middle tokens by their text when the file does not
     * name them, forces them to be control tokens, and lists the tokens that end generation. It walks a hash map,
     * so where several texts qualify its choice is arbitrary; llmx takes the lowest id.
     */
    private void recogniseSpecialTokensByText() {
        eot = findByText(eot, "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
                "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>");
        eom = findByText(eom, "<|eom_id|>");
        fimPre = findByText(fimPre, "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>",
                "▁<PRE>", "<|code_prefix|>", "<|prefix|>");
        fimSuf = findByText(fimSuf, "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>",
                "▁<SUF>", "<|code_suffix|>", "<|suffix|>");
        fimMid = findByText(fimMid, "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>",
                "▁<MID>", "<|code_middle|>", "<|middle|>");
        fimPad = findByText(fimPad, "<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]");
        fimRep = findByText(fimRep, "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>");
        fimSep = findByText(fimSep, "<|file_sep|>");

        for (int id = 0; id < texts.length; id++) {
            if (has(TokenAttr.CONTROL, id) && !has(TokenAttr.UNUSED, id)
                    && new String(texts[id], StandardCharsets.UTF_8).contains("unused")) {
                attrs[id] |= TokenAttr.UNUSED;
            }
        }

        for (int id : new int[] {fimPad, fimRep, fimSep}) {
            if (id != NONE) {
                endOfGeneration.add(id);
            }
        }
        Set<String> eogTexts = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>",
                "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]",
                "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
                "<｜end▁of▁sentence｜>", "[e~[");
        for (int id = 0; id < texts.length; id++) {
            if (eogTexts.contains(new String(texts[id], StandardCharsets.UTF_8))) {
                endOfGeneration.add(id);
                attrs[id] |= TokenAttr.CONTROL;
            }
        }
        for (String text : List.of("<|channel|>", "<|message|>", "<|start|>", "<|constrain|>")) {
            int id = index.get(text.getBytes(StandardCharsets.UTF_8));
            if (id >= 0) {
                attrs[id] = TokenAttr.USER_DEFINED;
            }
        }
        for (int id : new int[] {eos, eot, eom}) {
            if (id != NONE) {
                endOfGeneration.add(id);
            }
        }
        int end = tokenId("<|end|>");
        boolean harmony = endOfGeneration.contains(tokenId("<|return|>")) && endOfGeneration.contains(tokenId("<|call|>"));
        boolean solar = endOfGeneration.contains(tokenId("<|calls|>")) && endOfGeneration.contains(tokenId("<|flush|>"));
        if (end >= 0 && endOfGeneration.contains(end) && (harmony || solar)) {
            endOfGeneration.remove(end);
            attrs[end] = TokenAttr.USER_DEFINED;
        }
        int closeS = tokenId("</s>");
        if (closeS >= 0 && endOfGeneration.contains(closeS) && endOfGeneration.contains(tokenId("<|tool_response>"))) {
            endOfGeneration.remove(closeS);
            attrs[closeS] = TokenAttr.NORMAL;
        }
    }

    private int findByText(int current, String... candidates) {
        if (current != NONE) {
            return current;
        }
        int best = NONE;
        for (String c : candidates) {
            int id = tokenId(c);
            if (id >= 0 && (best == NONE || id < best)) {
                best = id;
            }
        }
        if (best != NONE) {
            attrs[best] |= TokenAttr.CONTROL;
        }
        return best;
    }

    private int tokenId(String text) {
        return index.get(text.getBytes(StandardCharsets.UTF_8));
    }

    private int[] specialCandidates() {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < texts.length; id++) {
            if (has(TokenAttr.CONTROL | TokenAttr.USER_DEFINED | TokenAttr.UNKNOWN, id)) {
                ids.add(id);
            }
        }
        // llama.cpp sorts by length with an unstable sort; among equal lengths llmx keeps id order.
        ids.sort(Comparator.comparingInt((Integer id) -> -texts[id].length).thenComparingInt(id -> id));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Per-model lstrip/rstrip rules that llama.cpp applies by model or tokenizer name. */
    private void applyModelSpecificAttributes(String name, String arch, int[] candidates) {
        if (pre.contains("jina-v2-de") || pre.contains("jina-v2-es") || pre.contains("jina-v2-code")
                || arch.contains("nomic-bert-moe") || arch.contains("jina-bert-v3")) {
            setAttr("<mask>", TokenAttr.LSTRIP, true);
        } else if (name.contains("phi-3") || name.contains("phi3")) {
            for (int id : candidates) {
                attrs[id] |= TokenAttr.RSTRIP;
            }
            setAttr("</s>", TokenAttr.RSTRIP, true);
            for (String t : List.of("<unk>", "<s>", "<|endoftext|>")) {
                setAttr(t, TokenAttr.RSTRIP, false);
            }
        } else if (name.contains("modern-bert")) {
            setAttr("[MASK]", TokenAttr.LSTRIP, true);
        }
    }

    private void setAttr(String text, int attr, boolean on) {
        int id = tokenId(text);
        if (id >= 0) {
            attrs[id] = on ? attrs[id] | attr : attrs[id] & ~attr;
        }
    }

    private static float[] readScores(GgufMetadata md, int n) {
        float[] scores = new float[n];
        if (!md.contains("tokenizer.ggml.scores")) {
            return scores;
        }
        GgufArray a = md.getArray("tokenizer.ggml.scores").orElseThrow();
        if (a.elementType() != GgufValueType.FLOAT32 && a.elementType() != GgufValueType.INT32) {
            throw new LlmxException("tokenizer.ggml.scores holds " + a.elementType().shortName()
                    + " values, expected f32 or i32");
        }
        if (a.length() < n) {
            throw new LlmxException("tokenizer.ggml.scores has " + a.length() + " entries for " + n + " tokens");
        }
        for (int i = 0; i < n; i++) {
            scores[i] = (float) a.getDouble(i);
        }
        return scores;
    }

    private static int[] readAttrs(GgufMetadata md, int n) {
        int[] attrs = new int[n];
        if (!md.contains("tokenizer.ggml.token_type")) {
            Arrays.fill(attrs, TokenAttr.NORMAL);
            return attrs;
        }
        GgufArray a = md.getArray("tokenizer.ggml.token_type").orElseThrow();
        if (a.elementType() != GgufValueType.INT32) {
            throw new LlmxException("tokenizer.ggml.token_type holds " + a.elementType().shortName()
                    + " values, expected i32");
        }
        if (a.length() < n) {
            throw new LlmxException("tokenizer.ggml.token_type has " + a.length() + " entries for " + n + " tokens");
        }
        for (int i = 0; i < n; i++) {
            attrs[i] = TokenAttr.fromTokenType(a.getLong(i));
        }
        return attrs;
    }

    private static List<String> readMerges(GgufMetadata md) {
        GgufArray a = md.getArray("tokenizer.ggml.merges").orElseThrow(() -> new LlmxException(
                "the BPE vocabulary has no merges (metadata key tokenizer.ggml.merges is missing)"));
        if (a.elementType() != GgufValueType.STRING) {
            throw new LlmxException("tokenizer.ggml.merges holds " + a.elementType().shortName()
                    + " values, expected strings");
        }
        return Arrays.asList(a.toStringArray());
    }
}
