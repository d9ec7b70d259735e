package dev.llmx.tokenize;

import dev.llmx.tokenize.tiktoken.TiktokenEncoding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds a tokenizer by the name a user typed: an encoding name ({@code cl100k_base}) or, for convenience, an
 * OpenAI model name that uses it ({@code gpt-4o} → {@code o200k_base}). Unknown names are an error that lists
 * the valid ones. Loading is lazy: only the tables of the encoding asked for are read.
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
        throw new dev.llmx.UsageException("unknown encoding '" + name + "'; valid encodings: "
                + String.join(", ", TiktokenEncoding.NAMES) + " (or an OpenAI model name such as gpt-4o)");
    }

    public static Tokenizer open(String name) {
        return TiktokenEncoding.load(canonicalName(name));
    }
}
