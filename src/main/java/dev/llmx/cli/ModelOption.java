package dev.llmx.cli;

import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.render.Terminal;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;

/** {@code -m, --model PATH}: mixed into every command that reads a model. */
public final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "PATH",
            description = "Model: a GGUF file, or a Hugging Face folder (config.json, *.safetensors, tokenizer.json). "
                    + "Default: the small model inside llmx (stories260K, trained on TinyStories).")
    Path model;

    /** The command this option is mixed into (null when the option is made outside a command line). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The path given with -m, if any. */
    public Optional<Path> path() {
        return Optional.ofNullable(model);
    }

    /** The model file to use: the one given with -m, else the embedded model (copied out of the jar once). */
    public Path resolve() {
        return model != null ? model : EmbeddedModel.path();
    }

    /** The terminal of the command this option belongs to, for progress while the model loads. */
    Optional<Terminal> terminal() {
        return command != null && command.root().userObject() instanceof LlmxCommand root
                ? Optional.of(root.terminal()) : Optional.empty();
    }

    /** Opens the model given with -m, or the embedded one. */
    public ModelSource open() {
        return ModelFiles.open(resolve());
    }
}
