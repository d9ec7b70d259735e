package dev.llmx.cli.inspect;

import dev.llmx.render.Cells;

import java.util.ArrayList;
import java.util.List;

/**
 * How metadata values are shown: long arrays and long strings abbreviated unless {@code --full}, control characters
 * in strings made visible so that a chat template stays on one table line.
 */
final class MetadataValues {
    /** Array elements shown in tables before "… N items". */
    static final int TEXT_ARRAY_ITEMS = 6;
    /** Array elements kept in JSON before it says {@code "truncated": true}. */
    static final int JSON_ARRAY_ITEMS = 16;
    /** Characters of a string shown in tables. */
    static final int TEXT_STRING_CHARS = 80;

    private MetadataValues() {
    }

    /** The value for a table cell. */
    static String text(Object value, boolean full) {
        if (value instanceof List<?> list) {
            int shown = full ? list.size() : Math.min(list.size(), TEXT_ARRAY_ITEMS);
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < shown; i++) {
                sb.append(i == 0 ? "" : ", ").append(text(list.get(i), full));
            }
            if (shown < list.size()) {
                sb.append(shown == 0 ? "" : ", ").append("… ").append(list.size()).append(" items");
            }
            return sb.append(']').toString();
        }
        if (value instanceof String s) {
            String visible = visible(s);
            if (!full && visible.codePointCount(0, visible.length()) > TEXT_STRING_CHARS) {
                int end = visible.offsetByCodePoints(0, TEXT_STRING_CHARS - 1);
                return visible.substring(0, end) + "… (" + s.length() + " chars)";
            }
            return visible;
        }
        if (value instanceof Double d) {
            return Cells.number(d);
        }
        return value == null ? "null" : value.toString();
    }

    /** Newlines, tabs and other control characters as escapes, so a value fits one line. */
    static String visible(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The value for JSON: lists copied (at most {@link #JSON_ARRAY_ITEMS} elements unless full), nested likewise. */
    static Object json(Object value, boolean full) {
        if (value instanceof List<?> list) {
            int shown = full ? list.size() : Math.min(list.size(), JSON_ARRAY_ITEMS);
            List<Object> out = new ArrayList<>(shown);
            for (int i = 0; i < shown; i++) {
                out.add(json(list.get(i), full));
            }
            return out;
        }
        return value;
    }

    static boolean truncated(Object value, boolean full) {
        return !full && value instanceof List<?> list && list.size() > JSON_ARRAY_ITEMS;
    }
}
