package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.engine.Model;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tokenize.Encoded;
import dev.llmx.tokenize.ModelTokenizers;
import dev.llmx.tokenize.Tokenizer;

import java.nio.file.Path;

/** What a command that runs a model opens: the file, the weights ready to run, and the model's own tokenizer. */
final class EngineModel implements AutoCloseable {
    final ModelSource source;
    final Model model;
    final Tokenizer tokenizer;

    private EngineModel(ModelSource source, Model model, Tokenizer tokenizer) {
        this.source = source;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    static EngineModel open(ModelOption option) {
        Path path = option.resolve();
        ModelSource source = ModelFiles.open(path);
        try {
            Model model = Model.load(source, Kernels.best());
            return new EngineModel(source, model, ModelTokenizers.open(path));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /**
     * The prompt's tokens as llama.cpp makes them: with the BOS (or other special tokens) the model's metadata asks
     * for, and special-token text (such as {@code <|im_start|>}) read as the special token.
     */
    int[] promptTokens(String text) {
        return tokenizer.encode(text, true, true).ids();
    }

    /** A continuation's tokens: the text alone, nothing added. */
    int[] continuationTokens(String text) {
        Encoded e = tokenizer.encode(text, true, false);
        if (e.size() == 0) {
            throw new LlmxException("--continuation text gives no tokens");
        }
        return e.ids();
    }

    /** The bytes token {@code id} stands for (none for an id the tokenizer does not know, as padding rows). */
    byte[] bytesOf(int id) {
        return tokenizer.isValid(id) ? tokenizer.bytes(id) : new byte[0];
    }

    @Override
    public void close() {
        source.close();
    }
}
