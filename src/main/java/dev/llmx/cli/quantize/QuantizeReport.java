package dev.llmx.cli.quantize;

import dev.llmx.quant.explain.BlockAnatomy;
import dev.llmx.quant.explain.ErrorStats;
import dev.llmx.quant.explain.Excerpt;
import dev.llmx.quant.explain.Explainer;
import dev.llmx.quant.explain.FocusView;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.render.Cells;
import dev.llmx.render.NumberGrid;
import dev.llmx.render.Pictures;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;
import dev.llmx.tensor.GgmlType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code llmx quantize}: the plan (a type and a reason per tensor), the file written, and — when measured — the
 * error of each tensor, a close look at chosen tensors and the whole model under each type. JSON documented in
 * docs/quantize.md; CSV is the tensor table.
 */
public final class QuantizeReport implements Report {
    private static final int LABEL_WIDTH = 14;
    private static final int BAR_WIDTH = 40;

    private final Path model;
    private final String format;
    private final QuantType type;
    private final int threads;
    private final List<TensorPlan> plan;
    private final List<ErrorStats> errors;
    private final Written written;
    private final List<FocusView> focus;
    private final List<Explainer.TypeResult> compare;
    private final int edge;

    /**
     * @param explanation null when nothing was measured (a plain {@code -o} run)
     * @param edge        rows/columns from each end the excerpts show
     */
    public QuantizeReport(Path model, String format, QuantType type, int threads, List<TensorPlan> plan,
                          Written written, Explainer.Explanation explanation, int edge) {
        this.edge = edge;
        this.model = model;
        this.format = format;
        this.type = type;
        this.threads = threads;
        this.plan = plan;
        this.written = written;
        if (explanation != null) {
            this.errors = explanation.tensors().stream().map(Explainer.TensorResult::error).toList();
            this.focus = explanation.focus();
            this.compare = explanation.types();
        } else {
            this.errors = null;
            this.focus = List.of();
            this.compare = List.of();
        }
    }

    private long elements() {
        return plan.stream().mapToLong(TensorPlan::elements).sum();
    }

    private long sourceBytes() {
        return plan.stream().mapToLong(TensorPlan::sourceBytes).sum();
    }

    private long bytes() {
        return plan.stream().mapToLong(TensorPlan::targetBytes).sum();
    }

    private double bits(long bytes) {
        long n = elements();
        return n == 0 ? 0 : bytes * 8.0 / n;
    }

    private long fallbacks() {
        return plan.stream().filter(TensorPlan::fallback).count();
    }

    private ErrorStats total() {
        if (errors == null) {
            return null;
        }
        ErrorStats sum = new ErrorStats();
        errors.forEach(sum::merge);
        return sum;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Errors keep 6 significant digits: they are small numbers whose leading zeros say nothing. */
    private static double sig(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).doubleValue();
    }

    // ---------------------------------------------------------------- JSON

