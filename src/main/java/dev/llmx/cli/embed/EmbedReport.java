package dev.llmx.cli.embed;

import dev.llmx.embed.EmbeddingSpace;
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
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What {@code llmx embed} prints: the prompt tokens' rows of {@code token_embd}, their cosine similarities, and
 * optionally each token's nearest vocabulary tokens and the result of an analogy. JSON in docs/embed.md.
 */
public final class EmbedReport implements Report {
    /** Values per row in JSON without --full, and at most in the table view (fewer when the terminal is narrow). */
    private static final int SHOWN_VALUES = 8;
    /** Columns a value takes in the table view, the gap included. */
    private static final int VALUE_COLUMNS = 8;
    /** Dimensions drawn in the sparkline column. */
    private static final int SPARK_DIMS = 24;
    /** Values per line when --full prints whole rows. */
    private static final int VALUES_PER_LINE = 8;
    private static final int BAR_WIDTH = 12;

    /** A word of an analogy with its sign and the tokens it became. */
    public record AnalogyTerm(int sign, String text, int[] ids) {
    }

    private record Analogy(String expression, List<AnalogyTerm> terms, List<EmbeddingSpace.Neighbour> results) {
    }

    /** Collects the parts of the report as the command computes them. */
    public static final class Builder {
        private final String type;
        private final int vocab;
        private final int width;
        private final float scale;
        private final IntFunction<byte[]> pieces;
        private final boolean full;
        private final boolean numbers;
        private int[] ids = new int[0];
        private float[][] rows = new float[0][];
        private List<List<EmbeddingSpace.Neighbour>> nearest;
        private Analogy analogy;

        public Builder(String type, int vocab, int width, float scale, IntFunction<byte[]> pieces, boolean full,
                       boolean numbers) {
            this.type = type;
            this.vocab = vocab;
            this.width = width;
            this.scale = scale;
            this.pieces = pieces;
            this.full = full;
            this.numbers = numbers;
        }

        public Builder prompt(int[] ids, float[][] rows) {
            this.ids = ids.clone();
            this.rows = rows.clone();
            return this;
        }

        public Builder nearest(List<List<EmbeddingSpace.Neighbour>> nearest) {
            this.nearest = nearest;
            return this;
        }

        public Builder analogy(String expression, List<AnalogyTerm> terms, List<EmbeddingSpace.Neighbour> results) {
            this.analogy = new Analogy(expression, List.copyOf(terms), List.copyOf(results));
            return this;
        }

        public EmbedReport build() {
            return new EmbedReport(this);
        }
    }

    private final Builder b;
    private final float[][] similarity;

