package dev.llmx.train;

import dev.llmx.LlmxException;
import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;
import dev.llmx.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * All trainable tensors of a llama model, F32 on the heap: a copy for training only (the engine runs the file's
 * memory-mapped weights). The list is in the order of the model file (embeddings, then each layer, then the
 * output), which is also the order the checkpoint writes.
 */
public final class Parameters {
    /** One layer's tensors. */
    public record Layer(Parameter attnNorm, Parameter q, Parameter k, Parameter v, Parameter o, Parameter ffnNorm,
                        Parameter gate, Parameter up, Parameter down) {
    }

    private final LlamaShape shape;
    private final Parameter embeddings;
    private final Layer[] layers;
    private final Parameter outputNorm;
    /** The output projection: {@link #embeddings} itself when tied. */
    private final Parameter output;
    private final List<Parameter> all = new ArrayList<>();

    private Parameters(LlamaShape s) {
        this.shape = s;
        int d = s.dModel();
        embeddings = add(new Parameter("token_embd.weight", s.vocab(), d));
        layers = new Layer[s.layers()];
        for (int l = 0; l < s.layers(); l++) {
            String p = "blk." + l + ".";
            layers[l] = new Layer(
                    add(new Parameter(p + "attn_norm.weight", 1, d)),
                    add(new Parameter(p + "attn_q.weight", s.qDim(), d)),
                    add(new Parameter(p + "attn_k.weight", s.kvDim(), d)),
                    add(new Parameter(p + "attn_v.weight", s.kvDim(), d)),
                    add(new Parameter(p + "attn_output.weight", d, s.qDim())),
                    add(new Parameter(p + "ffn_norm.weight", 1, d)),
                    add(new Parameter(p + "ffn_gate.weight", s.ffn(), d)),
                    add(new Parameter(p + "ffn_up.weight", s.ffn(), d)),
                    add(new Parameter(p + "ffn_down.weight", d, s.ffn())));
        }
        outputNorm = add(new Parameter("output_norm.weight", 1, d));
        output = s.tied() ? embeddings : add(new Parameter("output.weight", s.vocab(), d));
    }

    private Parameter add(Parameter p) {
        all.add(p);
        return p;
    }

    /**
     * Fresh weights: normal with standard deviation 0.02, the projections into the residual stream (attn_output,
     * ffn_down) scaled down by √(2·layers) so that the stream's variance does not grow with depth (GPT-2's
     * initialisation), norm weights 1.
     */
    public static Parameters random(LlamaShape shape, long seed) {
        Parameters p = new Parameters(shape);
        Random random = new Random(seed);
        double residualStd = 0.02 / Math.sqrt(2.0 * shape.layers());
        for (Parameter t : p.all) {
            if (t.isVector()) {
                Arrays.fill(t.value, 1f);
                continue;
            }
            String g = t.group();
            double std = g.equals("attn_output") || g.equals("ffn_down") ? residualStd : 0.02;
            for (int i = 0; i < t.value.length; i++) {
                t.value[i] = (float) (random.nextGaussian() * std);
            }
        }
        return p;
    }

    /** The weights of a model file, dequantized to F32. */
    public static Parameters of(ModelSource source) {
        boolean tied = source.findTensor("output.weight").isEmpty();
        Parameters p = new Parameters(LlamaShape.of(source.config(), tied));
        for (Parameter t : p.all) {
            ModelTensor mt = source.findTensor(t.name()).orElseThrow(() -> new LlmxException(
                    "the model has no tensor '" + t.name() + "'"));
            if (mt.info().elements() != t.size() || mt.info().rowLength() != t.columns()) {
                throw new LlmxException("tensor '" + t.name() + "' has shape " + mt.info().shapeText() + ", expected "
                        + t.columns() + (t.isVector() ? "" : " × " + t.rows()));
            }
            Tensor tensor = source.tensor(t.name());
            for (int r = 0; r < t.rows(); r++) {
                tensor.dequantizeRow(r, t.value, r * t.columns());
            }
        }
        return p;
    }

    /** A copy with the same values (and zero gradients): the frozen reference of preference tuning. */
    public Parameters copy() {
        Parameters c = new Parameters(shape);
        for (int i = 0; i < all.size(); i++) {
            System.arraycopy(all.get(i).value, 0, c.all.get(i).value, 0, all.get(i).value.length);
        }
        return c;
    }

    public LlamaShape shape() {
        return shape;
    }

    public Parameter embeddings() {
        return embeddings;
    }

    public Layer layer(int l) {
        return layers[l];
    }

    public Parameter outputNorm() {
        return outputNorm;
    }

    public Parameter output() {
        return output;
    }

    /** Every tensor once (a tied output is the embeddings). */
    public List<Parameter> all() {
        return Collections.unmodifiableList(all);
    }

    public Parameter byName(String name) {
        for (Parameter p : all) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no parameter " + name);
    }

    public long count() {
        long n = 0;
        for (Parameter p : all) {
            n += p.size();
        }
        return n;
    }

    public void zeroGradients() {
        for (Parameter p : all) {
            Arrays.fill(p.grad, 0f);
        }
    }

    /** The global L2 norm of every gradient (one accumulator over all tensors, in order). */
    public double gradientNorm() {
        double sq = 0;
        for (Parameter p : all) {
            sq = Parameter.addSquares(sq, p.grad);
        }
        return Math.sqrt(sq);
    }

    /**
     * Scales every gradient by {@code max / norm} when {@code max > 0} and the global norm exceeds it.
     *
     * @return the global norm before clipping
     */
    public double clipGradients(double max) {
        double norm = gradientNorm();
        if (max > 0 && norm > max) {
            float factor = (float) (max / norm);
            for (Parameter p : all) {
                float[] g = p.grad;
                for (int i = 0; i < g.length; i++) {
                    g[i] *= factor;
                }
            }
        }
        return norm;
    }
}
