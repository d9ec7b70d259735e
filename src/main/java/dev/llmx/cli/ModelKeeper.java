package dev.llmx.cli;

import dev.llmx.model.EmbeddedModel;
import dev.llmx.render.Report;
import dev.llmx.render.Terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model the REPL keeps loaded between commands. A command without {@code -m}, or with {@code -m} naming the same
 * file, borrows it (no load, no tokenizer parse); a command naming another model opens that one for itself, and
 * {@code :model} switches what is kept.
 */
public final class ModelKeeper implements AutoCloseable {
    private final Terminal terminal;
    private EngineModel current;
    private long loadNanos;

    private ModelKeeper(Terminal terminal, EngineModel current, long loadNanos) {
        this.terminal = terminal;
        this.current = current;
        this.loadNanos = loadNanos;
    }

    /** Loads the model at {@code path}; a slow load shows progress on {@code terminal} (none when null). */
    public static ModelKeeper load(Path path, Terminal terminal) {
        long start = System.nanoTime();
        EngineModel model = EngineModel.open(path, terminal);
        return new ModelKeeper(terminal, model, System.nanoTime() - start);
    }

    /** Loads {@code path} and keeps it instead of the current model; if loading fails, the current one stays. */
    public void switchTo(Path path) {
        long start = System.nanoTime();
        EngineModel next = EngineModel.open(path, terminal);
        current.close();
        current = next;
        loadNanos = System.nanoTime() - start;
    }

    /** Where the kept model was loaded from. */
    public Path path() {
        return current.source.path();
    }

    /** A short name: the file or folder name without .gguf; the embedded model by its own name. */
    public String displayName() {
        if (EmbeddedModel.isCopy(path())) {
            return EmbeddedModel.NAME.replace(".gguf", "");
        }
        Path name = path().toAbsolutePath().normalize().getFileName();
        String text = name == null ? path().toString() : name.toString();
        return text.endsWith(".gguf") ? text.substring(0, text.length() - ".gguf".length()) : text;
    }

    /** How long loading the kept model took. */
    public long loadNanos() {
        return loadNanos;
    }

    /** The kept model for a command whose {@code -m} is {@code requested} ({@code null}: none), if it is this one. */
    Optional<EngineModel> lend(Path requested) {
        if (requested == null || sameFile(requested, path())) {
            return Optional.of(current.loan());
        }
        return Optional.empty();
    }

    /** What {@code :info} shows. */
    public Report info() {
        return new LoadedModelReport(current.source, current.model, loadNanos);
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            // One of them does not exist: it is not the kept model, and opening it will say why.
            return false;
        }
    }

    @Override
    public void close() {
        current.close();
    }
}
