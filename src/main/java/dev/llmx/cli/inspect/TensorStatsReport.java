package dev.llmx.cli.inspect;

import dev.llmx.render.Cells;
import dev.llmx.render.Pictures;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;
import dev.llmx.tensor.Histogram;
import dev.llmx.tensor.TensorInfo;
import dev.llmx.tensor.TensorStatistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code llmx inspect --tensor NAME}: one tensor's values summarized (statistics, histogram, first values). */
public final class TensorStatsReport implements Report {
    private static final int LABEL_WIDTH = 10;
    private static final int BAR_WIDTH = 40;

    private final TensorInfo info;
    private final String sourceName;
    private final TensorStatistics stats;
    private final Histogram histogram;
    private final float[] excerpt;

    public TensorStatsReport(TensorInfo info, String sourceName, TensorStatistics stats, Histogram histogram, float[] excerpt) {
        this.info = info;
        this.sourceName = sourceName;
        this.stats = stats;
        this.histogram = histogram;
        this.excerpt = excerpt.clone();
    }

    @Override
    public Object toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tensor", info.name());
        root.put("source_name", sourceName);
        root.put("type", info.type().name());
        root.put("shape", info.shape());
        root.put("elements", info.elements());
        root.put("bytes", info.byteSize());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("min", stats.min());
        s.put("max", stats.max());
        s.put("mean", stats.mean());
        s.put("std", stats.std());
        s.put("zeros", stats.zeros());
        s.put("nan", stats.nans());
        s.put("inf", stats.infinities());
        root.put("stats", s);
        List<Object> bins = new ArrayList<>();
        if (histogram != null) {
            for (int b = 0; b < histogram.bins(); b++) {
                Map<String, Object> bin = new LinkedHashMap<>();
                bin.put("from", histogram.from(b));
                bin.put("to", histogram.to(b));
                bin.put("count", histogram.count(b));
                bins.add(bin);
            }
        }
        root.put("histogram", bins);
        root.put("first_values", excerpt);
        return root;
    }

    /** CSV: the histogram. */
    @Override
    public Table toTable() {
        Table t = new Table().right("from", "to", "count");
        if (histogram != null) {
            for (int b = 0; b < histogram.bins(); b++) {
                t.row(histogram.from(b), histogram.to(b), histogram.count(b));
            }
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        out.heading(info.name() + (sourceName.equals(info.name()) ? "" : "  (" + sourceName + ")") + "  " + info.type()
                + "  [" + info.shapeText() + "]  " + Units.count(info.elements()) + " values, " + Units.bytes(info.byteSize()));
        out.field("min", stats.min(), LABEL_WIDTH);
        out.field("max", stats.max(), LABEL_WIDTH);
        out.field("mean", stats.mean(), LABEL_WIDTH);
        out.field("std", stats.std(), LABEL_WIDTH);
        out.field("zeros", stats.zeros() + "  (" + Cells.number(stats.count() == 0 ? 0 : 100.0 * stats.zeros() / stats.count()) + "%)",
                LABEL_WIDTH);
        if (stats.nans() + stats.infinities() > 0) {
            out.field("non-finite", stats.nans() + " NaN, " + stats.infinities() + " inf", LABEL_WIDTH);
        }
        out.field("first", excerptText(), LABEL_WIDTH);
        if (histogram != null && histogram.max() > 0) {
            out.line();
            out.heading("Histogram");
            Table t = new Table().right("from", "to", "count").left("share");
            for (int b = 0; b < histogram.bins(); b++) {
                t.row(histogram.from(b), histogram.to(b), histogram.count(b),
                        Pictures.bar((double) histogram.count(b) / histogram.max(), BAR_WIDTH));
            }
            out.table(t);
        }
    }

    private String excerptText() {
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(excerpt.length, 8);
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : "  ").append(Cells.number(excerpt[i]));
        }
        if (excerpt.length > shown) {
            sb.append("  …");
        }
        if (excerpt.length > 1) {
            sb.append("   ").append(Pictures.sparkline(excerpt));
        }
        return sb.toString();
    }
}
