package dev.llmx.cli;

import dev.llmx.render.Format;
import picocli.CommandLine.Option;

/** {@code --format table|json|jsonl|csv|md}: mixed into every command that prints data. */
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

    /** The message for a format name that is not one. */
    public static String unknown(String value) {
        return "unknown format '" + value + "' (choose table, json, jsonl, csv or md)";
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return Format.fromCliName(value).orElseThrow(() -> new picocli.CommandLine.TypeConversionException(
                    unknown(value)));
        }
    }
}
