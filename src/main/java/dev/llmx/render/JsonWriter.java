package dev.llmx.render;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON tree made of {@link Map} (keys in insertion order), {@link List}, primitive arrays
 * ({@code int[]}, {@code long[]}, {@code float[]}, {@code double[]}, {@code byte[]} as unsigned numbers),
 * {@link String}, {@link Number}, {@link Boolean} and {@code null}.
 *
 * <p>Pretty output is laid out for people as well as machines: arrays of numbers and small flat objects stay on
 * one line (a token is one line, an id list is one line), everything else is indented. Compact output is one
 * line (JSONL). String escaping is Jackson's. Non-finite floats (a masked logit is −∞) have no JSON spelling and
 * are written as {@code null}; the docs say so.
 */
public final class JsonWriter {
    private static final int INLINE_OBJECT_MAX_FIELDS = 8;
    private final Appendable out;
    private final boolean pretty;

    private JsonWriter(Appendable out, boolean pretty) {
        this.out = out;
        this.pretty = pretty;
    }

    public static void write(Object tree, Appendable out, boolean pretty) {
        try {
            new JsonWriter(out, pretty).value(tree, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toString(Object tree, boolean pretty) {
        StringBuilder sb = new StringBuilder();
        write(tree, sb, pretty);
        return sb.toString();
    }

    private void value(Object v, int depth) throws IOException {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof Double d) {
            number(d);
        } else if (v instanceof Float f) {
            number(f);
        } else if (v instanceof Number n) {
            out.append(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            object(m, depth);
        } else if (v instanceof List<?> l) {
            array(l, depth);
        } else if (v instanceof int[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                separator(i);
                out.append(Integer.toString(a[i]));
            }
            out.append(']');
        } else if (v instanceof long[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                separator(i);
                out.append(Long.toString(a[i]));
            }
            out.append(']');
        } else if (v instanceof byte[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                separator(i);
                out.append(Integer.toString(a[i] & 0xFF));
            }
            out.append(']');
        } else if (v instanceof float[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                separator(i);
                number(a[i]);
            }
            out.append(']');
        } else if (v instanceof double[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                separator(i);
                number(a[i]);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    private void separator(int index) throws IOException {
        if (index > 0) {
            out.append(pretty ? ", " : ",");
        }
    }

    private void number(float f) throws IOException {
        if (!Float.isFinite(f)) {
            out.append("null");
        } else if (f == Math.rint(f) && Math.abs(f) < 1e7f) {
            out.append(Long.toString((long) f));
        } else {
            out.append(Float.toString(f));
        }
    }

    private void number(double d) throws IOException {
        if (!Double.isFinite(d)) {
            out.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.append(Long.toString((long) d));
        } else {
            out.append(Double.toString(d));
        }
    }

    private void string(String s) throws IOException {
        out.append('"');
        out.append(new String(JsonStringEncoder.getInstance().quoteAsString(s)));
        out.append('"');
    }

    private void object(Map<?, ?> m, int depth) throws IOException {
        if (m.isEmpty()) {
            out.append("{}");
            return;
        }
        boolean inline = !pretty || isFlat(m);
        out.append('{');
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (i++ > 0) {
                out.append(',');
            }
            if (inline) {
                if (pretty && i > 1) {
                    out.append(' ');
                }
            } else {
                newline(depth + 1);
            }
            string(String.valueOf(e.getKey()));
            out.append(pretty ? ": " : ":");
            value(e.getValue(), depth + 1);
        }
        if (!inline) {
            newline(depth);
        }
        out.append('}');
    }

    private void array(List<?> l, int depth) throws IOException {
        if (l.isEmpty()) {
            out.append("[]");
            return;
        }
        boolean inline = !pretty || (l instanceof GeneratedList g ? g.scalars() : l.stream().allMatch(JsonWriter::isScalar));
        out.append('[');
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                out.append(',');
                if (inline && pretty) {
                    out.append(' ');
                }
            }
            if (!inline) {
                newline(depth + 1);
            }
            value(l.get(i), depth + 1);
        }
        if (!inline) {
            newline(depth);
        }
        out.append(']');
    }

    private void newline(int depth) throws IOException {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    /** A small object whose values are scalars or arrays of numbers reads best on one line. */
    private static boolean isFlat(Map<?, ?> m) {
        if (m.size() > INLINE_OBJECT_MAX_FIELDS) {
            return false;
        }
        for (Object v : m.values()) {
            boolean numberArray = v instanceof int[] || v instanceof byte[]
                    || (v instanceof float[] f && f.length <= 16) || (v instanceof double[] d && d.length <= 16);
            if (!isScalar(v) && !numberArray) {
                return false;
            }
        }
        return true;
    }

    private static boolean isScalar(Object v) {
        return v == null || v instanceof String || v instanceof Number || v instanceof Boolean;
    }
}
