package dev.llmx.cli.bench;

import dev.llmx.render.Cells;
import dev.llmx.render.DisplayWidth;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;

import java.util.List;

/**
 * The human view of a benchmark written a row at a time, as llama-bench prints its table: the column widths come
 * from the tests planned (every cell but the rate is known before anything runs), so each row can be printed, aligned,
 * the moment its test finishes, and a long benchmark shows its results as they come.
 */
public final class BenchTableStream {
    /** Room for the rate column's {@code 1234.56 ± 12.34}; a wider rate pushes only its own line out. */
    static final int RATE_WIDTH = 17;

    private final Table columns;
    private final int[] widths;
    private final boolean cacheTypes;
    private boolean headerWritten;

    /** Widths for the tests of {@code planned} (of {@code model}). */
    public BenchTableStream(ModelSummary model, List<BenchTest> planned) {
        this.cacheTypes = planned.stream().anyMatch(BenchRow::showsCacheTypes);
        this.columns = BenchRow.humanTable(cacheTypes);
        List<Table.Column> cols = columns.columns();
        this.widths = new int[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            widths[c] = DisplayWidth.of(cols.get(c).name());
        }
        widths[cols.size() - 1] = Math.max(widths[cols.size() - 1], RATE_WIDTH);
        for (BenchTest test : planned) {
            Object[] cells = BenchRow.humanCells(model, test, "", cacheTypes);
            for (int c = 0; c < cells.length - 1; c++) {
                widths[c] = Math.max(widths[c], DisplayWidth.of(Cells.format(cells[c])));
            }
        }
    }

    /** Writes the header (before the first row) and {@code row}; the caller flushes. */
    public void write(TextOut out, BenchRow row) {
        if (!headerWritten) {
            String[] names = columns.columns().stream().map(Table.Column::name).toArray(String[]::new);
            out.line(out.style().bold(line(names)));
            headerWritten = true;
        }
        Object[] cells = row.humanCells(cacheTypes);
        String[] texts = new String[cells.length];
        for (int c = 0; c < cells.length; c++) {
            texts[c] = Cells.format(cells[c]);
        }
        out.line(line(texts));
    }

    private String line(String[] texts) {
        StringBuilder sb = new StringBuilder();
        List<Table.Column> cols = columns.columns();
        for (int c = 0; c < texts.length; c++) {
            sb.append(c == 0 ? "" : "  ").append(DisplayWidth.pad(texts[c], widths[c],
                    cols.get(c).align() == Table.Align.RIGHT));
        }
        return sb.toString().stripTrailing();
    }
}
