package dev.llmx.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The human view: headings, aligned tables and pictures, written with the colour policy and the width of
 * the terminal (or {@link Terminal#DEFAULT_WIDTH} when writing to a pipe).
 *
 * <p>On a terminal ({@code fit}) what would run past the right edge is made to fit, here, once for every command:
 * a table's widest text column is cut with an ellipsis, and a {@code label: value} field's long value wraps under
 * itself. Pictures ({@link #heatmap}) always fit the width, since a picture cut at the edge shows nothing. Written to
 * a pipe or a file, tables and fields stay whole: a script reading them gets every cell (and {@code --format json}
 * has everything whatever the width).
 */
public final class TextOut {
    /** A text column is never cut below this many columns, so it keeps enough to tell rows apart. */
    static final int MIN_CUT_COLUMN = 12;

    private final PrintWriter out;
    private final Style style;
    private final int width;
    private final boolean fit;

    public TextOut(PrintWriter out, Style style, int width) {
        this(out, style, width, false);
    }

    /** @param fit whether tables and fields are made to fit {@code width} (standard output is a terminal) */
    public TextOut(PrintWriter out, Style style, int width, boolean fit) {
        this.out = out;
        this.style = style;
        this.width = width;
        this.fit = fit;
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

    /**
     * A {@code label: value} line with aligned labels, for summaries; on a terminal a value longer than the line
     * wraps at spaces onto lines indented under it.
     */
    public TextOut field(String label, Object value, int labelWidth) {
        String text = Cells.format(value);
        String head = style.dim(DisplayWidth.pad(label, labelWidth, false)) + "  ";
        int room = width - labelWidth - 2;
        if (!fit || room < MIN_CUT_COLUMN || text.indexOf('\u001b') >= 0 || DisplayWidth.of(text) <= room) {
            return line(head + text);
        }
        String indent = " ".repeat(labelWidth + 2);
        List<String> parts = wrap(text, room);
        for (int i = 0; i < parts.size(); i++) {
            line((i == 0 ? head : indent) + parts.get(i));
        }
        return this;
    }

    /** {@code text} broken at spaces into lines of at most {@code room} columns (a longer word gets a line alone). */
    static List<String> wrap(String text, int room) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int used = 0;
        for (String word : text.split(" ", -1)) {
            int w = DisplayWidth.of(word);
            if (used > 0 && used + 1 + w > room) {
                lines.add(line.toString());
                line.setLength(0);
                used = 0;
            }
            if (used > 0) {
                line.append(' ');
                used++;
            }
            line.append(word);
            used += w;
        }
        lines.add(line.toString());
        return lines;
    }

    /**
     * A heatmap ({@link Heatmap}) that fits the width: drawn whole when it fits, else averaged over blocks of
     * neighbouring rows and columns, with a line that says so.
     */
    public TextOut heatmap(Matrix m, List<String> rowLabels, double min, double max) {
        for (String l : Heatmap.fitted(m, rowLabels, min, max, style, width)) {
            line(l);
        }
        return this;
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
        int[] cut = fit ? cutToWidth(columns, widths) : null;
        int shown = fit ? columnsThatFit(widths) : n;
        writeHeader(columns, widths, shown);
        for (String[] row : cells) {
            writeRow(columns, widths, cut, row, shown);
        }
        noteHiddenColumns(n - shown);
        return this;
    }

    /**
     * A table whose column widths are known before its rows ({@code widths}, at least each header's width): every
     * row is formatted and written as {@code rows} gives it and nothing is kept, so a table of millions of rows
     * (tokenize's token list) takes memory for one row, not for all of them. Cutting to the terminal's width works
     * as in {@link #table(Table)}.
     */
    public TextOut table(Table columnsOnly, int[] widths, java.util.Iterator<Object[]> rows) {
        List<Table.Column> columns = columnsOnly.columns();
        int[] w = widths.clone();
        for (int c = 0; c < w.length; c++) {
            w[c] = Math.max(w[c], DisplayWidth.of(columns.get(c).name()));
        }
        int[] cut = fit ? cutToWidth(columns, w) : null;
        int shown = fit ? columnsThatFit(w) : w.length;
        writeHeader(columns, w, shown);
        String[] texts = new String[w.length];
        while (rows.hasNext()) {
            Object[] row = rows.next();
            for (int c = 0; c < texts.length; c++) {
                texts[c] = Cells.format(row[c]);
            }
            writeRow(columns, w, cut, texts, shown);
        }
        noteHiddenColumns(w.length - shown);
        return this;
    }

    /**
     * How many leading columns fit {@link #width} once the text column is cut: a table of many number columns
     * (numbers are never cut) is windowed to those, at least one, and a line says how many were left out.
     */
    private int columnsThatFit(int[] widths) {
        int used = widths[0];
        int shown = 1;
        while (shown < widths.length && used + 2 + widths[shown] <= width) {
            used += 2 + widths[shown];
            shown++;
        }
        return shown;
    }

    private void noteHiddenColumns(int hidden) {
        if (hidden > 0) {
            line(style.dim("… " + hidden + (hidden == 1 ? " more column" : " more columns")
                    + " (--format csv has all)"));
        }
    }

    private void writeHeader(List<Table.Column> columns, int[] widths, int shown) {
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < shown; c++) {
            Table.Column col = columns.get(c);
            boolean last = c == shown - 1;
            String name = last && col.align() == Table.Align.LEFT ? col.name()
                    : DisplayWidth.pad(col.name(), widths[c], col.align() == Table.Align.RIGHT);
            header.append(c == 0 ? "" : "  ").append(style.bold(name));
        }
        line(header.toString());
    }

    /** One row; {@code cut} ({column, width}, or null) is the text column cut to fit the terminal. */
    private void writeRow(List<Table.Column> columns, int[] widths, int[] cut, String[] row, int shown) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < shown; c++) {
            Table.Column col = columns.get(c);
            boolean last = c == shown - 1;
            String text = row[c];
            if (cut != null && cut[0] == c && text.indexOf('\u001b') < 0) {
                text = DisplayWidth.truncate(text, cut[1]);
            }
            sb.append(c == 0 ? "" : "  ");
            sb.append(last && col.align() == Table.Align.LEFT ? text
                    : DisplayWidth.pad(text, widths[c], col.align() == Table.Align.RIGHT));
        }
        line(sb.toString());
    }

    /**
     * Which column to cut so that the table fits {@link #width}, and to how many columns: the widest left-aligned
     * (text) column, never below {@link #MIN_CUT_COLUMN} nor its header; numbers (right-aligned) are never cut.
     * Narrows {@code widths} to match and returns {column, width}, or null when nothing needs (or can take) a cut.
     * Cells with colour codes are left whole.
     */
    private int[] cutToWidth(List<Table.Column> columns, int[] widths) {
        int total = 2 * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        int widest = -1;
        for (int c = 0; c < widths.length; c++) {
            if (columns.get(c).align() == Table.Align.LEFT && (widest < 0 || widths[c] > widths[widest])) {
                widest = c;
            }
        }
        if (total <= width || widest < 0) {
            return null;
        }
        int target = Math.max(Math.max(MIN_CUT_COLUMN, DisplayWidth.of(columns.get(widest).name())),
                widths[widest] - (total - width));
        if (target >= widths[widest]) {
            return null;
        }
        widths[widest] = target;
        return new int[] {widest, target};
    }

    void flush() {
        out.flush();
    }
}
