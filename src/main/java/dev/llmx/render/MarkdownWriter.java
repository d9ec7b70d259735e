package dev.llmx.render;

import java.io.PrintWriter;
import java.util.List;

/**
 * GitHub-flavoured Markdown tables, as llama-bench's {@code -o md} prints them: a header and an alignment line
 * ({@code ---:} for numbers), then one line per row, written as each record comes so that a long benchmark shows
 * its rows as they finish. A record with other columns starts a new table after a blank line.
 */
final class MarkdownWriter {
    private final PrintWriter out;
    private List<Table.Column> header;

    MarkdownWriter(PrintWriter out) {
        this.out = out;
    }

    void write(Table table) {
        if (!table.columns().equals(header)) {
            if (header != null) {
                out.print('\n');
            }
            header = table.columns();
            StringBuilder names = new StringBuilder("|");
            StringBuilder rule = new StringBuilder("|");
            for (Table.Column c : header) {
                names.append(' ').append(escape(c.name())).append(" |");
                rule.append(c.align() == Table.Align.RIGHT ? " ---: |" : " --- |");
            }
            out.print(names.append('\n'));
            out.print(rule.append('\n'));
        }
        for (List<Object> row : table.rows()) {
            StringBuilder sb = new StringBuilder("|");
            for (Object cell : row) {
                sb.append(' ').append(escape(DisplayWidth.stripAnsi(Cells.format(cell)))).append(" |");
            }
            out.print(sb.append('\n'));
        }
    }

    /** A cell on one line with its pipes escaped, so it cannot end the cell or the row. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
