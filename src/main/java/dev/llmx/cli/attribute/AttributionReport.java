package dev.llmx.cli.attribute;

import dev.llmx.attribution.DirectLogitAttribution;
import dev.llmx.attribution.DirectLogitAttribution.Component;
import dev.llmx.render.Pictures;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Visible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code llmx attribute} prints: each component's share of one logit, as a table and a bar chart. */
public final class AttributionReport implements Report {
    private static final int BAR = 30;
    private static final String NOTE = "the final norm's scale 1/rms(x) at this position is held fixed, so the "
            + "logit is linear in the residual stream and the contributions sum to it";

    private final int[] promptTokens;
    private final String positionPiece;
    private final String targetPiece;
    private final DirectLogitAttribution.Result r;
    private final boolean showHeads;

    public AttributionReport(int[] promptTokens, String positionPiece, String targetPiece,
                             DirectLogitAttribution.Result result, boolean showHeads) {
        this.promptTokens = promptTokens.clone();
        this.positionPiece = positionPiece;
        this.targetPiece = targetPiece;
        this.r = result;
        this.showHeads = showHeads;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", promptTokens);
        m.put("position", r.position());
        m.put("token_id", promptTokens[r.position()]);
        m.put("piece", positionPiece);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", r.target());
        t.put("piece", targetPiece);
        m.put("target", t);
        m.put("logit", r.logit());
        m.put("sum", r.sum());
        m.put("rms", r.rms());
        m.put("note", NOTE);
        m.put("heads_additive", r.headsAdditive());
        List<Object> cs = new ArrayList<>();
        for (Component c : r.components()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            e.put("layer", c.layer());
            e.put("kind", c.kind());
            e.put("contribution", c.contribution());
            if (c.heads().length > 0) {
                e.put("heads", c.heads());
            }
            cs.add(e);
        }
        m.put("components", cs);
        return m;
    }

    /** CSV: one row per component and, for attention, per head ({@code blk.L.head.H}; the bias as {@code .bias}). */
    @Override
    public Table toTable() {
        Table t = new Table().left("name", "kind").right("layer", "contribution", "cumulative");
        double cumulative = 0;
        for (Component c : r.components()) {
            cumulative += c.contribution();
            t.row(c.name(), c.kind(), c.layer(), c.contribution(), cumulative);
            if (showHeads) {
                for (int h = 0; h < c.heads().length; h++) {
                    boolean bias = h == c.heads().length - 1 && c.heads().length > headCount();
                    t.row(bias ? "blk." + c.layer() + ".attn_bias" : "blk." + c.layer() + ".head." + h,
                            bias ? "bias" : "head", c.layer(), c.heads()[h], null);
                }
            }
        }
        return t;
    }

    /** Heads per layer: the attention terms' length, less the bias term where the projection has one. */
    private int headCount() {
        return r.components().stream().filter(c -> c.kind().equals("attention")).mapToInt(c -> c.heads().length)
                .min().orElse(0) - (r.hasBias() ? 1 : 0);
    }

    @Override
    public void writeText(TextOut out) {
        out.line(String.format(Locale.ROOT, "logit of '%s' (%d) after position %d ('%s'): %.4f; the components sum "
                + "to %.4f", Visible.text(targetPiece), r.target(), r.position(), Visible.text(positionPiece),
                r.logit(), r.sum()));
        out.line("(" + NOTE + "; rms = " + String.format(Locale.ROOT, "%.4f", r.rms()) + ")");
        if (showHeads && !r.headsAdditive()) {
            out.line("(per-head terms are not shown: a norm after the attention projection makes them non-additive)");
        }
        out.line();
        double max = 1e-12;
        for (Component c : r.components()) {
            max = Math.max(max, Math.abs(c.contribution()));
            for (double h : showHeads ? c.heads() : new double[0]) {
                max = Math.max(max, Math.abs(h));
            }
        }
        Table t = new Table().left("component").right("contribution").left("bar");
        for (Component c : r.components()) {
            t.row(c.name(), String.format(Locale.ROOT, "%+.4f", c.contribution()), bar(c.contribution(), max));
            if (showHeads) {
                int heads = headCount();
                for (int h = 0; h < c.heads().length; h++) {
                    String name = h < heads ? "  head " + h : "  bias";
                    t.row(name, String.format(Locale.ROOT, "%+.4f", c.heads()[h]), bar(c.heads()[h], max));
                }
            }
        }
        out.table(t);
    }

    /** The components (and with --heads, the heads) as a PNG bar chart. */
    public void drawBars(java.nio.file.Path file) throws java.io.IOException {
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int heads = headCount();
        for (Component c : r.components()) {
            labels.add(c.name());
            values.add(c.contribution());
            if (showHeads) {
                for (int h = 0; h < c.heads().length; h++) {
                    labels.add(h < heads ? "  head " + h : "  bias");
                    values.add(c.heads()[h]);
                }
            }
        }
        dev.llmx.render.png.BarChart.write(file, String.format(Locale.ROOT,
                "direct logit attribution of '%s' after position %d: logit %.4f", Visible.text(targetPiece),
                r.position(), r.logit()), "contribution to the logit (final norm scale held fixed)",
                labels.toArray(String[]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A signed bar: negative values to the left of the axis, positive to the right. */
    private static String bar(double v, double max) {
        String body = Pictures.bar(Math.abs(v) / max, BAR).stripTrailing();
        String pad = " ".repeat(BAR);
        return v < 0 ? pad.substring(0, BAR - body.length()) + body + "│" : pad + "│" + body;
    }
}
