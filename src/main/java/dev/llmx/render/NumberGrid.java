package dev.llmx.render;

import java.util.ArrayList;
import java.util.List;

/**
 * An excerpt of a large matrix as a table of numbers: the first and last few rows and columns with {@code …}
 * between them, the way one looks at a 4096 × 4096 weight matrix (the "5 × 5 view").
 */
public final class NumberGrid {
    private NumberGrid() {
    }

    /** Shows at most {@code edge} rows/columns from each end of each dimension. */
    public static Table excerpt(Matrix m, int edge) {
        List<Integer> rows = indices(m.rows(), edge);
        List<Integer> cols = indices(m.cols(), edge);
        Table t = new Table().right("row");
        for (Integer c : cols) {
            t.right(c < 0 ? "…" : Integer.toString(c));
        }
        for (Integer r : rows) {
            Object[] cells = new Object[cols.size() + 1];
            cells[0] = r < 0 ? "…" : r;
            for (int i = 0; i < cols.size(); i++) {
                int c = cols.get(i);
                cells[i + 1] = r < 0 || c < 0 ? "…" : Cells.number(m.get(r, c));
            }
            t.row(cells);
        }
        return t;
    }

    /**
     * The indices {@link #excerpt} shows: 0…edge-1, then -1 (the gap), then n-edge…n-1; or all when that is not
     * shorter. Public so that a JSON form of an excerpt names the same rows and columns as the table.
     */
    public static List<Integer> indices(int n, int edge) {
        List<Integer> out = new ArrayList<>();
        if (n <= 2 * edge + 1) {
            for (int i = 0; i < n; i++) {
                out.add(i);
            }
            return out;
        }
        for (int i = 0; i < edge; i++) {
            out.add(i);
        }
        out.add(-1);
        for (int i = n - edge; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
