package dev.llmx.cli.layers;

import dev.llmx.embed.EmbeddingSpace;
import dev.llmx.logits.Distribution;
import dev.llmx.render.Cells;
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
import java.util.function.IntFunction;

/**
 * What {@code llmx layers} prints: one token's residual stream through the layers (norms, what attention and the
 * FFN added, the most active FFN neurons) and the logit lens at each layer. JSON in docs/layers.md.
 */
public final class LayersReport implements Report {
    private static final int BAR_WIDTH = 12;

    /** An FFN neuron: its index in the hidden layer and its value after the activation (times the up projection). */
    public record Neuron(int index, float value) {
    }

    /** An expert the router chose for the token, with its weight in the mixture. */
    public record Expert(int id, float weight) {
    }

    /** A token of the logit lens. */
    public record LensToken(int id, byte[] bytes, float logit, double prob) {
    }

    /** One layer of the stream at the followed position. */
    public record Layer(int layer, double attnOutNorm, double residMidNorm, double ffnOutNorm, double residOutNorm,
                        List<Neuron> neurons, List<Expert> experts, List<LensToken> lens) {
    }

    /** The tracked token at one layer of the lens. */
    public record Tracked(int layer, int rank, double prob, float logit) {
    }

    /** Where token {@code id} stands in layer {@code l}'s lens logits. */
    public static Tracked tracked(int l, float[] lensLogits, int id) {
        Distribution d = Distribution.of(lensLogits);
        return new Tracked(l, d.rank(id), d.prob(id), d.logit(id));
    }

    /**
     * Summarises layer {@code l} from the probed rows and its logit-lens logits. A dense layer has {@code ffnAct}
     * (its neurons are ranked), a mixture of experts {@code expertIds} and {@code expertWeights} instead.
     */
    public static Layer layer(int l, float[] attnOut, float[] residMid, float[] ffnAct, float[] expertIds,
                              float[] expertWeights, float[] ffnOut, float[] residOut, float[] lensLogits, int top,
                              IntFunction<byte[]> bytes) {
        List<Neuron> neurons = new ArrayList<>();
        if (ffnAct != null) {
            Integer[] order = new Integer[ffnAct.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Float.compare(Math.abs(ffnAct[b]), Math.abs(ffnAct[a])));
            for (int i = 0; i < Math.min(top, order.length); i++) {
                neurons.add(new Neuron(order[i], ffnAct[order[i]]));
            }
        }
        List<Expert> experts = new ArrayList<>();
        if (expertIds != null) {
            for (int i = 0; i < expertIds.length; i++) {
                experts.add(new Expert((int) expertIds[i], expertWeights[i]));
            }
        }
        Distribution d = Distribution.of(lensLogits);
        List<LensToken> lens = new ArrayList<>();
        for (int id : d.top(top)) {
            lens.add(new LensToken(id, bytes.apply(id), d.logit(id), d.prob(id)));
        }
        return new Layer(l, EmbeddingSpace.norm(attnOut), EmbeddingSpace.norm(residMid), EmbeddingSpace.norm(ffnOut),
                EmbeddingSpace.norm(residOut), neurons, experts, lens);
    }

    private final int[] tokens;
    private final int position;
    private final byte[] piece;
    private final String activation;
    private final double embeddingNorm;
    private final List<Layer> layers;
    private int trackId = -1;
    private byte[] trackBytes;
    private List<Tracked> trail = List.of();

    public LayersReport(int[] tokens, int position, byte[] piece, String activation, float[] embedding,
                        List<Layer> layers) {
        this.tokens = tokens.clone();
        this.position = position;
        this.piece = piece.clone();
        this.activation = activation;
        this.embeddingNorm = EmbeddingSpace.norm(embedding);
        this.layers = List.copyOf(layers);
    }