    private EmbedReport(Builder b) {
        this.b = b;
        int n = b.ids.length;
        similarity = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                similarity[i][j] = (float) EmbeddingSpace.cosine(b.rows[i], b.rows[j]);
            }
        }
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> tensor = new LinkedHashMap<>();
        tensor.put("name", "token_embd");
        tensor.put("type", b.type);
        // GGUF (ggml) order, as inspect, llama.cpp's loader and gguf-py list it: [n_embd, n_vocab], row length first.
        tensor.put("shape", new int[] {b.width, b.vocab});
        tensor.put("scale", (double) b.scale);
        m.put("tensor", tensor);
        m.put("prompt_tokens", b.ids);
        List<Object> tokens = new ArrayList<>();
        for (int i = 0; i < b.ids.length; i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("position", i);
            t.put("id", b.ids[i]);
            t.put("piece", piece(b.ids[i]));
            t.put("norm", EmbeddingSpace.norm(b.rows[i]));
            t.put("values", b.full ? b.rows[i] : Arrays.copyOf(b.rows[i], Math.min(SHOWN_VALUES, b.width)));
            if (b.nearest != null) {
                t.put("nearest", neighbours(b.nearest.get(i)));
            }
            tokens.add(t);
        }
        m.put("tokens", tokens);
        m.put("similarity", List.of(similarity));
        if (b.analogy != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("expression", b.analogy.expression());
            List<Object> terms = new ArrayList<>();
            for (AnalogyTerm t : b.analogy.terms()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("sign", t.sign());
                e.put("text", t.text());
                e.put("ids", t.ids());
                List<String> ps = new ArrayList<>();
                for (int id : t.ids()) {
                    ps.add(piece(id));
                }
                e.put("pieces", ps);
                terms.add(e);
            }
            a.put("terms", terms);
            a.put("results", neighbours(b.analogy.results()));
            m.put("analogy", a);
        }
        return m;
    }

    private List<Object> neighbours(List<EmbeddingSpace.Neighbour> list) {
        List<Object> out = new ArrayList<>();
        for (EmbeddingSpace.Neighbour n : list) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", n.id());
            e.put("piece", piece(n.id()));
            e.put("cosine", (float) n.cosine());
            out.add(e);
        }
        return out;
    }

    /**
     * CSV: one row per prompt token with its norm and every value of its row, and with --nearest its k nearest
     * tokens as columns (nearest_1_id, nearest_1_piece, nearest_1_cosine, …); with --analogy one more row per result,
     * whose analogy_rank and analogy_cosine are filled and whose position is empty. Every result of the table and
     * JSON views is here.
     */
    @Override
    public Table toTable() {
        int k = b.nearest == null ? 0 : b.nearest.stream().mapToInt(List::size).max().orElse(0);
        boolean values = b.ids.length > 0;
        Table t = new Table().right("position", "id").left("piece").right("norm");
        if (values) {
            for (int d = 0; d < b.width; d++) {
                t.right("d" + d);
            }
        }
        for (int r = 1; r <= k; r++) {
            t.right("nearest_" + r + "_id").left("nearest_" + r + "_piece").right("nearest_" + r + "_cosine");
        }
        if (b.analogy != null) {
            t.right("analogy_rank", "analogy_cosine");
        }
        for (int i = 0; i < b.ids.length; i++) {
            List<Object> cells = new ArrayList<>(List.of(i, b.ids[i], piece(b.ids[i]), EmbeddingSpace.norm(b.rows[i])));
            for (float v : b.rows[i]) {
                cells.add(v);
            }
            for (int r = 0; r < k; r++) {
                List<EmbeddingSpace.Neighbour> near = b.nearest.get(i);
                if (r < near.size()) {
                    cells.addAll(List.of(near.get(r).id(), piece(near.get(r).id()), near.get(r).cosine()));
                } else {
                    cells.addAll(List.of("", "", ""));
                }
            }
            if (b.analogy != null) {
                cells.addAll(List.of("", ""));
            }
            t.row(cells.toArray());
        }
        if (b.analogy != null) {
            int rank = 1;
            for (EmbeddingSpace.Neighbour n : b.analogy.results()) {
                List<Object> cells = new ArrayList<>(List.of("", n.id(), piece(n.id()), ""));
                for (int c = 0; c < (values ? b.width : 0) + 3 * k; c++) {
                    cells.add("");
                }
                cells.addAll(List.of(rank++, n.cosine()));
                t.row(cells.toArray());
            }
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        if (b.ids.length > 0) {
            writeRows(out);
            out.line();
            writeSimilarity(out);
        }
        if (b.nearest != null) {
            out.line();
            writeNearest(out);
        }
        if (b.analogy != null) {
            if (b.ids.length > 0) {
                out.line();
            }
            writeAnalogy(out);
        }
    }

    private void writeRows(TextOut out) {
        out.heading("token_embd: " + b.width + " × " + b.vocab + " " + b.type
                + " (n_embd × n_vocab) — a token's vector is row [id]");
        out.line("a lookup, the same row in any context (context enters in the attention layers)");
        if (b.scale != 1f) {
            out.line("the model multiplies each row by " + Cells.number(b.scale) + " before the first layer");
        }
        for (String repeat : repeats()) {
            out.line(repeat);
        }
        out.line();
        int spark = Math.min(SPARK_DIMS, b.width);
        Table t = new Table().right("pos", "id").left("piece").right("norm").left("dims 0–" + (spark - 1));
        int shown = b.full ? 0 : Math.min(valuesThatFit(out.width(), spark), b.width);
        for (int d = 0; d < shown; d++) {
            t.right("d" + d);
        }
        for (int i = 0; i < b.ids.length; i++) {
            List<Object> cells = new ArrayList<>(List.of(i, b.ids[i], Visible.bytes(bytes(b.ids[i])),
                    Cells.fixed(EmbeddingSpace.norm(b.rows[i]), 3),
                    Pictures.sparkline(Arrays.copyOf(b.rows[i], spark))));
            for (int d = 0; d < shown; d++) {
                cells.add(Cells.fixed(b.rows[i][d], 3));
            }
            t.row(cells.toArray());
        }
        out.table(t);
        if (b.full) {
            for (int i = 0; i < b.ids.length; i++) {
                out.line();
                out.heading("row " + b.ids[i] + " '" + Visible.bytes(bytes(b.ids[i])) + "' (position " + i + ")");
                for (int from = 0; from < b.width; from += VALUES_PER_LINE) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5d ", from));
                    for (int d = from; d < Math.min(b.width, from + VALUES_PER_LINE); d++) {
                        line.append(String.format(Locale.ROOT, " %8.4f", b.rows[i][d]));
                    }
                    out.line(line.toString());
                }
            }
        }
    }

    /** Values that fit beside pos, id, piece, norm and the sparkline in {@code width} columns: 2 to 8. */
    private int valuesThatFit(int width, int spark) {
        int piece = 5;
        for (int id : b.ids) {
            piece = Math.max(piece, DisplayWidth.of(Visible.bytes(bytes(id))));
        }
        int used = 3 + 2 + Math.max(2, Integer.toString(b.vocab).length()) + 2 + piece + 2 + 6 + 2
                + Math.max(spark, 9);
        return Math.max(2, Math.min(SHOWN_VALUES, (width - used) / VALUE_COLUMNS));
    }

    /** Lines pointing out prompt tokens that share an id: their rows are identical, whatever surrounds them. */
    private List<String> repeats() {
        List<String> lines = new ArrayList<>();
        Map<Integer, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < b.ids.length; i++) {
            positions.computeIfAbsent(b.ids[i], k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Integer, List<Integer>> e : positions.entrySet()) {
            if (e.getValue().size() > 1) {
                lines.add("positions " + e.getValue() + " are all token " + e.getKey() + " '"
                        + Visible.bytes(bytes(e.getKey())) + "': identical rows");
            }
        }
        return lines;
    }

    private void writeSimilarity(TextOut out) {
        out.heading("cosine similarity of the rows (1 same direction, 0 unrelated, −1 opposite)");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < b.ids.length; i++) {
            labels.add(i + " " + Visible.bytes(bytes(b.ids[i])));
        }
        if (!b.numbers) {
            out.heatmap(Matrix.of(similarity), labels, -1, 1);
            out.line("(--numbers for the values)");
            return;
        }
        Table t = new Table().left("token");
        for (int j = 0; j < b.ids.length; j++) {
            t.right(Integer.toString(j));
        }
        for (int i = 0; i < b.ids.length; i++) {
            List<Object> cells = new ArrayList<>(List.of(labels.get(i)));
            for (int j = 0; j < b.ids.length; j++) {
                cells.add(Cells.fixed(similarity[i][j], 2));
            }
            t.row(cells.toArray());
        }
        out.table(t);
    }

    private void writeNearest(TextOut out) {
        out.heading("nearest tokens by cosine similarity over all " + b.vocab + " rows");
        Table t = new Table().right("pos").left("piece").right("rank", "id").left("nearest").right("cosine").left("");
        for (int i = 0; i < b.ids.length; i++) {
            int rank = 1;
            for (EmbeddingSpace.Neighbour n : b.nearest.get(i)) {
                t.row(rank == 1 ? i : "", rank == 1 ? Visible.bytes(bytes(b.ids[i])) : "", rank, n.id(),
                        Visible.bytes(bytes(n.id())), Cells.fixed(n.cosine(), 3),
                        Pictures.bar(Math.max(0, n.cosine()), BAR_WIDTH));
                rank++;
            }
        }
        out.table(t);
    }

    private void writeAnalogy(TextOut out) {
        StringBuilder sum = new StringBuilder();
        for (AnalogyTerm t : b.analogy.terms()) {
            sum.append(sum.length() == 0 ? (t.sign() < 0 ? "−" : "") : (t.sign() < 0 ? " − " : " + "));
            StringBuilder rows = new StringBuilder();
            for (int id : t.ids()) {
                rows.append(rows.length() == 0 ? "" : ",").append(id);
            }
            sum.append(t.ids().length == 1 ? "row " : "mean of rows ").append(rows);
            sum.append(" '").append(Visible.text(t.text())).append("'");
        }
        out.heading("analogy: " + b.analogy.expression());
        out.line("= " + sum);
        out.line("nearest tokens to the result (the words' own tokens left out):");
        Table t = new Table().right("rank", "id").left("piece").right("cosine").left("");
        int rank = 1;
        for (EmbeddingSpace.Neighbour n : b.analogy.results()) {
            t.row(rank++, n.id(), Visible.bytes(bytes(n.id())), Cells.fixed(n.cosine(), 3),
                    Pictures.bar(Math.max(0, n.cosine()), BAR_WIDTH));
        }
        out.table(t);
    }

    private byte[] bytes(int id) {
        return b.pieces.apply(id);
    }

    private String piece(int id) {
        return new String(bytes(id), StandardCharsets.UTF_8);
    }
}
