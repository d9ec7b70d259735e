package dev.llmx.cli;

import dev.llmx.render.Format;
import picocli.CommandLine.Option;

/** {@code --format table|json|jsonl|csv}: mixed into every command that prints data. */
public final class FormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class, completionCandidates = FormatCandidates.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.TABLE;

    public Format format() {
        return format;
    }

    static final class FormatCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Format.values()).map(Format::cliName).iterator();
        }
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.cliName().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "unknown format '" + value + "' (choose table, json, jsonl or csv)");
        }
    }
}