    @Override
    public Object toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model.toString());
        root.put("format", format);
        root.put("type", type.label());
        root.put("file_type", type.fileType().id());
        root.put("description", type.description());
        root.put("threads", threads);
        root.put("parameters", elements());
        root.put("source_bytes", sourceBytes());
        root.put("bytes", bytes());
        root.put("source_bits_per_weight", round(bits(sourceBytes()), 4));
        root.put("bits_per_weight", round(bits(bytes()), 4));
        root.put("fallbacks", fallbacks());
        ErrorStats total = total();
        root.put("error", total == null ? null : errorJson(total));
        if (written == null) {
            root.put("output", null);
        } else {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("path", written.path().toString());
            o.put("file_size", written.fileSize());
            o.put("seconds", round(written.seconds(), 4));
            o.put("mb_per_s", round(written.megabytesPerSecond(), 2));
            root.put("output", o);
        }
        root.put("types_used", typesUsedJson());
        List<Object> tensors = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            tensors.add(tensorJson(plan.get(i), errors == null ? null : errors.get(i)));
        }
        root.put("tensors", tensors);
        List<Object> f = new ArrayList<>();
        focus.forEach(v -> f.add(focusJson(v)));
        root.put("focus", f);
        List<Object> c = new ArrayList<>();
        for (Explainer.TypeResult r : compare) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type().label());
            m.put("file_type", r.type().fileType().id());
            m.put("description", r.type().description());
            m.put("bytes", r.bytes());
            m.put("bits_per_weight", round(r.bitsPerWeight(), 4));
            m.put("fallbacks", r.fallbacks());
            m.put("error", errorJson(r.error()));
            c.add(m);
        }
        root.put("compare", c);
        return root;
    }

    private static Map<String, Object> errorJson(ErrorStats e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rmse", sig(e.rmse()));
        m.put("relative_rmse", sig(e.relativeRmse()));
        m.put("max_abs_error", sig(e.maxAbsError()));
        m.put("mean_error", sig(e.meanError()));
        m.put("value_rms", sig(e.valueRms()));
        return m;
    }

    private static Map<String, Object> tensorJson(TensorPlan p, ErrorStats e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("shape", p.shape());
        m.put("source_type", p.source().name());
        m.put("type", p.target().name());
        m.put("rule", p.rule());
        m.put("fallback", p.fallback());
        m.put("source_bytes", p.sourceBytes());
        m.put("bytes", p.targetBytes());
        m.put("bits_per_weight", round(p.elements() == 0 ? 0 : p.targetBytes() * 8.0 / p.elements(), 4));
        m.put("error", e == null ? null : errorJson(e));
        return m;
    }

    private record TypeTotal(int tensors, long elements, long bytes) {
    }

    private Map<GgmlType, TypeTotal> typesUsed() {
        Map<GgmlType, TypeTotal> totals = new EnumMap<>(GgmlType.class);
        for (TensorPlan p : plan) {
            totals.merge(p.target(), new TypeTotal(1, p.elements(), p.targetBytes()),
                    (a, b) -> new TypeTotal(a.tensors + b.tensors, a.elements + b.elements, a.bytes + b.bytes));
        }
        return totals;
    }

    private List<Object> typesUsedJson() {
        List<Object> out = new ArrayList<>();
        typesUsed().forEach((t, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", t.name());
            m.put("tensors", v.tensors);
            m.put("elements", v.elements);
            m.put("bytes", v.bytes);
            m.put("bits_per_weight", round(v.elements == 0 ? 0 : v.bytes * 8.0 / v.elements, 4));
            out.add(m);
        });
        return out;
    }

    private static Map<String, Object> focusJson(FocusView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        TensorPlan p = v.plan();
        m.put("tensor", p.name());
        m.put("shape", p.shape());
        m.put("source_type", p.source().name());
        m.put("type", p.target().name());
        m.put("rule", p.rule());
        m.put("bits_per_weight", round(p.elements() == 0 ? 0 : p.targetBytes() * 8.0 / p.elements(), 4));
        m.put("excerpt", excerptJson(v.before(), v.after()));
        BlockAnatomy a = v.anatomy();
        if (a == null) {
            m.put("block", null);
        } else {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("values", p.target().blockSize());
            b.put("bytes", p.target().typeSize());
            b.put("formula", a.formula());
            b.put("sub_block_size", a.subBlockSize());
            a.fields().forEach(b::put);
            b.put("effective_scales", a.scales());
            b.put("effective_mins", a.mins());
            b.put("codes", v.codes());
            m.put("block", b);
        }
        m.put("first_values", v.original());
        m.put("first_values_decoded", v.decoded());
        m.put("error", errorJson(v.error()));
        List<Object> bins = new ArrayList<>();
        if (v.histogram() != null) {
            for (int i = 0; i < v.histogram().bins(); i++) {
                Map<String, Object> bin = new LinkedHashMap<>();
                bin.put("from", sig(v.histogram().from(i)));
                bin.put("to", sig(v.histogram().to(i)));
                bin.put("count", v.histogram().count(i));
                bins.add(bin);
            }
        }
        m.put("error_histogram", bins);
        return m;
    }

    private static Map<String, Object> excerptJson(Excerpt before, Excerpt after) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", before.rowIndices().stream().filter(i -> i >= 0).toList());
        m.put("cols", before.colIndices().stream().filter(i -> i >= 0).toList());
        m.put("before", shown(before));
        m.put("after", shown(after));
        return m;
    }

    /** The excerpt's values without the gap markers, one array per shown row (floats, as the tensor holds them). */
    private static List<float[]> shown(Excerpt e) {
        List<float[]> rows = new ArrayList<>();
        double[][] values = e.values();
        for (int i = 0; i < values.length; i++) {
            if (e.rowIndices().get(i) < 0) {
                continue;
            }
            List<Integer> cols = e.colIndices();
            float[] row = new float[(int) cols.stream().filter(c -> c >= 0).count()];
            int k = 0;
            for (int j = 0; j < values[i].length; j++) {
                if (cols.get(j) >= 0) {
                    row[k++] = (float) values[i][j];
                }
            }
            rows.add(row);
        }
        return rows;
    }

    // ---------------------------------------------------------------- CSV

    /** CSV: one row per tensor, exact numbers. */
    @Override
    public Table toTable() {
        Table t = new Table().left("name", "shape", "source_type", "type").right("source_bytes", "bytes", "bits_per_weight",
                "rmse", "relative_rmse", "max_abs_error").left("fallback", "rule");
        for (int i = 0; i < plan.size(); i++) {
            TensorPlan p = plan.get(i);
            ErrorStats e = errors == null ? null : errors.get(i);
            t.row(p.name(), shapeCsv(p.shape()), p.source().name(), p.target().name(), p.sourceBytes(), p.targetBytes(),
                    round(p.elements() == 0 ? 0 : p.targetBytes() * 8.0 / p.elements(), 4),
                    e == null ? null : sig(e.rmse()), e == null ? null : sig(e.relativeRmse()),
                    e == null ? null : sig(e.maxAbsError()), p.fallback(), p.rule());
        }
        return t;
    }

    private static String shapeCsv(long[] shape) {
        StringBuilder sb = new StringBuilder();
        for (long d : shape) {
            sb.append(sb.length() == 0 ? "" : "x").append(d);
        }
        return sb.toString();
    }

    private static String shapeText(long[] shape) {
        return shapeCsv(shape).replace("x", " × ");
    }

    // ---------------------------------------------------------------- text

    @Override
    public void writeText(TextOut out) {
        out.heading(model.getFileName() + " → " + type.label() + "  (" + type.description() + ")");
        out.field("input", format + ", " + Units.count(elements()) + " parameters, " + Units.bytes(sourceBytes())
                + " of tensors (" + Cells.number(round(bits(sourceBytes()), 2)) + " bits/weight)", LABEL_WIDTH);
        out.field("planned", Units.bytes(bytes()) + " of tensors, " + Cells.number(round(bits(bytes()), 2))
                + " bits/weight" + (fallbacks() > 0 ? ", " + fallbacks() + " tensor" + (fallbacks() == 1 ? "" : "s")
                + " fell back to a type their rows fit" : ""), LABEL_WIDTH);
        if (written != null) {
            out.field("wrote", written.path() + "  " + Units.bytes(written.fileSize()) + " in "
                    + String.format(Locale.ROOT, "%.2f s (%.1f MB/s, %d thread%s)", written.seconds(),
                    written.megabytesPerSecond(), threads, threads == 1 ? "" : "s"), LABEL_WIDTH);
        }
        ErrorStats total = total();
        if (total != null) {
            out.field("error", errorText(total), LABEL_WIDTH);
        }
        out.line();
        out.heading("Types in the " + (written != null ? "file" : "plan"));
        Table types = new Table().left("type").right("tensors", "elements", "bytes", "bits_per_weight");
        typesUsed().forEach((t, v) -> types.row(t.name(), v.tensors, Units.count(v.elements), Units.bytes(v.bytes),
                round(v.elements == 0 ? 0 : v.bytes * 8.0 / v.elements, 4)));
        out.table(types);
        if (errors != null) {
            out.line();
            out.heading("Tensors (shape in ggml order; error against the input)");
            out.table(tensorText());
        } else if (fallbacks() > 0) {
            out.line();
            out.heading("Fallbacks");
            Table fb = new Table().left("name", "shape", "type", "rule");
            plan.stream().filter(TensorPlan::fallback).forEach(p -> fb.row(p.name(), shapeText(p.shape()),
                    p.target().name(), p.rule()));
            out.table(fb);
        }
        for (FocusView v : focus) {
            out.line();
            writeFocus(out, v);
        }
        if (!compare.isEmpty()) {
            out.line();
            out.heading("The whole model under each type (error against the input)");
            Table c = new Table().left("type").right("bytes", "bits_per_weight", "rmse", "relative_rmse", "max_abs_error")
                    .left("description");
            for (Explainer.TypeResult r : compare) {
                c.row(r.type().label(), Units.bytes(r.bytes()), round(r.bitsPerWeight(), 4), sig(r.error().rmse()),
                        percent(r.error().relativeRmse()), sig(r.error().maxAbsError()), r.type().description());
            }
            out.table(c);
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3f%%", 100 * fraction);
    }

    private static String errorText(ErrorStats e) {
        return "RMSE " + Cells.number(sig(e.rmse())) + " (" + percent(e.relativeRmse()) + " of the weights' RMS "
                + Cells.number(sig(e.valueRms())) + "), max |error| " + Cells.number(sig(e.maxAbsError()));
    }

    private Table tensorText() {
        Table t = new Table().left("name", "shape", "type").right("bytes", "rmse", "relative").left("rule");
        for (int i = 0; i < plan.size(); i++) {
            TensorPlan p = plan.get(i);
            ErrorStats e = errors.get(i);
            String types = p.changesType() ? p.source().name() + " → " + p.target().name() : p.target().name();
            t.row(p.name(), shapeText(p.shape()), types, Units.bytes(p.targetBytes()),
                    p.changesType() ? Cells.number(sig(e.rmse())) : "", p.changesType() ? percent(e.relativeRmse()) : "",
                    p.rule());
        }
        return t;
    }

    private void writeFocus(TextOut out, FocusView v) {
        TensorPlan p = v.plan();
        out.heading(p.name() + "  [" + shapeText(p.shape()) + "]  " + p.source() + " → " + p.target() + "  ("
                + Cells.number(round(p.elements() == 0 ? 0 : p.targetBytes() * 8.0 / p.elements(), 4)) + " bits/weight)");
        out.field("rule", p.rule(), LABEL_WIDTH);
        out.line();
        out.line("before:");
        out.table(NumberGrid.excerpt(v.before(), edge));
        out.line("after:");
        out.table(NumberGrid.excerpt(v.after(), edge));
        BlockAnatomy a = v.anatomy();
        if (a != null) {
            out.line();
            out.line("first block of row 0: " + p.target().blockSize() + " values in " + p.target().typeSize()
                    + " bytes; " + a.formula());
            a.fields().forEach((k, val) -> out.field(k, fieldText(val), LABEL_WIDTH));
            Table values = new Table().right("i", "value", "code", "decoded", "error");
            for (int i = 0; i < v.original().length && i < 8; i++) {
                values.row(i, (double) v.original()[i], v.codes()[i], (double) v.decoded()[i],
                        (double) v.decoded()[i] - v.original()[i]);
            }
            out.table(values);
        }
        out.line();
        out.field("error", errorText(v.error()) + ", mean " + Cells.number(sig(v.error().meanError())), LABEL_WIDTH);
        if (v.histogram() != null && v.histogram().max() > 0) {
            Table h = new Table().right("from", "to", "count").left("share");
            for (int b = 0; b < v.histogram().bins(); b++) {
                h.row(sig(v.histogram().from(b)), sig(v.histogram().to(b)), v.histogram().count(b),
                        Pictures.bar((double) v.histogram().count(b) / v.histogram().max(), BAR_WIDTH));
            }
            out.table(h);
        }
    }

    private static String fieldText(Object v) {
        if (v instanceof int[] ints) {
            StringBuilder sb = new StringBuilder();
            for (int i : ints) {
                sb.append(sb.length() == 0 ? "" : " ").append(i);
            }
            return sb.toString();
        }
        return v instanceof Double d ? Cells.number(d) : String.valueOf(v);
    }
}
