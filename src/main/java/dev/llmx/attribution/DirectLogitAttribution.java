package dev.llmx.attribution;

import dev.llmx.engine.Model;
import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;
import dev.llmx.engine.Session;
import dev.llmx.engine.Stage;
import dev.llmx.logits.Distribution;
import dev.llmx.model.ModelSource;
import dev.llmx.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Direct logit attribution: how much each part of the model wrote, straight into the residual stream, toward one
 * token's logit at one position.
 *
 * <p>The residual stream leaving the last layer is a sum, {@code x = embedding + Σ_l (attn_l + ffn_l)}, and the logit
 * is {@code w_t · (g ⊙ x / rms(x))} ({@code w_t}: the token's row of the output matrix, {@code g}: the final norm's
 * weight). With {@code rms(x)} held at its value for this position — the one non-linear step, frozen, as
 * TransformerLens does — the logit is linear in {@code x}, so it splits exactly into one term per component:
 * {@code u · c} with {@code u = w_t ⊙ g / rms(x)}. The terms sum to the logit. An attention block's term splits
 * further by head, {@code (W_o^T u)[head h's slice] · z_h}, where the block's output is a plain projection of the
 * heads (no norm after it); the output projection's bias, if any, is its own term.
 */
public final class DirectLogitAttribution {
    /** One component's share of the logit; {@code heads} is empty where it does not split by head. */
    public record Component(String name, int layer, String kind, double contribution, double[] heads) {
    }

    /** The whole attribution. */
    public record Result(int position, int target, double logit, double sum, double rms, List<Component> components,
                         boolean headsAdditive, boolean hasBias) {
    }

    private DirectLogitAttribution() {
    }

    /**
     * Runs {@code tokens[0 … position]} on {@code session} (from an empty cache) and attributes the logit of
     * {@code target} after the token at {@code position}; a negative {@code target} means the model's most likely
     * next token there (decided from that same pass's logits).
     */
    public static Result compute(Session session, int[] tokens, int position, int target) {
        Model model = session.model();
        int layers = model.layerCount();
        int d = model.embeddingLength();
        Grab grab = new Grab(layers);
        session.cache().clear();
        session.prefill(Arrays.copyOf(tokens, position + 1), grab);
        session.cache().clear();
        if (target < 0) {
            target = Distribution.of(grab.logits).top(1)[0];
        }

        ModelSource source = model.source();
        float[] g = source.tensor("output_norm.weight").dequantizeRow(0);
        if (model.config().normWeightsPlusOne()) {
            for (int i = 0; i < g.length; i++) {
                g[i] += 1f;
            }
        }
        String outputName = source.findTensor("output.weight").isPresent() ? "output.weight" : "token_embd.weight";
        float[] w = source.tensor(outputName).dequantizeRow(target);
        double sumSquares = 0;
        for (float v : grab.finalResidual) {
            sumSquares += (double) v * v;
        }
        double rms = Math.sqrt(sumSquares / d + model.config().normEps());
        double[] u = new double[d];
        for (int i = 0; i < d; i++) {
            u[i] = w[i] * g[i] / rms;
        }
        List<Component> components = new ArrayList<>();
        components.add(new Component("token_embd", -1, "embedding", dot(u, grab.embedding), new double[0]));
        boolean headsAdditive = true;
        boolean hasBias = false;
        for (int l = 0; l < layers; l++) {
            double attn = dot(u, grab.attention[l]);
            double[] heads = heads(source, l, u, grab.heads[l], model.heads());
            double headSum = 0;
            for (double h : heads) {
                headSum += h;
            }
            String biasName = "blk." + l + ".attn_output.bias";
            if (source.findTensor(biasName).isPresent()) {
                float[] bias = source.tensor(biasName).dequantizeRow(0);
                double b = dot(u, bias);
                heads = Arrays.copyOf(heads, heads.length + 1);
                heads[heads.length - 1] = b;
                headSum += b;
                hasBias = true;
            }
            // Where a norm follows the projection (Gemma's post-attention norm) the heads do not add up: say so
            // rather than show numbers that do not mean what they seem to.
            if (Math.abs(headSum - attn) > 1e-3 * (Math.abs(attn) + 1)) {
                headsAdditive = false;
            }
            components.add(new Component("blk." + l + ".attn", l, "attention", attn, heads));
            components.add(new Component("blk." + l + ".ffn", l, "ffn", dot(u, grab.ffn[l]), new double[0]));
        }
        if (!headsAdditive) {
            List<Component> plain = new ArrayList<>();
            for (Component c : components) {
                plain.add(new Component(c.name(), c.layer(), c.kind(), c.contribution(), new double[0]));
            }
            components = plain;
        }
        double sum = 0;
        for (Component c : components) {
            sum += c.contribution();
        }
        return new Result(position, target, grab.logits[target], sum, rms, components, headsAdditive, hasBias);
    }

    /** Each head's term: {@code Σ_i u_i · Σ_j Wo[i, j] z[j]} over head h's columns j. */
    private static double[] heads(ModelSource source, int layer, double[] u, float[] z, int heads) {
        Tensor wo = source.tensor("blk." + layer + ".attn_output.weight");
        int width = wo.rowLength();
        double[] back = new double[width];
        float[] row = new float[width];
        for (int i = 0; i < u.length; i++) {
            wo.dequantizeRow(i, row, 0);
            for (int j = 0; j < width; j++) {
                back[j] += u[i] * row[j];
            }
        }
        int perHead = width / heads;
        double[] out = new double[heads];
        for (int h = 0; h < heads; h++) {
            double s = 0;
            for (int j = h * perHead; j < (h + 1) * perHead; j++) {
                s += back[j] * z[j];
            }
            out[h] = s;
        }
        return out;
    }

    private static double dot(double[] u, float[] x) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * x[i];
        }
        return s;
    }

    /** Copies, for the batch's last position, the tensors the attribution needs. */
    private static final class Grab implements Probe {
        final float[][] attention;
        final float[][] ffn;
        final float[][] heads;
        float[] embedding;
        float[] finalResidual;
        float[] logits;
        private final int layers;

        Grab(int layers) {
            this.layers = layers;
            attention = new float[layers][];
            ffn = new float[layers][];
            heads = new float[layers][];
        }

        @Override
        public boolean wants(String name) {
            return name.equals("token_embd") || name.equals("logits") || name.endsWith(".attn_out")
                    || name.endsWith(".ffn_out") || name.endsWith(".kqv_out")
                    || name.equals(Stage.RESID_OUT.tensorName(layers - 1));
        }

        @Override
        public void observe(ProbeTensor t) {
            int row = t.rowLength();
            float[] last = Arrays.copyOfRange(t.values(), (t.positions() - 1) * row, t.positions() * row);
            switch (t.stage()) {
                case TOKEN_EMBD -> embedding = last;
                case ATTN_OUT -> attention[t.layer()] = last;
                case FFN_OUT -> ffn[t.layer()] = last;
                case KQV_OUT -> heads[t.layer()] = last;
                case RESID_OUT -> finalResidual = last;
                case LOGITS -> logits = last;
                default -> {
                }
            }
        }
    }
}
