package dev.llmx.tokenize;

import dev.llmx.model.EmbeddedModel;
import dev.llmx.LlmxException;
import dev.llmx.UsageException;
import dev.llmx.tokenize.tiktoken.TiktokenEncoding;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a tokenizer by what a user typed: an encoding name ({@code cl100k_base}), an OpenAI model name that uses one
 * ({@code gpt-4o} → {@code o200k_base}), or the path of a model whose own tokenizer to use (a GGUF file, a Hugging
 * Face folder or a tokenizer.json). Unknown names are an error that lists the valid ones. Loading is lazy: only the
 * tables of the tokenizer asked for are read.
 */
public final class TokenizerRegistry {
    /** Model names users know, mapped to the encoding they use (from OpenAI's tiktoken model table). */
    private static final Map<String, String> MODEL_ALIASES = new LinkedHashMap<>();

    static {
        for (String m : List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.5", "o1", "o3", "o4-mini",
                "gpt-5", "chatgpt-4o-latest")) {
            MODEL_ALIASES.put(m, "o200k_base");
        }
        for (String m : List.of("gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "text-embedding-ada-002",
                "text-embedding-3-small", "text-embedding-3-large")) {
            MODEL_ALIASES.put(m, "cl100k_base");
        }
        for (String m : List.of("text-davinci-003", "text-davinci-002", "code-davinci-002")) {
            MODEL_ALIASES.put(m, "p50k_base");
        }
        for (String m : List.of("gpt-2", "gpt2", "davinci", "curie", "babbage", "ada")) {
            MODEL_ALIASES.put(m, "r50k_base");
        }
    }

    private TokenizerRegistry() {
    }

    /** The encoding names accepted by {@code --encoding}. */
    public static List<String> encodingNames() {
        return TiktokenEncoding.NAMES;
    }

    /** Resolves a name or alias to its canonical encoding name, or throws naming the valid choices. */
    public static String canonicalName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        if (TiktokenEncoding.NAMES.contains(key)) {
            return key;
        }
        String aliased = MODEL_ALIASES.get(key);
        if (aliased != null) {
            return aliased;
        }
        throw new UsageException("unknown encoding '" + name + "'; valid encodings: "
                + String.join(", ", TiktokenEncoding.NAMES) + " (or an OpenAI model name such as gpt-4o)");
    }

    /** Whether {@code name} is an encoding name or an OpenAI model alias (rather than a model path). */
    public static boolean isEncoding(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        return TiktokenEncoding.NAMES.contains(key) || MODEL_ALIASES.containsKey(key);
    }

    /**
     * Checks that {@code name} can be opened without opening it: an encoding, or a path that exists. A name that
     * looks like neither is a usage error listing the encodings; a missing file is an error saying so.
     */
    public static void check(String name) {
        if (isEncoding(name) || EmbeddedModel.isNamedBy(name)) {
            return;
        }
        Path path = Path.of(name);
        if (Files.exists(path)) {
            return;
        }
        if (looksLikePath(name)) {
            throw new LlmxException(name + ": no such file or folder");
        }
        throw new UsageException("unknown encoding '" + name + "'; valid encodings: "
                + String.join(", ", TiktokenEncoding.NAMES)
                + " (or an OpenAI model name such as gpt-4o, a model path: a GGUF file or a Hugging Face folder, or "
                + EmbeddedModel.SHORT_NAME + ", the model inside llmx)");
    }

    private static boolean looksLikePath(String name) {
        return name.contains("/") || name.contains(java.io.File.separator) || name.endsWith(".gguf")
                || name.endsWith(".json");
    }

    /** Opens an encoding by name, or the tokenizer of the model at that path. */
    public static Tokenizer open(String name) {
        if (isEncoding(name)) {
            return TiktokenEncoding.load(canonicalName(name));
        }
        check(name);
        return ModelTokenizers.open(EmbeddedModel.resolve(name));
    }
}
