package dev.llmx.gguf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A GGUF metadata array: one element type, stored compactly (integers as {@code long[]}, strings as their UTF-8
 * bytes so that vocabularies with odd bytes survive a read/write round trip unchanged). Arrays may nest.
 */
public final class GgufArray {
    private final GgufValueType elementType;
    private final Object data;
    private final int length;

    private GgufArray(GgufValueType elementType, Object data, int length) {
        this.elementType = elementType;
        this.data = data;
        this.length = length;
    }

    /** Integers of any integer element type; unsigned 64-bit values are kept as their bits. */
    public static GgufArray ofIntegers(GgufValueType elementType, long[] values) {
        if (!elementType.isInteger()) {
            throw new IllegalArgumentException(elementType + " is not an integer type");
        }
        return new GgufArray(elementType, values, values.length);
    }

    public static GgufArray ofFloat32(float[] values) {
        return new GgufArray(GgufValueType.FLOAT32, values, values.length);
    }

    public static GgufArray ofFloat64(double[] values) {
        return new GgufArray(GgufValueType.FLOAT64, values, values.length);
    }

    public static GgufArray ofBools(boolean[] values) {
        return new GgufArray(GgufValueType.BOOL, values, values.length);
    }

    /** Strings as raw UTF-8 bytes. */
    public static GgufArray ofStringBytes(byte[][] values) {
        return new GgufArray(GgufValueType.STRING, values, values.length);
    }

    public static GgufArray ofStrings(List<String> values) {
        byte[][] bytes = new byte[values.size()][];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return ofStringBytes(bytes);
    }

    public static GgufArray ofArrays(GgufArray[] values) {
        return new GgufArray(GgufValueType.ARRAY, values, values.length);
    }

    public GgufValueType elementType() {
        return elementType;
    }

    public int length() {
        return length;
    }

    public long getLong(int i) {
        if (data instanceof long[] a) {
            return a[i];
        }
        if (data instanceof boolean[] a) {
            return a[i] ? 1 : 0;
        }
        throw new IllegalStateException("array of " + elementType.shortName() + " has no integers");
    }

    public double getDouble(int i) {
        if (data instanceof float[] a) {
            return a[i];
        }
        if (data instanceof double[] a) {
            return a[i];
        }
        if (data instanceof long[] a) {
            return elementType == GgufValueType.UINT64 ? unsignedToDouble(a[i]) : a[i];
        }
        throw new IllegalStateException("array of " + elementType.shortName() + " has no numbers");
    }

    public boolean getBool(int i) {
        return ((boolean[]) data)[i];
    }

    public byte[] getStringBytes(int i) {
        return ((byte[][]) data)[i];
    }

    public String getString(int i) {
        return new String(getStringBytes(i), StandardCharsets.UTF_8);
    }

    public GgufArray getArray(int i) {
        return ((GgufArray[]) data)[i];
    }

    /** The element as a Java value for display: Long, Double, Boolean, String or GgufArray (f32 as its shortest decimal). */
    public Object get(int i) {
        return switch (elementType) {
            case FLOAT32 -> Double.parseDouble(Float.toString(((float[]) data)[i]));
            case FLOAT64 -> getDouble(i);
            case BOOL -> getBool(i);
            case STRING -> getString(i);
            case ARRAY -> getArray(i);
            default -> getLong(i);
        };
    }

    public String[] toStringArray() {
        String[] out = new String[length];
        for (int i = 0; i < length; i++) {
            out[i] = getString(i);
        }
        return out;
    }

    public float[] toFloatArray() {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    public int[] toIntArray() {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = (int) getLong(i);
        }
        return out;
    }

    static double unsignedToDouble(long bits) {
        double d = (double) (bits >>> 1) * 2.0;
        return d + (bits & 1);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufArray a) || a.elementType != elementType || a.length != length) {
            return false;
        }
        return Arrays.deepEquals(new Object[] {data}, new Object[] {a.data});
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {data}) * 31 + elementType.hashCode();
    }

    @Override
    public String toString() {
        return "array[" + elementType.shortName() + "; " + length + "]";
    }
}
