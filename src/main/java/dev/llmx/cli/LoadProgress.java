package dev.llmx.cli;

import dev.llmx.model.ModelSource;
import dev.llmx.render.Progress;
import dev.llmx.render.Terminal;

import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * A progress bar over the layers {@link dev.llmx.engine.Model#load} opens, for a large model on slow storage (the
 * bar appears only after half a second, on a terminal, without --quiet); it erases itself after the last layer.
 */
final class LoadProgress implements LongConsumer {
    private final Progress progress;
    private final long layers;

    private LoadProgress(Progress progress, long layers) {
        this.progress = progress;
        this.layers = layers;
    }

    /** Progress for loading {@code source} on {@code terminal} (none when null). */
    static LoadProgress of(Terminal terminal, ModelSource source) {
        long layers = source.config().layers();
        Path name = source.path().getFileName();
        return new LoadProgress(terminal == null ? null : Progress.items(terminal, "loading "
                + (name != null ? name : source.path()) + " (layers)", layers), layers);
    }

    @Override
    public void accept(long loaded) {
        if (progress == null) {
            return;
        }
        progress.update(loaded);
        if (loaded >= layers) {
            progress.close();
        }
    }
}
