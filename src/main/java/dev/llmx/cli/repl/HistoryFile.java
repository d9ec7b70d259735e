package dev.llmx.cli.repl;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the REPL keeps its history: {@code $LLMX_HISTORY} if set (empty: keep none), else the user's data directory
 * as the XDG base-directory convention defines it ({@code $XDG_DATA_HOME/llmx/history}, by default
 * {@code ~/.local/share/llmx/history}).
 */
public final class HistoryFile {
    private HistoryFile() {
    }

    /** The history file for this environment, or none when history is switched off or there is no home. */
    public static Optional<Path> locate(Map<String, String> env, String userHome) {
        String explicit = env.get("LLMX_HISTORY");
        if (explicit != null) {
            return explicit.isBlank() ? Optional.empty() : Optional.of(Path.of(explicit));
        }
        String dataHome = env.get("XDG_DATA_HOME");
        if (dataHome != null && !dataHome.isBlank() && Path.of(dataHome).isAbsolute()) {
            return Optional.of(Path.of(dataHome, "llmx", "history"));
        }
        if (userHome == null || userHome.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(userHome, ".local", "share", "llmx", "history"));
    }

    /** How {@code :help} names it. */
    public static String describe(Optional<Path> file) {
        return file.map(Path::toString).orElse("memory only (LLMX_HISTORY is empty)");
    }
}
