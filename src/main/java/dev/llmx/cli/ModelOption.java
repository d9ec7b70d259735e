package dev.llmx.cli;

import dev.llmx.UsageException;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** {@code -m, --model PATH}: mixed into every command that reads a model. */
public final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "PATH",
            description = "Model: a GGUF file, or a Hugging Face folder (config.json, *.safetensors, tokenizer.json).")
    Path model;

    /** The path given with -m, if any. */
    public Optional<Path> path() {
        return Optional.ofNullable(model);
    }

    /**
     * Opens the model given with -m. Until llmx embeds a default model, -m is required and its absence is a usage
     * error (exit 2).
     */
    public ModelSource open() {
        if (model == null) {
            throw new UsageException("no model given: pass -m PATH (a GGUF file or a Hugging Face model folder)");
        }
        return ModelFiles.open(model);
    }
}
