package dev.llmx.gguf;

import dev.llmx.LlmxException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The key/value metadata of a GGUF file, in file order. Typed getters say clearly when a key holds the wrong type
 * (a model that stores {@code block_count} as a string is broken, and the message should say which key).
 */
public final class GgufMetadata {
    private final Map<String, GgufValue> values;

    public GgufMetadata(Map<String, GgufValue> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, GgufValue> asMap() {
        return values;
    }

    public int size() {
        return values.size();
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Optional<String> getString(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        expect(key, v, v.type() == GgufValueType.STRING, "a string");
        return Optional.of(v.asString());
    }

    /** An integer-typed value (any width). */
    public OptionalLong getLong(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        expect(key, v, v.isInteger(), "an integer");
        return OptionalLong.of(v.asLong());
    }

    /** A number of any type; an f32 as its shortest decimal ({@link GgufValue#asDecimal}), so 1e-5 reads as 1e-5. */
    public OptionalDouble getDouble(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        expect(key, v, v.isNumber(), "a number");
        return OptionalDouble.of(v.asDecimal());
    }

    public Optional<Boolean> getBoolean(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        expect(key, v, v.type() == GgufValueType.BOOL, "a bool");
        return Optional.of(v.asBoolean());
    }

    public Optional<GgufArray> getArray(String key) {
        GgufValue v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        expect(key, v, v.type() == GgufValueType.ARRAY, "an array");
        return Optional.of(v.asArray());
    }

    private static void expect(String key, GgufValue v, boolean ok, String what) {
        if (!ok) {
            throw new LlmxException("metadata key " + key + " holds " + v.typeName() + ", expected " + what);
        }
    }
}
