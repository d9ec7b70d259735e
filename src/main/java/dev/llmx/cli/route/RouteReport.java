package dev.llmx.cli.route;

import dev.llmx.render.Cells;
import dev.llmx.render.DisplayWidth;
import dev.llmx.render.Heatmap;
import dev.llmx.render.Matrix;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Visible;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What {@code llmx route} prints: the experts the router chose for each token at each layer, with their weights,
 * and how often each expert was chosen per layer over the whole text. JSON in docs/route.md.
 */
public final class RouteReport implements Report {
    private final int[] tokens;
    private final byte[][] pieces;
    private final int layers;
    private final int experts;
    private final int used;
    private final String gating;
    private final int[] chosen;
    private final float[] weights;
    private final int shownTokens;
    /** counts[layer][expert]: tokens that chose the expert at the layer. */
    private final int[][] counts;

    /**
     * @param chosen      positions × layers × used expert ids, highest weight first ({@link RouteCapture})
     * @param shownTokens how many tokens the text view's grid shows (the first ones); JSON and CSV have all
     */
    public RouteReport(int[] tokens, IntFunction<byte[]> bytes, int layers, int experts, int used, String gating,
                       int[] chosen, float[] weights, int shownTokens) {
        this.tokens = tokens.clone();
        this.pieces = new byte[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            pieces[i] = bytes.apply(tokens[i]);
        }
        this.layers = layers;
        this.experts = experts;
        this.used = used;
        this.gating = gating;
        this.chosen = chosen;
        this.weights = weights;
        this.shownTokens = Math.min(shownTokens, tokens.length);
        this.counts = new int[layers][experts];
        for (int p = 0; p < tokens.length; p++) {
            for (int l = 0; l < layers; l++) {
                for (int j = 0; j < used; j++) {
                    counts[l][chosen[at(p, l) + j]]++;
                }
            }
        }
    }

    private int at(int position, int layer) {
        return (position * layers + layer) * used;
    }

    /** The share of the text's tokens that chose {@code expert} at {@code layer}. */
    double share(int layer, int expert) {
        return tokens.length == 0 ? 0 : (double) counts[layer][expert] / tokens.length;
    }

    /** Each layer's share of tokens per expert: layers × experts (the usage heatmap's values). */
    public float[][] usageShares() {
        float[][] m = new float[counts.length][];
        for (int l = 0; l < counts.length; l++) {
            m[l] = new float[counts[l].length];
            for (int e = 0; e < m[l].length; e++) {
                m[l][e] = (float) share(l, e);
            }
        }
        return m;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", tokens);
        m.put("n_layers", layers);
        m.put("n_expert", experts);
        m.put("n_expert_used", used);
        m.put("gating", gating);
        List<Object> ts = new ArrayList<>();
        for (int p = 0; p < tokens.length; p++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("position", p);
            t.put("id", tokens[p]);
            t.put("piece", text(pieces[p]));
            List<Object> ls = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                Map<String, Object> e = new LinkedHashMap<>();
                int[] ids = new int[used];
                float[] w = new float[used];
                for (int j = 0; j < used; j++) {
                    ids[j] = chosen[at(p, l) + j];
                    w[j] = weights[at(p, l) + j];
                }
                e.put("experts", ids);
                e.put("weights", w);
                ls.add(e);
            }
            t.put("layers", ls);
            ts.add(t);
        }
        m.put("tokens", ts);
        List<Object> usage = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("layer", l);
            u.put("counts", counts[l].clone());
            usage.add(u);
        }
        m.put("usage", usage);
        return m;
    }

    /**
     * CSV, long form: a {@code route} row per token, layer and chosen expert (its weight), then a {@code usage} row
     * per layer and expert (how many tokens chose it, and that as a share of the text).
     */
    @Override
    public Table toTable() {
        Table t = new Table().left("kind").right("layer", "position", "token_id").left("piece")
                .right("rank", "expert", "weight", "tokens");
        for (int p = 0; p < tokens.length; p++) {
            for (int l = 0; l < layers; l++) {
                for (int j = 0; j < used; j++) {
                    t.row("route", l, p, tokens[p], text(pieces[p]), j, chosen[at(p, l) + j], weights[at(p, l) + j],
                            "");
                }
            }
        }
        for (int l = 0; l < layers; l++) {
            for (int e = 0; e < experts; e++) {
                t.row("usage", l, "", "", "", "", e, share(l, e), counts[l][e]);
            }
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        out.heading("routing: " + used + " of " + experts + " experts per token (" + gating + ")");
        out.line(tokens.length + " tokens through " + layers + " layers");
        out.line();
        if (shownTokens > 0) {
            grid(out);
        }
        usage(out);
    }

    /** Token × layer: "#e weight" of each chosen expert; layers in blocks that fit the terminal's width. */
    private void grid(TextOut out) {
        out.heading("experts per token and layer (#id weight)");
        if (shownTokens < tokens.length) {
            out.line("the first " + shownTokens + " of " + tokens.length + " tokens (--show N)");
        }
        String[] labels = new String[shownTokens];
        int labelWidth = 0;
        for (int p = 0; p < shownTokens; p++) {
            labels[p] = "'" + Visible.bytes(pieces[p]) + "'";
            labelWidth = Math.max(labelWidth, DisplayWidth.of(labels[p]));
        }
        int cellWidth = used * 9;
        int perBlock = Math.max(1, (out.width() - 6 - Math.min(labelWidth, 20) - 2) / (cellWidth + 2));
        for (int from = 0; from < layers; from += perBlock) {
            int to = Math.min(layers, from + perBlock);
            Table t = new Table().right("pos").left("token");
            for (int l = from; l < to; l++) {
                t.left("layer " + l);
            }
            for (int p = 0; p < shownTokens; p++) {
                Object[] row = new Object[2 + to - from];
                row[0] = p;
                row[1] = labels[p];
                for (int l = from; l < to; l++) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < used; j++) {
                        sb.append(j == 0 ? "" : " ").append('#').append(chosen[at(p, l) + j]).append(' ')
                                .append(Cells.fixed(weights[at(p, l) + j], 2));
                    }
                    row[2 + l - from] = sb.toString();
                }
                t.row(row);
            }
            out.table(t);
            out.line();
        }
    }

    /** Layer × expert heatmap of the share of tokens that chose each expert, experts in blocks that fit. */
    private void usage(TextOut out) {
        out.heading("expert usage per layer (share of tokens)");
        out.line("an even spread is " + Cells.fixed(100.0 * used / experts, 1) + " % per expert");
        List<String> labels = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            labels.add("layer " + l);
        }
        int labelWidth = ("layer " + (layers - 1)).length();
        int perBlock = Math.max(1, (out.width() - labelWidth - 1) / 2);
        double max = 0;
        for (int l = 0; l < layers; l++) {
            for (int e = 0; e < experts; e++) {
                max = Math.max(max, share(l, e));
            }
        }
        for (int from = 0; from < experts; from += perBlock) {
            int first = from;
            int cols = Math.min(experts - from, perBlock);
            Matrix block = new Matrix() {
                @Override
                public int rows() {
                    return layers;
                }

                @Override
                public int cols() {
                    return cols;
                }

                @Override
                public double get(int row, int col) {
                    return share(row, first + col);
                }
            };
            for (String line : Heatmap.draw(block, labels, first, 0, max, out.style())) {
                out.line(line);
            }
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
