package dev.llmx.cli.bench;

import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;

import java.util.ArrayList;
import java.util.List;

/**
 * All rows of a benchmark as one report, for the human view: one aligned table in llama-bench's columns (model,
 * size, params, kernels, threads, test, t/s as mean ± standard deviation). The JSON and CSV forms are the rows'.
 */
public final class BenchTable implements Report {
    private final List<BenchRow> rows;

    public BenchTable(List<BenchRow> rows) {
        this.rows = List.copyOf(rows);
    }

    @Override
    public Object toJson() {
        List<Object> list = new ArrayList<>(rows.size());
        for (BenchRow row : rows) {
            list.add(row.toJson());
        }
        return list;
    }

    @Override
    public Table toTable() {
        Table table = BenchRow.csvTable();
        for (BenchRow row : rows) {
            row.addCsvRow(table);
        }
        return table;
    }

    @Override
    public void writeText(TextOut out) {
        boolean types = rows.stream().anyMatch(BenchRow::showsCacheTypes);
        Table table = BenchRow.humanTable(types);
        for (BenchRow row : rows) {
            table.row(row.humanCells(types));
        }
        out.table(table);
    }
}
