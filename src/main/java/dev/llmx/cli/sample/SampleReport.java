package dev.llmx.cli.sample;

import dev.llmx.render.Units;
import dev.llmx.render.Cells;
import dev.llmx.render.Pictures;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Visible;
import dev.llmx.sampling.Candidates;
import dev.llmx.sampling.SamplerSettings;
import dev.llmx.sampling.SamplerStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What {@code llmx sample} prints: the raw next-token distribution, each step of the sampler chain (candidates left,
 * the top ones before and after with bars, probability removed, entropy), the drawn token, and with {@code --draws}
 * the empirical histogram next to the final distribution. JSON in docs/sample.md.
 */
public final class SampleReport {
    private static final int BAR_WIDTH = 16;

    /** Where the logits came from: the model run on a prompt, or a top-K list on standard input. */
    public record Source(String description, int[] promptTokens, boolean fromStdin, int listed, double listedMass,
                         boolean topKOnly) {
    }

    private SampleReport() {
    }

    /**
     * The report.
     *
     * @param piece a token's text (for JSON; the table shows it with invisible characters made visible)
     * @param show  candidates shown per table
     */
    public static Report of(Source source, SamplerSettings settings, ChainTrace trace, IntFunction<String> piece,
                            int show) {
        return new Report() {
            @Override
            public Object toJson() {
                return json(source, settings, trace, piece);
            }

            @Override
            public Table toTable() {
                return csv(trace, piece);
            }

            @Override
            public void writeText(TextOut out) {
                text(out, source, settings, trace, piece, show);
            }
        };
    }

