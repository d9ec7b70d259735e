package dev.llmx.cli.perplexity;

import dev.llmx.eval.KlDivergence;
import dev.llmx.eval.Perplexity;
import dev.llmx.render.Pictures;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code llmx perplexity} prints: the perplexity with its standard error and the running estimate per chunk;
 * with {@code --kl-divergence}, the second model's perplexity and how its distributions differ from the first's.
 * JSON in docs/perplexity.md.
 */
public final class PerplexityReport implements Report {
    private final String model;
    private final Perplexity.Result result;
    private final String otherModel;
    private final KlDivergence.Result kl;

    public PerplexityReport(String model, Perplexity.Result result, String otherModel, KlDivergence.Result kl) {
        this.model = model;
        this.result = result;
        this.otherModel = otherModel;
        this.kl = kl;
    }

    /** A model's name and its result. */
    public record Named(String model, Perplexity.Result result) {
    }

    /** The first model's result, then the second's (with --kl-divergence). */
    public List<Named> results() {
        return kl == null ? List.of(new Named(model, result))
                : List.of(new Named(model, result), new Named(otherModel, kl.other()));
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = summary(model, result);
        if (kl != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("model", otherModel);
            k.putAll(summary(otherModel, kl.other()));
            k.put("ln_ppl_ratio", kl.lnPerplexityRatio());
            k.put("mean_kl", kl.meanKl());
            k.put("kl_stderr", kl.klStderr());
            k.put("median_kl", kl.medianKl());
            k.put("kl_99", kl.kl99());
            k.put("max_kl", kl.maxKl());
            k.put("mean_delta_p", kl.meanDeltaP());
            k.put("delta_p_stderr", kl.deltaPStderr());
            k.put("rms_delta_p", kl.rmsDeltaP());
            k.put("same_top_p", kl.sameTopFraction());
            k.put("n_positions", kl.positions());
            m.put("kl_divergence", k);
        }
        return m;
    }

    private static Map<String, Object> summary(String model, Perplexity.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("perplexity", r.perplexity());
        m.put("stderr", r.stderr());
        m.put("mean_nll", r.meanNll());
        m.put("n_tokens_scored", r.tokensScored());
        m.put("n_chunks", r.chunks());
        m.put("n_ctx", r.contextLength());
        m.put("n_tokens", r.textTokens());
        List<Object> chunks = new ArrayList<>();
        for (Perplexity.ChunkResult c : r.perChunk()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("chunk", c.chunk());
            e.put("perplexity", c.chunkPerplexity());
            e.put("running_perplexity", c.runningPerplexity());
            chunks.add(e);
        }
        m.put("chunks", chunks);
        return m;
    }

    /** CSV: one row per chunk (and model), with the final figures repeated as columns. */
    @Override
    public Table toTable() {
        Table t = new Table().left("model").right("chunk", "perplexity", "running_perplexity", "final_perplexity",
                "final_stderr");
        rows(t, model, result);
        if (kl != null) {
            rows(t, otherModel, kl.other());
        }
        return t;
    }

    private static void rows(Table t, String model, Perplexity.Result r) {
        for (Perplexity.ChunkResult c : r.perChunk()) {
            t.row(model, c.chunk(), c.chunkPerplexity(), c.runningPerplexity(), r.perplexity(), r.stderr());
        }
    }

    @Override
    public void writeText(TextOut out) {
        text(out, model, result);
        if (kl != null) {
            out.line();
            text(out, otherModel, kl.other());
            out.line();
            out.heading("KL divergence of " + otherModel + " from " + model);
            int w = 22;
            out.field("ln(PPL ratio)", f("%.6f", kl.lnPerplexityRatio()), w);
            out.field("mean KL", f("%.6f ± %.6f", kl.meanKl(), kl.klStderr()), w);
            out.field("median / 99% / max", f("%.6f / %.6f / %.6f", kl.medianKl(), kl.kl99(), kl.maxKl()), w);
            out.field("mean Δp", f("%.3f%% ± %.3f%%", 100 * kl.meanDeltaP(), 100 * kl.deltaPStderr()), w);
            out.field("RMS Δp", f("%.3f%%", 100 * kl.rmsDeltaP()), w);
            out.field("same top token", f("%.3f%% of %d positions", 100 * kl.sameTopFraction(), kl.positions()), w);
        }
    }

    private static void text(TextOut out, String model, Perplexity.Result r) {
        int w = 22;
        out.heading(model);
        out.field("perplexity", f("%.4f ± %.5f", r.perplexity(), r.stderr()), w);
        out.field("mean NLL", f("%.6f nats/token", r.meanNll()), w);
        out.field("tokens scored", r.tokensScored() + " (" + r.chunks() + " chunks of " + r.contextLength()
                + ", second half of each; the text has " + r.textTokens() + " tokens)", w);
        float[] running = new float[r.perChunk().size()];
        for (int i = 0; i < running.length; i++) {
            running[i] = (float) r.perChunk().get(i).chunkPerplexity();
        }
        out.field("per chunk", Pictures.sparkline(fit(running, Math.max(10, out.width() - w - 4))), w);
    }

    /** At most {@code width} values: the means of equal runs when there are more. */
    private static float[] fit(float[] values, int width) {
        if (values.length <= width) {
            return values;
        }
        float[] out = new float[width];
        for (int i = 0; i < width; i++) {
            int from = (int) ((long) i * values.length / width);
            int to = (int) ((long) (i + 1) * values.length / width);
            double sum = 0;
            for (int j = from; j < to; j++) {
                sum += values[j];
            }
            out[i] = (float) (sum / Math.max(1, to - from));
        }
        return out;
    }

    private static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
