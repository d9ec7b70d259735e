package dev.llmx.cli.quantize;

import dev.llmx.quant.drift.Drift;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.render.Cells;
import dev.llmx.render.Pictures;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;
import dev.llmx.render.Visible;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code llmx quantize --drift TEXT}: how far the quantized model's pass over a prompt strays from the original's,
 * layer by layer (cosine of the hidden states) and at the end (KL of the next-token distributions, top-1 agreement,
 * perplexity). JSON documented in docs/quantize.md; CSV is the per-layer table.
 */
public final class DriftReport implements Report {
    private static final int LABEL_WIDTH = 16;
    private static final int BAR_WIDTH = 24;
    /** Positions a sparkline shows before it is cut (the JSON has them all). */
    private static final int MAX_SPARK = 64;

    private final Path model;
    private final String format;
    private final QuantType type;
    private final List<TensorPlan> plan;
    private final String prompt;
    private final Drift drift;
    private final IntFunction<byte[]> pieces;

    /** @param pieces the bytes of a token id, for display */
    public DriftReport(Path model, String format, QuantType type, List<TensorPlan> plan, String prompt, Drift drift,
                       IntFunction<byte[]> pieces) {
        this.model = model;
        this.format = format;
        this.type = type;
        this.plan = plan;
        this.prompt = prompt;
        this.drift = drift;
        this.pieces = pieces;
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

    private String piece(int id) {
        return new String(pieces.apply(id), StandardCharsets.UTF_8);
    }

    /** A finite number, or null for JSON (NaN has no JSON spelling). */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    // ---------------------------------------------------------------- JSON

    @Override
    public Object toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", model.toString());
        root.put("format", format);
        root.put("type", type.label());
        root.put("file_type", type.fileType().id());
        root.put("source_bytes", sourceBytes());
        root.put("bytes", bytes());
        root.put("source_bits_per_weight", bits(sourceBytes()));
        root.put("bits_per_weight", bits(bytes()));
        root.put("prompt", prompt);
        root.put("prompt_tokens", drift.tokens());
        List<Object> layers = new ArrayList<>();
        for (int l = 0; l < drift.layers(); l++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", l);
            m.put("tensor", "blk." + l + ".resid_out");
            m.put("mean_cosine", drift.meanCosine(l));
            m.put("min_cosine", drift.minCosine(l));
            m.put("cosine", drift.cosine()[l]);
            layers.add(m);
        }
        root.put("layers", layers);
        List<Object> positions = new ArrayList<>();
        for (int i = 0; i < drift.positions(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            boolean hasNext = i + 1 < drift.positions();
            m.put("position", i);
            m.put("token_id", drift.tokens()[i]);
            m.put("piece", piece(drift.tokens()[i]));
            m.put("kl", drift.kl()[i]);
            m.put("original_top", drift.originalTop()[i]);
            m.put("quantized_top", drift.quantizedTop()[i]);
            m.put("top1_agree", drift.originalTop()[i] == drift.quantizedTop()[i]);
            m.put("next_token_id", hasNext ? drift.tokens()[i + 1] : null);
            m.put("original_logprob", hasNext ? drift.originalLogProb()[i] : null);
            m.put("quantized_logprob", hasNext ? drift.quantizedLogProb()[i] : null);
            positions.add(m);
        }
        root.put("positions", positions);
        root.put("mean_kl", drift.meanKl());
        root.put("max_kl", drift.maxKl());
        root.put("top1_agreements", drift.top1Agreements());
        root.put("top1_agreement", drift.top1Agreement());
        Map<String, Object> ppl = new LinkedHashMap<>();
        ppl.put("original", finite(drift.originalPerplexity()));
        ppl.put("quantized", finite(drift.quantizedPerplexity()));
        root.put("perplexity", ppl);
        return root;
    }

    // ---------------------------------------------------------------- CSV

    @Override
    public Table toTable() {
        Table t = new Table().right("layer").left("tensor").right("mean_cosine", "min_cosine");
        for (int l = 0; l < drift.layers(); l++) {
            t.row(l, "blk." + l + ".resid_out", drift.meanCosine(l), drift.minCosine(l));
        }
        return t;
    }

    // ---------------------------------------------------------------- text

    @Override
    public void writeText(TextOut out) {
        out.field("model", model + " (" + format + ")", LABEL_WIDTH);
        out.field("type", type.label() + " — " + type.description(), LABEL_WIDTH);
        out.field("weights", Units.bytes(sourceBytes()) + " → " + Units.bytes(bytes()) + " ("
                + Cells.fixed(bits(sourceBytes()), 2) + " → " + Cells.fixed(bits(bytes()), 2) + " bits per weight)",
                LABEL_WIDTH);
        out.field("prompt", drift.positions() + " tokens, run through both models token by token", LABEL_WIDTH);
        out.line();
        out.heading("Hidden states: cosine similarity of blk.N.resid_out, original vs quantized");
        out.line(out.style().dim("(bar: 1 − mean cosine, longest = the layer that drifts most; "
                + "line: cosine per position, low = more drift)"));
        double worst = 0;
        for (int l = 0; l < drift.layers(); l++) {
            worst = Math.max(worst, 1 - drift.meanCosine(l));
        }
        Table layers = new Table().right("layer", "mean cos", "min cos", "1 − cos").left("", "per position");
        for (int l = 0; l < drift.layers(); l++) {
            double away = 1 - drift.meanCosine(l);
            layers.row(l, Cells.fixed(drift.meanCosine(l), 6), Cells.fixed(drift.minCosine(l), 6),
                    Cells.number(away), Pictures.bar(worst > 0 ? away / worst : 0, BAR_WIDTH),
                    spark(drift.cosine()[l]));
        }
        out.table(layers);
        out.line();
        out.heading("Next-token distributions: KL(original ‖ quantized) per position, in nats");
        double maxKl = drift.maxKl();
        Table positions = new Table().right("pos").left("token").right("KL").left("", "top-1 original",
                "top-1 quantized", "");
        for (int i = 0; i < drift.positions(); i++) {
            int a = drift.originalTop()[i];
            int b = drift.quantizedTop()[i];
            positions.row(i, quoted(drift.tokens()[i]), Cells.number(drift.kl()[i]),
                    Pictures.bar(maxKl > 0 ? drift.kl()[i] / maxKl : 0, BAR_WIDTH), quoted(a), quoted(b),
                    a == b ? "same" : out.style().bold("differs"));
        }
        out.table(positions);
        out.line();
        out.field("mean KL", Cells.number(drift.meanKl()) + " nats (max " + Cells.number(maxKl) + ")", LABEL_WIDTH);
        out.field("top-1 agreement", drift.top1Agreements() + " of " + drift.positions() + " positions ("
                + Cells.fixed(100 * drift.top1Agreement(), 1) + "%)", LABEL_WIDTH);
        double p0 = drift.originalPerplexity();
        double p1 = drift.quantizedPerplexity();
        out.field("perplexity", Double.isFinite(p0)
                ? Cells.number(p0) + " original, " + Cells.number(p1) + " quantized ("
                + (p1 >= p0 ? "+" : "") + Cells.fixed(100 * (p1 / p0 - 1), 2) + "%)"
                : "needs a prompt of two tokens or more", LABEL_WIDTH);
    }

    private String quoted(int id) {
        return "'" + Visible.bytes(pieces.apply(id)) + "'";
    }

    private static String spark(double[] values) {
        int n = Math.min(values.length, MAX_SPARK);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) values[i];
        }
        return Pictures.sparkline(f) + (values.length > n ? "…" : "");
    }
}
