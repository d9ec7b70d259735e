package dev.llmx.model;

import dev.llmx.gguf.GgufFile;
import dev.llmx.safetensors.HfFolder;
import dev.llmx.tensor.Tensor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An opened model, whatever its files: one {@link ModelConfig}, tensors under llama.cpp's names, metadata for display.
 * Tensor data stays in the files (memory-mapped when a tensor is asked for). Close it to release the files.
 */
public interface ModelSource extends AutoCloseable {
    /** The container format. */
    enum Format {
        GGUF("gguf"),
        SAFETENSORS("safetensors");

        private final String jsonName;

        Format(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** What the user named: a .gguf file or a model folder. */
    Path path();

    Format format();

    /** "GGUF v3", "Hugging Face folder, 2 safetensors shards". */
    String formatDescription();

    /** The files that make up the model (weights and side files). */
    List<Path> files();

    /** Total size of the files in bytes. */
    long fileBytes();

    ModelConfig config();

    /** Tensors in file order. */
    List<ModelTensor> tensors();

    Optional<ModelTensor> findTensor(String name);

    /** The tensor {@code name} (llmx/GGUF name, or the name in the file), memory-mapped. */
    Tensor tensor(String name);

    /** Metadata for display, in file order. */
    List<MetadataEntry> metadata();

    /** llama-quantize's name for the file's recipe ({@code Q4_K_M}), when the file says. */
    Optional<String> fileType();

    TokenizerSummary tokenizer();

    /** The GGUF file behind this model (its full typed metadata, e.g. for tokenizers), when it is one. */
    default Optional<GgufFile> ggufFile() {
        return Optional.empty();
    }

    /** The Hugging Face folder behind this model (tokenizer.json, configs), when it is one. */
    default Optional<HfFolder> hfFolder() {
        return Optional.empty();
    }

    @Override
    void close();
}
