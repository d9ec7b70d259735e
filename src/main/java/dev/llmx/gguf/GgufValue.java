package dev.llmx.gguf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One typed GGUF metadata value. The type is kept exactly as the file had it (a {@code u32} stays a {@code u32}),
 * so writing a value back reproduces its bytes. Integers of every width are held in a {@code long} (unsigned 64-bit
 * values as their bits), strings as UTF-8 bytes.
 */
public final class GgufValue {
    private final GgufValueType type;
    private final Object value;

    private GgufValue(GgufValueType type, Object value) {
        this.type = type;
        this.value = Objects.requireNonNull(value);
    }

    public static GgufValue integer(GgufValueType type, long v) {
        if (!type.isInteger()) {
            throw new IllegalArgumentException(type + " is not an integer type");
        }
        return new GgufValue(type, v);
    }

    public static GgufValue uint32(long v) {
        return integer(GgufValueType.UINT32, v);
    }

    public static GgufValue int32(int v) {
        return integer(GgufValueType.INT32, v);
    }

    public static GgufValue uint64(long v) {
        return integer(GgufValueType.UINT64, v);
    }

    public static GgufValue float32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, v);
    }

    public static GgufValue float64(double v) {
        return new GgufValue(GgufValueType.FLOAT64, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, v);
    }

    public static GgufValue string(String v) {
        return new GgufValue(GgufValueType.STRING, v.getBytes(StandardCharsets.UTF_8));
    }

    public static GgufValue stringBytes(byte[] utf8) {
        return new GgufValue(GgufValueType.STRING, utf8);
    }

    public static GgufValue array(GgufArray v) {
        return new GgufValue(GgufValueType.ARRAY, v);
    }

    public GgufValueType type() {
        return type;
    }

    /** {@code u32}, {@code string}, {@code array[string]} … for tables. */
    public String typeName() {
        if (type == GgufValueType.ARRAY) {
            return "array[" + asArray().elementType().shortName() + "]";
        }
        return type.shortName();
    }

    public boolean isInteger() {
        return type.isInteger();
    }

    public boolean isNumber() {
        return type.isInteger() || type.isFloat();
    }

    public long asLong() {
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalStateException(type.shortName() + " is not an integer");
    }

    public double asDouble() {
        if (value instanceof Float f) {
            return f;
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Long l) {
            return type == GgufValueType.UINT64 ? GgufArray.unsignedToDouble(l) : l;
        }
        throw new IllegalStateException(type.shortName() + " is not a number");
    }

    public boolean asBoolean() {
        return (Boolean) value;
    }

    public String asString() {
        return new String(asStringBytes(), StandardCharsets.UTF_8);
    }

    public byte[] asStringBytes() {
        return (byte[]) value;
    }

    public GgufArray asArray() {
        return (GgufArray) value;
    }

    /**
     * The number as people write it: an f32 becomes the double of its shortest decimal form ({@code 1.0E-5}, not
     * {@code 9.999999747378752E-6}); converting that back to float gives the stored float exactly.
     */
    public double asDecimal() {
        return type == GgufValueType.FLOAT32 ? Double.parseDouble(Float.toString((Float) value)) : asDouble();
    }

    /** The value as a plain Java object for display: Long, Double, Boolean, String or GgufArray. */
    public Object toJava() {
        return switch (type) {
            case FLOAT32, FLOAT64 -> asDecimal();
            case BOOL -> asBoolean();
            case STRING -> asString();
            case ARRAY -> asArray();
            default -> asLong();
        };
    }

    /** The integer rendered as the file means it (u64 values above 2^63 stay positive). */
    public String integerText() {
        return type == GgufValueType.UINT64 ? Long.toUnsignedString(asLong()) : Long.toString(asLong());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufValue v) || v.type != type) {
            return false;
        }
        return value instanceof byte[] b ? Arrays.equals(b, (byte[]) v.value) : value.equals(v.value);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + (value instanceof byte[] b ? Arrays.hashCode(b) : value.hashCode());
    }

    @Override
    public String toString() {
        return typeName() + ":" + (type == GgufValueType.STRING ? asString() : value);
    }
}
