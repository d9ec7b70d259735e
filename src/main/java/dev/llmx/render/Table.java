package dev.llmx.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows and named columns: the shape that CSV output takes and the usual shape of a table view.
 * Column names are the snake_case keys also used in JSON so that the formats agree.
 */
public final class Table {
    /** How a column lines up in the text view; numbers go right. */
    public enum Align { LEFT, RIGHT }

    public record Column(String name, Align align) {
    }

    private final List<Column> columns = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();

    public Table column(String name, Align align) {
        columns.add(new Column(name, align));
        return this;
    }

    public Table left(String... names) {
        for (String n : names) {
            column(n, Align.LEFT);
        }
        return this;
    }

    public Table right(String... names) {
        for (String n : names) {
            column(n, Align.RIGHT);
        }
        return this;
    }

    public Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has "
                    + columns.size() + " columns");
        }
        List<Object> row = new ArrayList<>(cells.length);
        Collections.addAll(row, cells);
        rows.add(row);
        return this;
    }

    public List<Column> columns() {
        return Collections.unmodifiableList(columns);
    }

    public List<List<Object>> rows() {
        return Collections.unmodifiableList(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