    /** This report with token {@code id} followed through the lens. */
    public LayersReport withTrack(int id, byte[] bytes, List<Tracked> trail) {
        this.trackId = id;
        this.trackBytes = bytes.clone();
        this.trail = List.copyOf(trail);
        return this;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt_tokens", tokens);
        m.put("position", position);
        m.put("token_id", tokens[position]);
        m.put("piece", text(piece));
        m.put("activation", activation);
        m.put("embedding_norm", embeddingNorm);
        List<Object> ls = new ArrayList<>();
        for (Layer l : layers) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("layer", l.layer());
            e.put("attn_out_norm", l.attnOutNorm());
            e.put("resid_mid_norm", l.residMidNorm());
            e.put("ffn_out_norm", l.ffnOutNorm());
            e.put("resid_out_norm", l.residOutNorm());
            List<Object> neurons = new ArrayList<>();
            for (Neuron n : l.neurons()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("index", n.index());
                x.put("value", n.value());
                neurons.add(x);
            }
            e.put("top_neurons", neurons);
            List<Object> experts = new ArrayList<>();
            for (Expert x : l.experts()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", x.id());
                o.put("weight", x.weight());
                experts.add(o);
            }
            e.put("experts", experts);
            List<Object> lens = new ArrayList<>();
            for (LensToken t : l.lens()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", t.id());
                x.put("piece", text(t.bytes()));
                x.put("logit", t.logit());
                x.put("prob", t.prob());
                lens.add(x);
            }
            e.put("logit_lens", lens);
            ls.add(e);
        }
        m.put("layers", ls);
        if (trackId >= 0) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", trackId);
            t.put("piece", text(trackBytes));
            List<Object> rows = new ArrayList<>();
            for (Tracked x : trail) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("layer", x.layer());
                r.put("rank", x.rank());
                r.put("prob", x.prob());
                r.put("logit", x.logit());
                rows.add(r);
            }
            t.put("layers", rows);
            m.put("track", t);
        }
        return m;
    }

    /** CSV: one row per layer with the norms and the lens's top token. */
    @Override
    public Table toTable() {
        Table t = new Table().right("layer", "attn_out_norm", "resid_mid_norm", "ffn_out_norm", "resid_out_norm",
                "lens_id").left("lens_piece").right("lens_prob").left("experts");
        if (trackId >= 0) {
            t.right("track_id", "track_rank", "track_prob");
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            LensToken top = l.lens().get(0);
            if (trackId >= 0) {
                Tracked x = trail.get(i);
                t.row(l.layer(), l.attnOutNorm(), l.residMidNorm(), l.ffnOutNorm(), l.residOutNorm(), top.id(),
                        text(top.bytes()), top.prob(), expertList(l, " "), trackId, x.rank(), x.prob());
            } else {
                t.row(l.layer(), l.attnOutNorm(), l.residMidNorm(), l.ffnOutNorm(), l.residOutNorm(), top.id(),
                        text(top.bytes()), top.prob(), expertList(l, " "));
            }
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        out.heading("position " + position + " (token " + tokens[position] + " '" + Visible.bytes(piece)
                + "') through the layers; embedding norm " + Cells.fixed(embeddingNorm, 3));
        out.line();
        out.heading("residual stream: x + attention → x + FFN → next layer (L2 norms)");
        double max = embeddingNorm;
        for (Layer l : layers) {
            max = Math.max(max, Math.max(l.residOutNorm(), Math.max(l.attnOutNorm(), l.ffnOutNorm())));
        }
        Table t = new Table().right("layer", "+attn", "+ffn", "‖x‖ out").left("");
        for (Layer l : layers) {
            t.row(l.layer(), Cells.fixed(l.attnOutNorm(), 3), Cells.fixed(l.ffnOutNorm(), 3),
                    Cells.fixed(l.residOutNorm(), 3), Pictures.bar(l.residOutNorm() / max, BAR_WIDTH));
        }
        out.table(t);
        out.line();
        boolean moe = layers.stream().anyMatch(l -> !l.experts().isEmpty());
        if (moe) {
            out.heading("experts the router chose for this token (weight in the mixture)");
            Table e = new Table().right("layer").left("experts");
            for (Layer l : layers) {
                e.row(l.layer(), expertList(l, "  "));
            }
            out.table(e);
            out.line();
        }
        if (layers.stream().anyMatch(l -> !l.neurons().isEmpty())) {
            out.heading("most active FFN neurons (after " + activation + "(gate) × up), by |value|");
            Table n = new Table().right("layer").left("neurons");
            for (Layer l : layers) {
                if (l.neurons().isEmpty()) {
                    continue; // a mixture of experts: its neurons are the chosen experts', shown above
                }
                StringBuilder sb = new StringBuilder();
                for (Neuron x : l.neurons()) {
                    sb.append(sb.length() == 0 ? "" : "  ").append('#').append(x.index()).append(' ')
                            .append(Cells.fixed(x.value(), 3));
                }
                n.row(l.layer(), sb.toString());
            }
            out.table(n);
            out.line();
        }
        out.heading("logit lens: the next token if the stream left the model after each layer");
        Table lens = new Table().right("layer").left("top tokens (probability)");
        for (Layer l : layers) {
            StringBuilder sb = new StringBuilder();
            for (LensToken x : l.lens()) {
                sb.append(sb.length() == 0 ? "" : "  ").append('\'').append(Visible.bytes(x.bytes())).append("' ")
                        .append(Cells.fixed(100 * x.prob(), 1)).append(" %");
            }
            lens.row(l.layer(), sb.toString());
        }
        out.table(lens);
        if (trackId >= 0) {
            out.line();
            out.heading("'" + Visible.bytes(trackBytes) + "' (" + trackId + ") through the lens");
            Table tr = new Table().right("layer", "rank", "prob").left("");
            for (Tracked x : trail) {
                tr.row(x.layer(), x.rank(), Cells.fixed(100 * x.prob(), 2) + " %", Pictures.bar(x.prob(), BAR_WIDTH));
            }
            out.table(tr);
        }
    }

    /** "#3 0.612  #5 0.388": each chosen expert and its weight. */
    private static String expertList(Layer l, String separator) {
        StringBuilder sb = new StringBuilder();
        for (Expert x : l.experts()) {
            sb.append(sb.length() == 0 ? "" : separator).append('#').append(x.id()).append(' ')
                    .append(Cells.fixed(x.weight(), 3));
        }
        return sb.toString();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
