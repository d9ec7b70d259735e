package dev.llmx.cli.attend;

import dev.llmx.attention.RopeWhatIf;
import dev.llmx.render.Units;
import dev.llmx.render.Cells;
import dev.llmx.render.DisplayWidth;
import dev.llmx.render.Heatmap;
import dev.llmx.render.Matrix;
import dev.llmx.render.Pictures;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Visible;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code llmx attend} prints: per layer and head the attention weights of the prompt (as the forward pass's
 * probes delivered them), their summary, and optionally one query's walk through a head. JSON in docs/attend.md.
 */
public final class AttendReport implements Report {
    private static final int BAR_WIDTH = 16;
    /** Value dimensions shown in the walk-through's mix of values. */
    private static final int MIX_DIMS = 4;
    /** Keys whose weighted values the walk-through spells out. */
    private static final int MIX_KEYS = 3;

    /**
     * One layer's tensors, each {@code positions} rows: scores and weights {@code heads × positions} (null when not
     * kept), v {@code kv_heads × value_dim}, kqv_out {@code heads × value_dim}, and the no-RoPE what-if scores.
     */
    public record LayerTensors(int layer, int window, float[] scores, float[] weights, float[] v, float[] kqvOut,
                               float[] noRopeScores) {
    }

    /** Collects the parts of the report. */
    public static final class Builder {
        private final int heads;
        private final int kvHeads;
        private final int headDim;
        private final int valueDim;
        private final float scale;
        private final int[] tokens;
        private final List<byte[]> pieces;
        private final boolean numbers;
        private final List<LayerTensors> layers = new ArrayList<>();
        private boolean detailed;
        private Integer head;
        private Integer query;
        private Integer from;
        private Integer to;

        public Builder(int heads, int kvHeads, int headDim, int valueDim, float scale, int[] tokens,
                       List<byte[]> pieces, boolean numbers) {
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.headDim = headDim;
            this.valueDim = valueDim;
            this.scale = scale;
            this.tokens = tokens.clone();
            this.pieces = List.copyOf(pieces);
            this.numbers = numbers;
        }

        public Builder layer(LayerTensors t) {
            layers.add(t);
            return this;
        }

        /** Whether the layers are shown in full (one layer) or summarised, and the head and query asked for. */
        public Builder detail(boolean detailed, Integer head, Integer query) {
            this.detailed = detailed;
            this.head = head;
            this.query = query;
            return this;
        }

        /** The positions the text view's matrices show (null: all that fit the terminal, the last ones). */
        public Builder window(Integer from, Integer to) {
            this.from = from;
            this.to = to;
            return this;
        }

        public AttendReport build() {
            return new AttendReport(this);
        }
    }

    private final Builder b;
    private final int n;
    private final int group;
    private final List<List<HeadSummary>> summaries = new ArrayList<>();
    private final List<float[]> noRopeWeights = new ArrayList<>();
    /** The text view's window of positions, set when it is written (it depends on the terminal's width). */
    private int from;
    private int to;

    private AttendReport(Builder b) {
        this.b = b;
        this.n = b.tokens.length;
        this.group = b.heads / b.kvHeads;
        for (LayerTensors t : b.layers) {
            List<HeadSummary> list = new ArrayList<>();
            for (int h = 0; h < b.heads; h++) {
                list.add(HeadSummary.of(t.weights(), n, b.heads, h, h / group));
            }
            summaries.add(list);
            noRopeWeights.add(t.noRopeScores() == null ? null : RopeWhatIf.softmaxRows(t.noRopeScores(), n));
        }
    }

    private List<Integer> shownHeads() {
        List<Integer> hs = new ArrayList<>();
        for (int h = 0; h < b.heads; h++) {
            if (b.head == null || b.head == h) {
                hs.add(h);
            }
        }
        return hs;
    }

