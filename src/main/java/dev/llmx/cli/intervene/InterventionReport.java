package dev.llmx.cli.intervene;

import dev.llmx.intervene.Edit;
import dev.llmx.logits.Distribution;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Visible;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * An intervention next to the clean run, after the last prompt token: both runs' top tokens, the KL divergence of
 * the edited distribution from the clean one, and the probability and rank of one chosen token in each. JSON in
 * docs/interventions.md.
 */
public final class InterventionReport implements Report {
    /** A candidate in one run. */
    public record Candidate(int id, String piece, double logit, double prob) {
    }

    private final int[] promptTokens;
    private final List<Edit> edits;
    private final List<Candidate> clean;
    private final List<Candidate> edited;
    private final double kl;
    private final int track;
    private final String trackPiece;
    private final double cleanProb;
    private final double editedProb;
    private final int cleanRank;
    private final int editedRank;
    private final Map<String, Object> probeOut;

    public InterventionReport(int[] promptTokens, List<Edit> edits, float[] cleanLogits, float[] editedLogits,
                              int top, int track, IntFunction<byte[]> bytes, Map<String, Object> probeOut) {
        this.promptTokens = promptTokens.clone();
        this.edits = List.copyOf(edits);
        Distribution c = Distribution.of(cleanLogits);
        Distribution e = Distribution.of(editedLogits);
        this.clean = candidates(c, top, bytes);
        this.edited = candidates(e, top, bytes);
        double k = 0;
        for (int i = 0; i < cleanLogits.length; i++) {
            double lp = c.logProb(i);
            if (lp > -700) {
                k += Math.exp(lp) * (lp - e.logProb(i));
            }
        }
        this.kl = Math.max(0, k);
        this.track = track >= 0 ? track : c.top(1)[0];
        this.trackPiece = piece(bytes.apply(this.track));
        this.cleanProb = c.prob(this.track);
        this.editedProb = e.prob(this.track);
        this.cleanRank = c.rank(this.track);
        this.editedRank = e.rank(this.track);
        this.probeOut = probeOut;
    }

    private static List<Candidate> candidates(Distribution d, int top, IntFunction<byte[]> bytes) {
        List<Candidate> out = new ArrayList<>();
        for (int id : d.top(top)) {
            out.add(new Candidate(id, piece(bytes.apply(id)), d.logit(id), d.prob(id)));
        }
        return out;
    }

    private static String piece(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public double kl() {
        return kl;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", promptTokens);
        m.put("position", promptTokens.length - 1);
        List<Object> e = new ArrayList<>();
        for (Edit edit : edits) {
            e.add(edit.toJson());
        }
        m.put("edits", e);
        m.put("clean", run(clean));
        m.put("edited", run(edited));
        m.put("kl_divergence", kl);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", track);
        t.put("piece", trackPiece);
        t.put("clean_prob", cleanProb);
        t.put("edited_prob", editedProb);
        t.put("delta_prob", editedProb - cleanProb);
        t.put("clean_rank", cleanRank);
        t.put("edited_rank", editedRank);
        m.put("track", t);
        if (probeOut != null) {
            m.put("probe_out", probeOut);
        }
        return m;
    }

    private static Map<String, Object> run(List<Candidate> top) {
        List<Object> rows = new ArrayList<>();
        for (Candidate c : top) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", c.id());
            r.put("piece", c.piece());
            r.put("logit", c.logit());
            r.put("prob", c.prob());
            rows.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("top", rows);
        return m;
    }

    /** CSV: one row per rank, the clean candidate beside the edited one. */
    @Override
    public Table toTable() {
        Table t = new Table().right("rank", "clean_id").left("clean_piece").right("clean_prob", "edited_id")
                .left("edited_piece").right("edited_prob");
        for (int i = 0; i < Math.max(clean.size(), edited.size()); i++) {
            Candidate c = clean.get(i);
            Candidate e = edited.get(i);
            t.row(i + 1, c.id(), Visible.text(c.piece()), c.prob(), e.id(), Visible.text(e.piece()), e.prob());
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        for (Edit e : edits) {
            out.line("edit: " + e.toJson().get("kind") + " " + e.toJson().get("target") + " (probe "
                    + e.probe() + ")");
        }
        out.line(String.format(Locale.ROOT, "KL(clean ‖ edited) = %.6f nats after position %d", kl,
                promptTokens.length - 1));
        out.line(String.format(Locale.ROOT, "token '%s' (%d): p %.4f → %.4f (%+.4f), rank %d → %d",
                Visible.text(trackPiece), track, cleanProb, editedProb, editedProb - cleanProb, cleanRank, editedRank));
        out.line();
        out.table(toTable());
        if (probeOut != null) {
            out.line();
            out.line("probes: " + probeOut.get("tensors") + " tensors in " + probeOut.get("file"));
        }
    }
}
