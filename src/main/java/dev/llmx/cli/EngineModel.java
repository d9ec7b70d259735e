package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.engine.Model;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.render.Terminal;
import dev.llmx.tokenize.Tokenizer;
import dev.llmx.tokenize.TokenizerRegistry;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** What a command that runs a model opens: the file, the weights ready to run, and the model's own tokenizer. */
final class EngineModel implements AutoCloseable {
    final ModelSource source;
    final Model model;
    final Tokenizer tokenizer;
    /** False for a model the REPL keeps loaded and lends to one command: closing the loan keeps it open. */
    private final boolean owned;

    private EngineModel(ModelSource source, Model model, Tokenizer tokenizer, boolean owned) {
        this.source = source;
        this.model = model;
        this.tokenizer = tokenizer;
        this.owned = owned;
    }

    /** The model {@code option} names: the one the REPL keeps loaded when it is that one, else opened for the caller. */
    static EngineModel open(ModelOption option) {
        Optional<EngineModel> kept = option.kept();
        return kept.isPresent() ? kept.get() : open(option.resolve(), option.terminal().orElse(null));
    }

    /**
     * Opens the model at {@code path}: maps its weights, prepares them for the kernels, loads its tokenizer; a slow
     * load shows progress on {@code terminal} (none when null).
     */
    static EngineModel open(Path path, Terminal terminal) {
        ModelOpener.Opened opened = ModelOpener.run(path, terminal);
        return new EngineModel(opened.source(), opened.model(), opened.tokenizer(), true);
    }

    /** A view of this model for one command; closing it leaves this model open. */
    EngineModel loan() {
        return new EngineModel(source, model, tokenizer, false);
    }

    /**
     * The prompt's tokens as llama.cpp makes them: with the BOS (or other special tokens) the model's metadata asks
     * for, and special-token text (such as {@code <|im_start|>}) read as the special token.
     */
    int[] promptTokens(String text) {
        return tokenizer.encode(text, true, true).ids();
    }

    /**
     * The prompt's tokens, or the ids of a JSON object from {@code llmx tokenize --format json} given as the prompt
     * (see {@link PipedTokens}); ids outside the model's vocabulary are an error.
     */
    int[] promptOrPipedTokens(String text) {
        Optional<PipedTokens.Ids> piped = PipedTokens.parse(text);
        if (piped.isEmpty()) {
            return promptTokens(text);
        }
        String madeBy = piped.get().tokenizer();
        if (madeBy != null && TokenizerRegistry.isEncoding(madeBy)) {
            // tokenize's default tokenizer is o200k_base, not the model's: say so rather than "id out of range".
            throw new LlmxException("the piped ids were made by the " + madeBy + " tokenizer, not this model's; make"
                    + " them with 'llmx tokenize -m " + nameForUsers() + " --format json'");
        }
        for (int id : piped.get().ids()) {
            if (id >= model.embeddingRows()) {
                throw new LlmxException("the piped token id " + id + " is outside this model's vocabulary (0–"
                        + (model.embeddingRows() - 1) + "); make the ids with 'llmx tokenize -m " + nameForUsers()
                        + " --format json'");
            }
        }
        return piped.get().ids();
    }

    /** What a user passes to -m for this model: its path, or the embedded model's name. */
    private String nameForUsers() {
        return EmbeddedModel.isCopy(source.path()) ? EmbeddedModel.SHORT_NAME : source.path().toString();
    }

    /**
     * The tokens of a continuation of {@code prompt}: the prompt and the continuation are tokenized as one text (a
     * tokenizer treats a text's start specially, as SentencePiece's leading space), and the continuation's tokens are
     * those after the prompt's. A boundary that falls inside a token cannot be scored and is an error.
     */
    int[] continuationTokens(String prompt, int[] promptTokens, String continuation) {
        int[] full = tokenizer.encode(prompt + continuation, true, true).ids();
        int n = promptTokens.length;
        if (full.length < n || !Arrays.equals(full, 0, n, promptTokens, 0, n)) {
            throw new LlmxException("the prompt's last token and the continuation's first merge into one token; "
                    + "move the boundary (for example, start the continuation with a space)");
        }
        if (full.length == n) {
            throw new LlmxException("--continuation text gives no tokens");
        }
        return Arrays.copyOfRange(full, n, full.length);
    }

    /** The bytes token {@code id} stands for (none for an id the tokenizer does not know, as padding rows). */
    byte[] bytesOf(int id) {
        return tokenizer.isValid(id) ? tokenizer.bytes(id) : new byte[0];
    }

    @Override
    public void close() {
        if (owned) {
            source.close();
        }
    }
}
