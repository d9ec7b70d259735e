package dev.llmx.tokenize;

import dev.llmx.LlmxException;
import dev.llmx.model.ModelSource;
import dev.llmx.tokenize.gguf.GgufTokenizer;
import dev.llmx.tokenize.hf.HfTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the tokenizer a model carries: a GGUF file ({@code tokenizer.ggml.*} metadata), a Hugging Face model folder
 * (its {@code tokenizer.json}) or a {@code tokenizer.json} file. Decides by content, not by file name.
 */
public final class ModelTokenizers {
    public static final String TOKENIZER_JSON = "tokenizer.json";

    private ModelTokenizers() {
    }

    /** The tokenizer of an opened model (what the engine stages use; no second read of the file's header). */
    public static Tokenizer of(ModelSource model) {
        Path path = model.path();
        String name = displayName(path);
        if (model.ggufFile().isPresent()) {
            return GgufTokenizer.fromMetadata(model.ggufFile().get().metadata(), name);
        }
        if (model.hfFolder().isPresent()) {
            Path json = model.hfFolder().get().tokenizerJson().orElseThrow(() -> new LlmxException(path
                    + ": the model folder has no " + TOKENIZER_JSON));
            return HfTokenizer.open(json, name);
        }
        return open(path);
    }

    public static Tokenizer open(Path path) {
        if (!Files.exists(path)) {
            throw new LlmxException(path + ": no such file or folder");
        }
        if (Files.isDirectory(path)) {
            Path json = path.resolve(TOKENIZER_JSON);
            if (!Files.isRegularFile(json)) {
                throw new LlmxException(path + ": the folder has no " + TOKENIZER_JSON
                        + " (a Hugging Face model folder carries its tokenizer there)");
            }
            return HfTokenizer.open(json, displayName(path));
        }
        if (dev.llmx.gguf.GgufFile.startsWithMagic(path)) {
            return GgufTokenizer.open(path);
        }
        if (path.getFileName().toString().endsWith(".json")) {
            Path parent = path.toAbsolutePath().getParent();
            String name = path.getFileName().toString().equals(TOKENIZER_JSON) && parent != null
                    ? displayName(parent) : path.getFileName().toString();
            return HfTokenizer.open(path, name);
        }
        throw new LlmxException(path + ": not a GGUF file, a tokenizer.json or a Hugging Face model folder");
    }

    private static String displayName(Path folder) {
        Path name = folder.toAbsolutePath().normalize().getFileName();
        return name == null ? folder.toString() : name.toString();
    }
}
