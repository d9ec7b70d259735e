package dev.llmx.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The human view: headings, aligned tables and pictures, written with the colour policy and the width of
 * the terminal (or {@link Terminal#DEFAULT_WIDTH} when writing to a pipe).
 */
public final class TextOut {
    private final PrintWriter out;
    private final Style style;
    private final int width;

    public TextOut(PrintWriter out, Style style, int width) {
        this.out = out;
        this.style = style;
        this.width = width;
    }

    public Style style() {
        return style;
    }

    public int width() {
        return width;
    }

    public TextOut line(String s) {
        out.print(s);
        out.print('\n');
        return this;
    }

    public TextOut line() {
        out.print('\n');
        return this;
    }

    public TextOut heading(String s) {
        return line(style.header(s));
    }

    /** A {@code label: value} line with aligned labels, for summaries. */
    public TextOut field(String label, Object value, int labelWidth) {
        return line(style.dim(DisplayWidth.pad(label, labelWidth, false)) + "  " + Cells.format(value));
    }

    /** Writes {@code table} with columns aligned by display width; the header is bold when colour is on. */
    public TextOut table(Table table) {
        List<Table.Column> columns = table.columns();
        int n = columns.size();
        List<String[]> cells = new ArrayList<>();
        int[] widths = new int[n];
        for (int c = 0; c < n; c++) {
            widths[c] = DisplayWidth.of(columns.get(c).name());
        }
        for (List<Object> row : table.rows()) {
            String[] texts = new String[n];
            for (int c = 0; c < n; c++) {
                texts[c] = Cells.format(row.get(c));
                widths[c] = Math.max(widths[c], DisplayWidth.of(DisplayWidth.stripAnsi(texts[c])));
            }
            cells.add(texts);
        }
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < n; c++) {
            Table.Column col = columns.get(c);
            boolean last = c == n - 1;
            String name = last && col.align() == Table.Align.LEFT ? col.name()
                    : DisplayWidth.pad(col.name(), widths[c], col.align() == Table.Align.RIGHT);
            header.append(c == 0 ? "" : "  ").append(style.bold(name));
        }
        line(header.toString());
        for (String[] row : cells) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < n; c++) {
                Table.Column col = columns.get(c);
                boolean last = c == n - 1;
                sb.append(c == 0 ? "" : "  ");
                sb.append(last && col.align() == Table.Align.LEFT ? row[c]
                        : DisplayWidth.pad(row[c], widths[c], col.align() == Table.Align.RIGHT));
            }
            line(sb.toString());
        }
        return this;
    }

    void flush() {
        out.flush();
    }
}
