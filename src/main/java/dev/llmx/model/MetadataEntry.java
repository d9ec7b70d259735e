package dev.llmx.model;

/**
 * One metadata key of a model for display: a GGUF key/value, or a flattened key of a Hugging Face JSON file
 * ({@code config.hidden_size}).
 *
 * @param type  the stored type ({@code u32}, {@code string}, {@code array[string]}, {@code number} …)
 * @param value a Long, Double, Boolean, String, {@code null}, or a {@link java.util.List} of such values (a view:
 *              a 150,000-entry vocabulary is not copied to be shown)
 */
public record MetadataEntry(String key, String type, Object value) {
}