    // ---- JSON ----------------------------------------------------------------------------------------------

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", b.tokens);
        List<Object> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("position", i);
            t.put("id", b.tokens[i]);
            t.put("piece", text(b.pieces.get(i)));
            tokens.add(t);
        }
        m.put("tokens", tokens);
        m.put("n_heads", b.heads);
        m.put("n_kv_heads", b.kvHeads);
        m.put("head_dim", b.headDim);
        m.put("scale", (double) b.scale);
        List<Object> gqa = new ArrayList<>();
        for (int g = 0; g < b.kvHeads; g++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kv_head", g);
            int[] qs = new int[group];
            for (int i = 0; i < group; i++) {
                qs[i] = g * group + i;
            }
            e.put("query_heads", qs);
            gqa.add(e);
        }
        m.put("gqa", gqa);
        List<Object> layers = new ArrayList<>();
        for (int li = 0; li < b.layers.size(); li++) {
            LayerTensors t = b.layers.get(li);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("layer", t.layer());
            l.put("window", t.window());
            List<Object> heads = new ArrayList<>();
            for (int h : b.detailed ? shownHeads() : allHeads()) {
                HeadSummary s = summaries.get(li).get(h);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("head", h);
                e.put("kv_head", s.kvHead());
                e.put("mean_entropy", s.meanEntropy());
                e.put("mean_first_share", s.meanFirstShare());
                e.put("entropy", s.entropy());
                e.put("strongest", s.strongest());
                e.put("first_share", s.firstShare());
                if (b.detailed) {
                    e.put("attn_scores", rows(t.scores(), h));
                    e.put("attn_weights", rows(t.weights(), h));
                    if (noRopeWeights.get(li) != null) {
                        e.put("no_rope_scores", rows(t.noRopeScores(), h));
                        e.put("no_rope_weights", rows(noRopeWeights.get(li), h));
                    }
                }
                heads.add(e);
            }
            l.put("heads", heads);
            layers.add(l);
        }
        m.put("layers", layers);
        if (b.query != null) {
            m.put("query", queryJson());
        }
        return m;
    }

    private List<Integer> allHeads() {
        List<Integer> hs = new ArrayList<>();
        for (int h = 0; h < b.heads; h++) {
            hs.add(h);
        }
        return hs;
    }

    /** Head {@code h}'s n × n matrix out of a {@code positions × heads × positions} tensor, as rows. */
    private List<float[]> rows(float[] tensor, int h) {
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int o = (i * b.heads + h) * n;
            rows.add(Arrays.copyOfRange(tensor, o, o + n));
        }
        return rows;
    }

    private Map<String, Object> queryJson() {
        LayerTensors t = b.layers.get(0);
        int i = b.query;
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("layer", t.layer());
        q.put("position", i);
        List<Object> heads = new ArrayList<>();
        for (int h : shownHeads()) {
            Map<String, Object> e = new LinkedHashMap<>();
            int o = (i * b.heads + h) * n;
            e.put("head", h);
            e.put("kv_head", h / group);
            e.put("scores", Arrays.copyOfRange(t.scores(), o, o + i + 1));
            e.put("weights", Arrays.copyOfRange(t.weights(), o, o + i + 1));
            if (noRopeWeights.get(0) != null) {
                e.put("no_rope_weights", Arrays.copyOfRange(noRopeWeights.get(0), o, o + i + 1));
            }
            int out = (i * b.heads + h) * b.valueDim;
            e.put("output", Arrays.copyOfRange(t.kqvOut(), out, out + b.valueDim));
            heads.add(e);
        }
        q.put("heads", heads);
        return q;
    }

    /** CSV: one row per (layer, head, query) with the summary numbers. */
    @Override
    public Table toTable() {
        Table t = new Table().right("layer", "head", "kv_head", "query").left("piece")
                .right("entropy", "strongest", "first_share");
        for (int li = 0; li < b.layers.size(); li++) {
            for (HeadSummary s : summaries.get(li)) {
                for (int i = 0; i < n; i++) {
                    t.row(b.layers.get(li).layer(), s.head(), s.kvHead(), i, text(b.pieces.get(i)), s.entropy()[i],
                            s.strongest()[i], s.firstShare()[i]);
                }
            }
        }
        return t;
    }

    // ---- text ----------------------------------------------------------------------------------------------

    @Override
    public void writeText(TextOut out) {
        out.heading(Units.plural(n, "token") + " · " + Units.plural(b.heads, "query head") + ", "
                + Units.plural(b.kvHeads, "KV head") + ", head_dim " + b.headDim
                + " · score = q·k × " + Cells.number(b.scale));
        for (String line : gqaLines(out.width())) {
            out.line(line);
        }
        if (!b.detailed) {
            writeSummary(out);
            return;
        }
        LayerTensors t = b.layers.get(0);
        chooseWindow(out.width());
        out.line();
        if (from > 0 || to < n - 1) {
            out.line("showing positions " + from + "–" + to + " of 0–" + (n - 1) + " (--from/--to for others)");
        }
        out.heading("layer " + t.layer() + ": " + (t.window() > 0
                ? "sliding window of " + t.window() + " tokens (older keys are masked too)"
                : "full causal attention (each token sees itself and the tokens before it)"));
        for (int h : shownHeads()) {
            writeHead(out, t, h);
        }
        if (b.query != null) {
            for (int h : shownHeads()) {
                out.line();
                writeQuery(out, t, h);
            }
        }
    }

    /** Which query heads share each KV head, folded to the terminal's width. */
    private List<String> gqaLines(int width) {
        if (group == 1) {
            return List.of("each query head has its own KV head (no grouped-query attention)");
        }
        List<String> lines = new ArrayList<>();
        // One KV head for all query heads is multi-query attention, as kv-cost calls it; several are GQA.
        StringBuilder line = new StringBuilder((b.kvHeads == 1 ? "MQA" : "GQA") + ", " + group
                + " query heads per KV head:");
        for (int g = 0; g < b.kvHeads; g++) {
            String part = "kv " + g + " ← q " + g * group + (group == 2 ? "," : "–") + (g * group + group - 1);
            if (line.length() + 3 + part.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(" ");
            } else if (g > 0) {
                line.append(" ·");
            }
            line.append(' ').append(part);
        }
        lines.add(line.toString());
        return lines;
    }

    private void writeSummary(TextOut out) {
        out.line();
        out.heading("every head: mean entropy of its weights (nats), mean share on the first token,");
        out.heading("and the key the last token weighs most (--layer L for the heatmaps)");
        Table table = new Table().right("layer", "head", "kv", "window", "entropy", "first").left("")
                .right("last →").left("piece").right("weight");
        int last = n - 1;
        for (int li = 0; li < b.layers.size(); li++) {
            LayerTensors t = b.layers.get(li);
            for (HeadSummary s : summaries.get(li)) {
                int key = s.strongest()[last];
                table.row(s.head() == 0 ? t.layer() : "", s.head(), s.kvHead(),
                        t.window() > 0 ? Integer.toString(t.window()) : "full", Cells.fixed(s.meanEntropy(), 2),
                        percent(s.meanFirstShare()), Pictures.bar(s.meanFirstShare(), 8), key,
                        Visible.bytes(b.pieces.get(key)), percent(t.weights()[(last * b.heads + s.head()) * n + key]));
            }
        }
        out.table(table);
    }

    /** --from/--to, or by default the last positions whose matrices fit {@code width} columns. */
    private void chooseWindow(int width) {
        to = b.to != null ? Math.min(b.to, n - 1) : n - 1;
        if (b.from != null) {
            from = Math.min(b.from, to);
            return;
        }
        int label = 0;
        for (int i = 0; i < n; i++) {
            label = Math.max(label, DisplayWidth.of(label(i)));
        }
        // A table of numbers (scores with --head, weights with --numbers) takes about 8 columns a position.
        int perPosition = b.head != null || b.numbers ? 8 : 2;
        int fit = Math.max(1, (width - label - 1) / perPosition);
        from = Math.max(0, to - fit + 1);
    }

    private void writeHead(TextOut out, LayerTensors t, int h) {
        HeadSummary s = summaries.get(0).get(h);
        out.line();
        out.heading("head " + h + " (KV head " + s.kvHead() + "): mean entropy " + Cells.fixed(s.meanEntropy(), 2)
                + " nats, " + percent(s.meanFirstShare()) + " on the first token");
        writeMatrix(out, t.weights(), h, 0, 1);
        if (noRopeWeights.get(0) != null) {
            HeadSummary w = HeadSummary.of(noRopeWeights.get(0), n, b.heads, h, h / group);
            out.line("what-if without RoPE (not what the model computes): mean entropy "
                    + Cells.fixed(w.meanEntropy(), 2));
            writeMatrix(out, noRopeWeights.get(0), h, 0, 1);
        }
        if (b.head == null) {
            return;
        }
        out.line("scaled scores q·k × " + Cells.number(b.scale) + " (· = masked)");
        Table scores = labelledTable();
        for (int i = from; i <= to; i++) {
            List<Object> cells = new ArrayList<>(List.of(label(i)));
            for (int j = from; j <= to; j++) {
                float v = t.scores()[(i * b.heads + h) * n + j];
                cells.add(Float.isFinite(v) ? Cells.fixed(v, 2) : "·");
            }
            scores.row(cells.toArray());
        }
        out.table(scores);
        out.line("per query: the key it weighs most");
        Table q = new Table().right("pos").left("piece").right("→ key").left("piece").right("weight", "entropy",
                "first");
        for (int i = from; i <= to; i++) {
            int key = s.strongest()[i];
            q.row(i, Visible.bytes(b.pieces.get(i)), key, Visible.bytes(b.pieces.get(key)),
                    percent(t.weights()[(i * b.heads + h) * n + key]), Cells.fixed(s.entropy()[i], 2),
                    percent(s.firstShare()[i]));
        }
        out.table(q);
    }

    private void writeMatrix(TextOut out, float[] tensor, int h, double min, double max) {
        if (!b.numbers) {
            List<String> labels = new ArrayList<>();
            for (int i = from; i <= to; i++) {
                labels.add(label(i));
            }
            Matrix window = Matrix.rowMajor(headRows(tensor, h), to - from + 1);
            for (String line : Heatmap.draw(window, labels, from, min, max, out.style())) {
                out.line(line);
            }
            return;
        }
        Table t = labelledTable();
        for (int i = from; i <= to; i++) {
            List<Object> cells = new ArrayList<>(List.of(label(i)));
            for (int j = from; j <= to; j++) {
                cells.add(j > i ? "·" : Cells.fixed(tensor[(i * b.heads + h) * n + j], 2));
            }
            t.row(cells.toArray());
        }
        out.table(t);
    }

    /** Head h's weights with masked entries made NaN, so that the heatmap draws them as dots. */
    private float[] headRows(float[] tensor, int h) {
        int w = to - from + 1;
        float[] rows = new float[w * w];
        for (int i = from; i <= to; i++) {
            for (int j = from; j <= to; j++) {
                float score = b.layers.get(0).scores() != null ? b.layers.get(0).scores()[(i * b.heads + h) * n + j]
                        : (j > i ? Float.NEGATIVE_INFINITY : 0);
                rows[(i - from) * w + j - from] = score == Float.NEGATIVE_INFINITY ? Float.NaN
                        : tensor[(i * b.heads + h) * n + j];
            }
        }
        return rows;
    }

    private Table labelledTable() {
        Table t = new Table().left("token");
        for (int j = from; j <= to; j++) {
            t.right(Integer.toString(j));
        }
        return t;
    }

    private void writeQuery(TextOut out, LayerTensors t, int h) {
        int i = b.query;
        int o = (i * b.heads + h) * n;
        out.heading("query " + label(i) + " · layer " + t.layer() + " · head " + h + " (KV head " + h / group + ")");
        out.line("1. q·k: its query with the key of every token it sees; × " + Cells.number(b.scale) + " = the score");
        out.line("2. softmax over the scores = the weights (they sum to 100 %)");
        float[] noRope = noRopeWeights.get(0);
        Table table = new Table().right("key").left("piece").right("q·k", "score", "weight").left("");
        if (noRope != null) {
            table.right("no RoPE");
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) {
            float score = t.scores()[o + j];
            float w = t.weights()[o + j];
            sum += w;
            List<Object> cells = new ArrayList<>(List.of(j, Visible.bytes(b.pieces.get(j))));
            if (Float.isFinite(score)) {
                cells.add(Cells.fixed(score / b.scale, 3));
                cells.add(Cells.fixed(score, 3));
            } else {
                cells.add("masked");
                cells.add("·");
            }
            cells.add(percent(w));
            cells.add(Pictures.bar(w, BAR_WIDTH));
            if (noRope != null) {
                cells.add(percent(noRope[o + j]));
            }
            table.row(cells.toArray());
        }
        out.table(table);
        out.line("   Σ weights = " + Cells.fixed(100 * sum, 2) + " %");
        writeMix(out, t, h, o);
    }

    /** Step 3: the head's output is the weights' mix of the value vectors; the largest terms and the result. */
    private void writeMix(TextOut out, LayerTensors t, int h, int o) {
        int i = b.query;
        int dims = Math.min(MIX_DIMS, b.valueDim);
        int kvHead = h / group;
        out.line("3. output = Σ weight × v[key] (values of KV head " + kvHead + "; first " + dims + " of "
                + b.valueDim + " dims)");
        Integer[] keys = new Integer[i + 1];
        for (int j = 0; j <= i; j++) {
            keys[j] = j;
        }
        Arrays.sort(keys, (a, c) -> Float.compare(t.weights()[o + c], t.weights()[o + a]));
        for (int r = 0; r < Math.min(MIX_KEYS, keys.length); r++) {
            int j = keys[r];
            int v = (j * b.kvHeads + kvHead) * b.valueDim;
            out.line("   " + percent(t.weights()[o + j]) + " × v[" + label(j) + "] = "
                    + vector(Arrays.copyOfRange(t.v(), v, v + dims)));
        }
        if (keys.length > MIX_KEYS) {
            out.line("   … + " + (keys.length - MIX_KEYS) + " more keys");
        }
        int out0 = (i * b.heads + h) * b.valueDim;
        out.line("   = " + vector(Arrays.copyOfRange(t.kqvOut(), out0, out0 + dims)) + "  (blk." + t.layer()
                + ".kqv_out)");
        out.line("   all heads' outputs, concatenated, go through the output matrix: attn_out");
    }

    private static String vector(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < v.length; d++) {
            sb.append(d == 0 ? "" : ", ").append(Cells.fixed(v[d], 3));
        }
        return sb.append(", …]").toString();
    }

    private String label(int i) {
        return i + " " + Visible.bytes(b.pieces.get(i));
    }

    private static String percent(double share) {
        return Cells.fixed(100 * share, 1) + " %";
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
