package dev.llmx.model;

/** The normalization a model's layers use, as told by which epsilon its metadata carries. */
public enum NormKind {
    RMS("rms"),
    LAYER("layer"),
    UNKNOWN("unknown");

    private final String jsonName;

    NormKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
