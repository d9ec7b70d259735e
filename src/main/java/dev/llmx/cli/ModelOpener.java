package dev.llmx.cli;

import dev.llmx.engine.Model;
import dev.llmx.model.ArchitectureTraits;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.render.Terminal;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tokenize.ModelTokenizers;
import dev.llmx.tokenize.Tokenizer;

import java.nio.file.Path;

/**
 * The one way a command opens a model file or folder: the file's header is parsed once ({@link ModelFiles#open}),
 * the tokenizer is read from that same opened source, and a model llmx runs has its weights checked against its
 * description by the engine's loader (every tensor's shape, a head size that does not fit, an expert count the
 * tensors contradict). So a folder one command rejects, every command rejects with the same line: the engine
 * commands and bench (through {@link EngineModel}) and quantize; kv-cost, which describes any file (architectures
 * llmx does not run, vocabulary-less files), opens through {@link #describe} and checks the engine's way with
 * {@code --verify}.
 */
final class ModelOpener {
    private ModelOpener() {
    }

    /**
     * An opened, checked model: its source, its tokenizer (null for a GGUF without one, opened to quantize), and the
     * engine's model (null where it was not loaded).
     */
    record Opened(ModelSource source, Tokenizer tokenizer, Model model) {
    }

    /**
     * Opens {@code path} to run it: its tokenizer, and its weights loaded by the engine with the kernels that suit
     * its size (failing, as every engine command does, for an architecture llmx does not run); a slow load shows
     * progress on {@code terminal} (none when null).
     */
    static Opened run(Path path, Terminal terminal) {
        return open(path, true, terminal);
    }

    /**
     * Opens {@code path} to convert or quantize it. A Hugging Face folder gets the same checks as {@link #run} where
     * llmx runs the architecture (its weights against its config, its tokenizer.json), since converting it writes
     * what those say; a GGUF file is quantized tensor by tensor as llama-quantize does, so only a vocabulary it
     * carries must read (a weights-only file or an architecture llmx does not run is fine).
     */
    static Opened convert(Path path) {
        return open(path, false, null);
    }

    /** Opens {@code path} to describe its shape only (kv-cost): no tokenizer, no weights. */
    static ModelSource describe(Path path) {
        return ModelFiles.open(path);
    }

    private static Opened open(Path path, boolean mustRun, Terminal terminal) {
        ModelSource source = ModelFiles.open(path);
        try {
            boolean runs = ArchitectureTraits.find(source.config().architecture()).isPresent();
            boolean folder = source.hfFolder().isPresent();
            Model model = null;
            if (mustRun || runs && folder) {
                long largest = source.tensors().stream().mapToLong(t -> t.info().elements()).max().orElse(0);
                model = Model.load(source, Kernels.forModel(largest), LoadProgress.of(terminal, source));
            }
            boolean hasVocabulary = folder || source.ggufFile()
                    .map(f -> f.metadata().contains("tokenizer.ggml.model")).orElse(false);
            return new Opened(source, mustRun || hasVocabulary ? ModelTokenizers.of(source) : null, model);
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
    }
}
