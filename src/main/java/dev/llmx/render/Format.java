package dev.llmx.render;

import java.util.Locale;
import java.util.Optional;

/** The output formats every command offers through {@code --format}. */
public enum Format {
    /** Aligned, human-readable tables and terminal pictures (the default). */
    TABLE,
    /** One pretty-printed JSON document (an array when the command produced several records). */
    JSON,
    /** One compact JSON object per line, one per record: for streaming into {@code jq} or other tools. */
    JSONL,
    /** RFC 4180 comma-separated values, one header line then one line per row. */
    CSV,
    /** A GitHub-flavoured Markdown table (llama-bench's {@code -o md}): one header, then one line per row as it comes. */
    MD;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code name} as on the command line (any case), if there is one. */
    public static Optional<Format> fromCliName(String name) {
        for (Format f : values()) {
            if (f.cliName().equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public boolean isMachineReadable() {
        return this != TABLE;
    }
}
