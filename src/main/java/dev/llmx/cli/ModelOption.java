package dev.llmx.cli;

import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelSource;
import dev.llmx.render.Terminal;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.TokenizerRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code -m, --model PATH}: mixed into every command that reads a model. Without {@code -m} a command uses the model
 * the REPL keeps loaded, or outside the REPL the small model inside llmx.
 */
public final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "PATH", converter = ModelPathConverter.class,
            description = "Model: a GGUF file, or a Hugging Face folder (config.json, *.safetensors, tokenizer.json). "
                    + "Default: the model loaded in the REPL, else the small model inside llmx (stories260K, "
                    + "trained on TinyStories; -m stories260K names it).")
    Path model;

    /** {@code -m stories260K} is the embedded model (unless a file or folder of that name exists). */
    static final class ModelPathConverter implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            return EmbeddedModel.resolve(value);
        }
    }

    /**
     * The command this option is mixed into (null when the option is made outside a command line); its root has the
     * terminal and knows whether a REPL keeps a model loaded.
     */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The path given with -m, if any. */
    public Optional<Path> path() {
        return Optional.ofNullable(model);
    }

    /** The path given with -m, else the model the REPL keeps loaded, if any: a model the user chose. */
    public Optional<Path> pathOrKept() {
        if (model != null) {
            return Optional.of(model);
        }
        ModelKeeper keeper = keeperOrNull();
        return keeper != null ? Optional.of(keeper.path()) : Optional.empty();
    }

    /** The model file to use: the one given with -m, else the REPL's, else the embedded model (copied out once). */
    public Path resolve() {
        if (model != null) {
            return model;
        }
        ModelKeeper keeper = keeperOrNull();
        return keeper != null ? keeper.path() : EmbeddedModel.path();
    }

    /** The terminal of the command this option belongs to, for progress while the model loads. */
    Optional<Terminal> terminal() {
        return command != null && command.root().userObject() instanceof LlmxCommand root
                ? Optional.of(root.terminal()) : Optional.empty();
    }

    /** Opens the model given with -m, or the default one, to describe its shape (see {@link ModelOpener}). */
    public ModelSource open() {
        return ModelOpener.describe(resolve());
    }

    /** The REPL's loaded model, lent for this command, when this option names it (or names none). */
    Optional<EngineModel> kept() {
        ModelKeeper keeper = keeperOrNull();
        return keeper != null ? keeper.lend(model) : Optional.empty();
    }

    /** The REPL's loaded model's tokenizer when {@code name} is that model's path (not an encoding name). */
    public Optional<Tokenizer> keptTokenizer(String name) {
        if (TokenizerRegistry.isEncoding(name)) {
            return Optional.empty();
        }
        ModelKeeper keeper = keeperOrNull();
        Optional<EngineModel> kept = keeper != null ? keeper.lend(Path.of(name)) : Optional.empty();
        return kept.isPresent() ? Optional.of(kept.get().tokenizer) : Optional.empty();
    }

    /** The REPL's kept model, or null outside the REPL (no Optional chains: this runs on the start-up path). */
    private ModelKeeper keeperOrNull() {
        if (command == null || !(command.root().userObject() instanceof LlmxCommand root)) {
            return null;
        }
        return root.keeper().orElse(null);
    }
}
