package dev.llmx.render;

import java.io.PrintWriter;
import java.util.List;

/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled, lines end in CRLF-free LF. */
final class CsvWriter {
    private final PrintWriter out;
    private List<Table.Column> header;

    CsvWriter(PrintWriter out) {
        this.out = out;
    }

    /** Writes the header the first time, then the rows; later tables must have the same columns. */
    void write(Table table) {
        if (header == null) {
            header = table.columns();
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < header.size(); c++) {
                sb.append(c == 0 ? "" : ",").append(escape(header.get(c).name()));
            }
            out.print(sb.append('\n'));
        } else if (!header.equals(table.columns())) {
            throw new IllegalStateException("CSV records with different columns");
        }
        for (List<Object> row : table.rows()) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                sb.append(c == 0 ? "" : ",").append(escape(csvCell(row.get(c))));
            }
            out.print(sb.append('\n'));
        }
    }

    /** CSV keeps full precision: it is for scripts, not eyes. */
    private static String csvCell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return Cells.number(d);
            }
            return v.toString();
        }
        return v.toString();
    }

    static String escape(String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char ch = s.charAt(i);
            quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        if (!quote && !s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ')) {
            quote = true;
        }
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
