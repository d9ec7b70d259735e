package dev.llmx.cli.logits;

import dev.llmx.logits.Distribution;
import dev.llmx.render.Cells;
import dev.llmx.render.Pictures;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Visible;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What {@code llmx logits} prints: for the positions shown, the most likely next tokens with logit and probability
 * and the distribution's entropy; with a continuation, each of its tokens' log-probability and the perplexity.
 * JSON in docs/logits.md.
 */
public final class LogitsReport implements Report {
    private static final int BAR_WIDTH = 20;

    /** A candidate next token. */
    public record Candidate(int id, byte[] bytes, float logit, double prob) {
    }

    /** The distribution after the token at {@code position}. */
    public record PositionRow(int position, int tokenId, byte[] tokenBytes, double entropy, List<Candidate> top) {
    }

    /** A continuation token scored under the model: {@code ln p(token | everything before it)}. */
    public record ScoredToken(int position, int id, byte[] bytes, double logProb, int rank) {
    }

    /** Where --dump wrote the logits. */
    public record Dump(Path file, int positions, int vocab) {
    }

    private final int[] promptTokens;
    private final List<PositionRow> positions;
    private final List<ScoredToken> continuation;
    private final Dump dump;
    private Map<String, Object> probeOut;

    /** The dump written with --dump, or null. */
    public Dump dump() {
        return dump;
    }

    public LogitsReport(int[] promptTokens, List<PositionRow> positions, List<ScoredToken> continuation, Dump dump) {
        this.promptTokens = promptTokens.clone();
        this.positions = List.copyOf(positions);
        this.continuation = continuation;
        this.dump = dump;
    }

    /** The row for {@code position}: the top {@code k} of the logits after the token {@code tokenId} there. */
    public static PositionRow row(int position, int tokenId, float[] logits, int k, IntFunction<byte[]> bytes) {
        Distribution d = Distribution.of(logits);
        List<Candidate> top = new ArrayList<>();
        for (int id : d.top(k)) {
            top.add(new Candidate(id, bytes.apply(id), d.logit(id), d.prob(id)));
        }
        return new PositionRow(position, tokenId, bytes.apply(tokenId), d.entropy(), top);
    }

    /** This report with where --probe-out wrote the probes (null: none). */
    public LogitsReport withProbeOut(Map<String, Object> probeOut) {
        this.probeOut = probeOut;
        return this;
    }

    public double totalLogProb() {
        double total = 0;
        for (ScoredToken t : continuation) {
            total += t.logProb();
        }
        return total;
    }

    /** exp(−mean log-probability): the number of equally likely choices the model was, on average, torn between. */
    public double perplexity() {
        return Math.exp(-totalLogProb() / continuation.size());
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", promptTokens);
        List<Object> rows = new ArrayList<>();
        for (PositionRow p : positions) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("position", p.position());
            r.put("token_id", p.tokenId());
            r.put("piece", text(p.tokenBytes()));
            r.put("entropy", p.entropy());
            List<Object> top = new ArrayList<>();
            for (Candidate c : p.top()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("id", c.id());
                t.put("piece", text(c.bytes()));
                t.put("logit", c.logit());
                t.put("prob", c.prob());
                top.add(t);
            }
            r.put("top", top);
            rows.add(r);
        }
        m.put("positions", rows);
        if (continuation != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            List<Object> tokens = new ArrayList<>();
            for (ScoredToken t : continuation) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("position", t.position());
                e.put("id", t.id());
                e.put("piece", text(t.bytes()));
                e.put("logprob", t.logProb());
                e.put("rank", t.rank());
                tokens.add(e);
            }
            c.put("tokens", tokens);
            c.put("total_logprob", totalLogProb());
            c.put("perplexity", perplexity());
            m.put("continuation", c);
        }
        if (dump != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("file", dump.file().toString());
            d.put("positions", dump.positions());
            d.put("n_vocab", dump.vocab());
            d.put("bytes", 4L * dump.positions() * dump.vocab());
            m.put("dump", d);
        }
        if (probeOut != null) {
            m.put("probe_out", probeOut);
        }
        return m;
    }

    /** CSV: one row per (position, candidate); continuation tokens are in the JSON and the table view. */
    @Override
    public Table toTable() {
        Table t = new Table().right("position", "token_id", "rank", "id").left("piece").right("logit", "prob");
        if (continuation != null) {
            // The scored continuation in the same table: one row per token, its own two columns filled.
            t.right("continuation_logprob", "continuation_rank");
        }
        for (PositionRow p : positions) {
            int rank = 1;
            for (Candidate c : p.top()) {
                if (continuation != null) {
                    t.row(p.position(), p.tokenId(), rank++, c.id(), text(c.bytes()), (double) c.logit(), c.prob(),
                            "", "");
                } else {
                    t.row(p.position(), p.tokenId(), rank++, c.id(), text(c.bytes()), (double) c.logit(), c.prob());
                }
            }
        }
        if (continuation != null) {
            for (ScoredToken sc : continuation) {
                t.row(sc.position(), "", "", sc.id(), text(sc.bytes()), "", Math.exp(sc.logProb()), sc.logProb(),
                        sc.rank());
            }
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        boolean first = true;
        for (PositionRow p : positions) {
            if (!first) {
                out.line();
            }
            first = false;
            out.heading("after position " + p.position() + " (token " + p.tokenId() + " " + quoted(p.tokenBytes())
                    + ")  entropy " + Cells.number(p.entropy()) + " nats");
            Table t = new Table().right("rank", "id").left("piece").right("logit", "prob").left("");
            int rank = 1;
            for (Candidate c : p.top()) {
                t.row(rank++, c.id(), Visible.bytes(c.bytes()), (double) c.logit(), c.prob(),
                        Pictures.bar(c.prob(), BAR_WIDTH));
            }
            out.table(t);
        }
        if (continuation != null) {
            out.line();
            out.heading("continuation: " + continuation.size() + " tokens, log-probability "
                    + Cells.number(totalLogProb()) + ", perplexity " + Cells.number(perplexity()));
            Table t = new Table().right("position", "id").left("piece").right("logprob", "prob", "rank");
            for (ScoredToken s : continuation) {
                t.row(s.position(), s.id(), Visible.bytes(s.bytes()), s.logProb(), Math.exp(s.logProb()), s.rank());
            }
            out.table(t);
        }
        if (dump != null) {
            out.line();
            out.line("wrote " + dump.positions() + " × " + dump.vocab() + " float32 logits to " + dump.file());
        }
    }

    private static String quoted(byte[] bytes) {
        return "'" + Visible.bytes(bytes) + "'";
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
