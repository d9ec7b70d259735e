package dev.llmx.render;

/**
 * What a command produces for one input: a record with a JSON form (the stable contract for scripts), a flat
 * table form (CSV) and a human view. The {@link Renderer} picks the one {@code --format} asks for, so no
 * command formats output by itself.
 */
public interface Report {
    /** The JSON tree (see {@link JsonWriter} for the value types); keys are snake_case and documented in docs/. */
    Object toJson();

    /** The rows for CSV. */
    Table toTable();

    /** The rows for a Markdown table; by default the CSV rows. */
    default Table markdownTable() {
        return toTable();
    }

    /** The human view; by default the CSV table, aligned. */
    default void writeText(TextOut out) {
        out.table(toTable());
    }
}
