package dev.llmx.convert;

import dev.llmx.gguf.GgufValue;

import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered map of GGUF metadata being assembled, with the value types gguf-py's writer uses. */
final class GgufKeys {
    private final Map<String, GgufValue> values = new LinkedHashMap<>();

    GgufKeys u32(String key, long v) {
        values.put(key, GgufValue.uint32(v));
        return this;
    }

    GgufKeys f32(String key, double v) {
        values.put(key, GgufValue.float32((float) v));
        return this;
    }

    GgufKeys string(String key, String v) {
        values.put(key, GgufValue.string(v));
        return this;
    }

    GgufKeys bool(String key, boolean v) {
        values.put(key, GgufValue.bool(v));
        return this;
    }

    GgufKeys put(String key, GgufValue v) {
        values.put(key, v);
        return this;
    }

    Map<String, GgufValue> toMap() {
        return values;
    }
}
