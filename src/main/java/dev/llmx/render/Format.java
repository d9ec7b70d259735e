package dev.llmx.render;

import java.util.Locale;

/** The output formats every command offers through {@code --format}. */
public enum Format {
    /** Aligned, human-readable tables and terminal pictures (the default). */
    TABLE,
    /** One pretty-printed JSON document (an array when the command produced several records). */
    JSON,
    /** One compact JSON object per line, one per record: for streaming into {@code jq} or other tools. */
    JSONL,
    /** RFC 4180 comma-separated values, one header line then one line per row. */
    CSV;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isMachineReadable() {
        return this != TABLE;
    }
}
