package dev.llmx.cli.bench;

import dev.llmx.render.Cells;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;

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
        Table table = new Table().left("model").right("size", "params").left("kernels").right("threads", "test", "t/s");
        for (BenchRow row : rows) {
            ModelSummary m = row.model();
            BenchTest t = row.test();
            table.row(m.name(), Units.bytes(m.sizeBytes()), Units.count(m.params()), t.kernels(), t.threads(), t.name(),
                    Cells.fixed(row.avgTokensPerSecond(), 2) + " ± " + Cells.fixed(row.stddevTokensPerSecond(), 2));
        }
        out.table(table);
    }
}