    private static Object json(Source source, SamplerSettings settings, ChainTrace trace, IntFunction<String> piece) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source.fromStdin() ? "stdin" : "model");
        m.put("prompt_tokens", source.promptTokens());
        m.put("n_candidates", trace.raw().size());
        m.put("top_k_only", source.topKOnly());
        if (source.fromStdin()) {
            m.put("listed_mass", Double.isNaN(source.listedMass()) ? null : source.listedMass());
        }
        m.put("seed", settings.seed());
        List<Object> order = new ArrayList<>();
        for (SamplerStep s : settings.order()) {
            order.add(s.llamaName());
        }
        m.put("samplers", order);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("n", trace.raw().size());
        input.put("entropy", trace.raw().entropy());
        input.put("candidates", candidates(trace.raw(), piece));
        m.put("input", input);
        List<Object> steps = new ArrayList<>();
        for (ChainTrace.Step s : trace.steps()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", s.step().llamaName());
            e.put("params", s.params());
            e.put("active", s.active());
            e.put("n_before", s.before().size());
            e.put("n_after", s.after().size());
            e.put("mass_removed", s.massRemoved());
            e.put("entropy", s.after().entropy());
            if (s.active()) {
                e.put("candidates", candidates(s.after(), piece));
            }
            steps.add(e);
        }
        m.put("stages", steps);
        int drawn = trace.drawn();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", drawn);
        d.put("piece", piece.apply(drawn));
        int rawIndex = trace.raw().indexOf(drawn);
        d.put("rank", rawIndex + 1);
        d.put("raw_prob", trace.raw().prob(rawIndex));
        d.put("prob", trace.last().prob(trace.last().indexOf(drawn)));
        m.put("drawn", d);
        if (trace.drawCount() > 1) {
            Map<String, Object> draws = new LinkedHashMap<>();
            draws.put("n", trace.drawCount());
            draws.put("chi_square", trace.chiSquare());
            draws.put("degrees_of_freedom", trace.degreesOfFreedom());
            draws.put("p_value", trace.pValue());
            List<Object> counts = new ArrayList<>();
            long[] c = trace.counts();
            Candidates last = trace.last();
            for (int i = 0; i < last.size(); i++) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", last.id(i));
                e.put("piece", piece.apply(last.id(i)));
                e.put("prob", last.prob(i));
                e.put("count", c[i]);
                e.put("freq", (double) c[i] / trace.drawCount());
                counts.add(e);
            }
            draws.put("counts", counts);
            m.put("draws", draws);
        }
        return m;
    }

    private static List<Object> candidates(Candidates c, IntFunction<String> piece) {
        List<Object> list = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", c.id(i));
            e.put("piece", piece.apply(c.id(i)));
            e.put("logit", c.logit(i));
            e.put("prob", c.prob(i));
            list.add(e);
        }
        return list;
    }

    /** CSV: one row per (stage, candidate) of the raw distribution ("input") and each active step. */
    private static Table csv(ChainTrace trace, IntFunction<String> piece) {
        Table t = new Table().left("stage").right("rank", "id").left("piece").right("logit", "prob");
        csvRows(t, "input", trace.raw(), piece);
        for (ChainTrace.Step s : trace.steps()) {
            if (s.active()) {
                csvRows(t, s.step().llamaName(), s.after(), piece);
            }
        }
        return t;
    }

    private static void csvRows(Table t, String stage, Candidates c, IntFunction<String> piece) {
        for (int i = 0; i < c.size(); i++) {
            t.row(stage, i + 1, c.id(i), piece.apply(c.id(i)), (double) c.logit(i), c.prob(i));
        }
    }

    private static void text(TextOut out, Source source, SamplerSettings settings, ChainTrace trace,
                             IntFunction<String> piece, int show) {
        out.heading(source.description());
        if (source.topKOnly()) {
            out.line("note: standard input lists only the top " + source.listed() + " tokens"
                    + (Double.isNaN(source.listedMass()) ? "" : ", " + percent(source.listedMass())
                    + " of the probability") + "; the tail beyond them is unknown, so the chain runs on these "
                    + source.listed() + " alone (probabilities renormalised over them)");
        }
        out.line("raw distribution: " + trace.raw().size() + " candidates, entropy "
                + Cells.number(trace.raw().entropy()) + " nats");
        out.line("chain: " + order(settings).replace(";", " → ") + " → draw (seed " + settings.seed() + ")"
                + (settings.order().equals(SamplerStep.DEFAULT_ORDER) ? ", llama.cpp's default order" : ""));
        int number = 1;
        for (ChainTrace.Step s : trace.steps()) {
            out.line();
            String title = number++ + ". " + s.step().llamaName() + " (" + s.params() + ")";
            if (!s.active()) {
                out.line(title + ": off");
                continue;
            }
            out.heading(title + ": " + s.before().size() + " → " + Units.plural(s.after().size(), "candidate") + ", removed "
                    + percent(s.massRemoved()) + " of the probability, entropy " + Cells.number(s.before().entropy())
                    + " → " + Cells.number(s.after().entropy()) + " nats");
            out.table(stepTable(s, piece, show));
        }
        out.line();
        int drawn = trace.drawn();
        int rawIndex = trace.raw().indexOf(drawn);
        out.heading("drawn: " + drawn + " '" + Visible.text(piece.apply(drawn)) + "', rank "
                + (rawIndex + 1) + " of the raw distribution, raw probability "
                + Cells.number(trace.raw().prob(rawIndex))
                + ", " + Cells.number(trace.last().prob(trace.last().indexOf(drawn))) + " after the chain");
        if (trace.drawCount() > 1) {
            out.line();
            out.heading(trace.drawCount() + " draws: chi-square " + Cells.number(trace.chiSquare()) + " with "
                    + trace.degreesOfFreedom() + " degrees of freedom against the final distribution (p = "
                    + Cells.number(trace.pValue()) + ")");
            out.table(drawTable(trace, piece, show));
        }
    }

    private static String order(SamplerSettings settings) {
        StringBuilder sb = new StringBuilder();
        for (SamplerStep s : settings.order()) {
            sb.append(sb.length() == 0 ? "" : ";").append(s.llamaName());
        }
        return sb.toString();
    }

    /** The top candidates before the step, with their probability after it (or "cut"). */
    private static Table stepTable(ChainTrace.Step s, IntFunction<String> piece, int show) {
        Map<Integer, Integer> after = new HashMap<>();
        for (int i = 0; i < s.after().size(); i++) {
            after.put(s.after().id(i), i);
        }
        Table t = new Table().right("rank", "id").left("piece").right("before").left("").right("after").left("");
        Candidates before = s.before();
        for (int i = 0; i < Math.min(show, before.size()); i++) {
            int id = before.id(i);
            Integer a = after.get(id);
            double pa = a == null ? 0 : s.after().prob(a);
            t.row(i + 1, id, Visible.text(piece.apply(id)), before.prob(i),
                    Pictures.bar(before.prob(i), BAR_WIDTH), a == null ? "cut" : pa,
                    a == null ? "" : Pictures.bar(pa, BAR_WIDTH));
        }
        return t;
    }

    private static Table drawTable(ChainTrace trace, IntFunction<String> piece, int show) {
        Table t = new Table().right("rank", "id").left("piece").right("prob").left("").right("drawn", "freq").left("");
        long[] counts = trace.counts();
        Candidates last = trace.last();
        for (int i = 0; i < Math.min(show, last.size()); i++) {
            double freq = (double) counts[i] / trace.drawCount();
            t.row(i + 1, last.id(i), Visible.text(piece.apply(last.id(i))), last.prob(i),
                    Pictures.bar(last.prob(i), BAR_WIDTH), counts[i], freq, Pictures.bar(freq, BAR_WIDTH));
        }
        return t;
    }

    private static String percent(double fraction) {
        return Cells.fixed(100 * fraction, fraction != 0 && fraction < 0.001 ? 4 : 1) + "%";
    }
}
