package dev.llmx.engine;

import dev.llmx.LlmxException;
import dev.llmx.attention.Rope;
import dev.llmx.ffn.DenseFeedForward;
import dev.llmx.ffn.FeedForward;
import dev.llmx.ffn.MixtureOfExperts;
import dev.llmx.model.ArchitectureTraits;
import dev.llmx.model.LayerDescription;
import dev.llmx.model.LayerRope;
import dev.llmx.model.MetadataEntry;
import dev.llmx.model.MetadataRanges;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelDescription;
import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;
import dev.llmx.model.NormKind;
import dev.llmx.model.RopeConfig;
import dev.llmx.model.RopeLayout;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.kernel.Kernels;
import dev.llmx.tensor.kernel.WeightMatrix;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Turns an opened model file into a {@link Model}: checks that the architecture is one the engine runs and that
 * the metadata gives every size, finds each tensor the architecture needs under its llama.cpp name, and checks its
 * shape against the metadata, so that a bad file fails here with a message naming the tensor, not later with an
 * index out of bounds.
 */
final class ModelLoader {
    private final ModelSource source;
    private final ModelConfig config;
    private final ModelDescription description;
    private final ArchitectureTraits traits;
    private final Kernels kernels;
    private final LongConsumer layersLoaded;
    /** RoPE tables by description, so that layers with the same RoPE share one table. */
    private final Map<LayerRope, Rope> ropes = new HashMap<>();

    private ModelLoader(ModelSource source, Kernels kernels, LongConsumer layersLoaded) {
        this.source = source;
        this.config = source.config();
        this.traits = ArchitectureTraits.of(config.architecture());
        this.description = ModelDescription.of(source);
        this.kernels = kernels;
        this.layersLoaded = layersLoaded;
    }

    static Model load(ModelSource source, Kernels kernels, LongConsumer layersLoaded) {
        return new ModelLoader(source, kernels, layersLoaded).load();
    }

    private Model load() {
        checkSizes();
        int d = config.embeddingLength();
        Tensor embeddingTensor = matrix("token_embd.weight", d, -1, "d_model " + d);
        int vocab = (int) embeddingTensor.rows();
        WeightMatrix embeddings = new WeightMatrix(embeddingTensor, kernels);
        WeightMatrix output = source.findTensor("output.weight").isPresent()
                ? new WeightMatrix(matrix("output.weight", d, vocab, "d_model " + d + " and " + vocab + " embeddings"),
                kernels)
                : embeddings;
        float[] outputNorm = vector("output_norm.weight", d, "d_model " + d);
        LayerWeights[] layers = new LayerWeights[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            // Each layer reads its norm weights out of the file: on a cold page cache and slow storage, the pages
            // of a large model's layers take a while to arrive.
            layers[l] = layer(l);
            layersLoaded.accept(l + 1);
        }
        Rope[] rope = new Rope[layers.length];
        int[] window = new int[layers.length];
        for (int l = 0; l < layers.length; l++) {
            LayerDescription layer = description.layer(l);
            rope[l] = ropes.computeIfAbsent(layer.rope(), this::rope);
            window[l] = layer.window();
        }
        return new Model(source, description, kernels, vocab, embeddings, output, outputNorm, layers, rope, window);
    }

    private void checkSizes() {
        List<String> missing = config.missing();
        if (!missing.isEmpty()) {
            throw new LlmxException(fileName() + ": the metadata does not give " + String.join(", ", missing)
                    + "; llmx cannot run a model without them");
        }
        if (config.norm() != NormKind.RMS) {
            throw new LlmxException(fileName() + ": " + config.architecture()
                    + " models normalize with RMSNorm, but the metadata gives no RMS epsilon");
        }
        MetadataRanges.check(config, fileName());
        if (config.heads() % config.kvHeads() != 0) {
            throw new LlmxException(fileName() + ": " + config.heads() + " query heads cannot share "
                    + config.kvHeads() + " KV heads evenly");
        }
        ModelConfig.Experts experts = config.experts();
        if (experts.present() && (experts.used() < 1 || experts.used() > experts.count())) {
            throw new LlmxException(fileName() + ": " + config.architecture() + ".expert_used_count is "
                    + experts.used() + ", but it must be between 1 and " + config.architecture() + ".expert_count ("
                    + experts.count() + ")");
        }
        RopeConfig rope = config.rope();
        if (rope.layout() != RopeLayout.INTERLEAVED && rope.layout() != RopeLayout.HALVES) {
            throw new LlmxException(fileName() + ": unknown RoPE layout for architecture " + config.architecture());
        }
        if (rope.dimensions() <= 0 || rope.dimensions() % 2 != 0 || rope.dimensions() > config.headDim()) {
            throw new LlmxException(fileName() + ": RoPE over " + rope.dimensions() + " dimensions does not fit heads of "
                    + config.headDim());
        }
    }

    private LayerWeights layer(int l) {
        int d = config.embeddingLength();
        int qDim = config.heads() * config.headDim();
        int kDim = config.kvHeads() * config.headDim();
        int vDim = config.kvHeads() * config.valueHeadDim();
        int outDim = config.heads() * config.valueHeadDim();
        String p = "blk." + l + ".";
        String heads = config.heads() + " heads × " + config.headDim();
        String kvHeads = config.kvHeads() + " KV heads × " + config.headDim();

        WeightMatrix q;
        WeightMatrix k;
        WeightMatrix v;
        if (traits.fusedQkv()) {
            Tensor qkv = matrix(p + "attn_qkv.weight", d, qDim + kDim + vDim, "d_model " + d + ", " + heads + " and "
                    + kvHeads + " (q, k and v stacked)");
            q = new WeightMatrix(qkv, 0, qDim, kernels);
            k = new WeightMatrix(qkv, qDim, kDim, kernels);
            v = new WeightMatrix(qkv, qDim + kDim, vDim, kernels);
        } else {
            q = new WeightMatrix(matrix(p + "attn_q.weight", d, qDim, "d_model " + d + " and " + heads), kernels);
            k = new WeightMatrix(matrix(p + "attn_k.weight", d, kDim, "d_model " + d + " and " + kvHeads), kernels);
            v = new WeightMatrix(matrix(p + "attn_v.weight", d, vDim, "d_model " + d + " and " + kvHeads), kernels);
        }
        WeightMatrix o = new WeightMatrix(matrix(p + "attn_output.weight", outDim, d, heads + " and d_model " + d),
                kernels);

        FeedForward ffn = description.layer(l).ffn().isMoe() ? experts(l) : dense(l);

        String dm = "d_model " + d;
        String hd = "head size " + config.headDim();
        return new LayerWeights(
                vector(p + "attn_norm.weight", d, dm), q, k, v,
                optionalVector(p + "attn_q.bias", qDim, heads),
                optionalVector(p + "attn_k.bias", kDim, kvHeads),
                optionalVector(p + "attn_v.bias", vDim, kvHeads),
                traits.qkNorm() ? vector(p + "attn_q_norm.weight", config.headDim(), hd) : null,
                traits.qkNorm() ? vector(p + "attn_k_norm.weight", config.headDim(), hd) : null,
                o,
                optionalVector(p + "attn_output.bias", d, dm),
                optionalVector(p + "attn_sinks.weight", config.heads(), config.heads() + " query heads"),
                traits.postNorms() ? vector(p + "post_attention_norm.weight", d, dm) : null,
                vector(p + traits.ffnNormName() + ".weight", d, dm), ffn,
                traits.postNorms() ? vector(p + "post_ffw_norm.weight", d, dm) : null);
    }

    private FeedForward dense(int l) {
        int d = config.embeddingLength();
        int ffn = config.ffnLength();
        String p = "blk." + l + ".";
        WeightMatrix gate;
        WeightMatrix up;
        if (traits.fusedGateUp()) {
            Tensor gateUp = matrix(p + "ffn_up.weight", d, 2L * ffn, "d_model " + d + " and FFN " + ffn
                    + " (gate and up stacked)");
            gate = new WeightMatrix(gateUp, 0, ffn, kernels);
            up = new WeightMatrix(gateUp, ffn, ffn, kernels);
        } else {
            gate = new WeightMatrix(matrix(p + "ffn_gate.weight", d, ffn, "d_model " + d + " and FFN " + ffn), kernels);
            up = new WeightMatrix(matrix(p + "ffn_up.weight", d, ffn, "d_model " + d + " and FFN " + ffn), kernels);
        }
        WeightMatrix down = new WeightMatrix(matrix(p + "ffn_down.weight", ffn, d, "FFN " + ffn + " and d_model " + d),
                kernels);
        return new DenseFeedForward(gate, up, down, traits.activation(), kernels.floats());
    }

    /**
     * A mixture of experts: the router {@code ffn_gate_inp} (d_model → n_expert, with an optional bias) and the
     * experts stored 3-D, {@code ffn_{gate,up,down}_exps} with one slice per expert, each slice a matrix view of the
     * mapped file (with per-expert biases {@code ffn_*_exps.bias} where present).
     */
    private FeedForward experts(int l) {
        LayerDescription.FeedForward f = description.layer(l).ffn();
        int d = config.embeddingLength();
        int n = f.experts();
        int ffn = f.length();
        String p = "blk." + l + ".";
        String count = n + " experts (expert_count)";
        Tensor router = matrix(p + "ffn_gate_inp.weight", d, n, "d_model " + d + " and " + count);
        float[] routerBias = optionalVector(p + "ffn_gate_inp.bias", n, count);
        Tensor gate = experts(p + "ffn_gate_exps.weight", d, ffn, n);
        Tensor up = experts(p + "ffn_up_exps.weight", d, ffn, n);
        Tensor down = experts(p + "ffn_down_exps.weight", ffn, d, n);
        float[][] gateBias = expertBiases(p + "ffn_gate_exps.bias", ffn, n);
        float[][] upBias = expertBiases(p + "ffn_up_exps.bias", ffn, n);
        float[][] downBias = expertBiases(p + "ffn_down_exps.bias", d, n);
        DenseFeedForward[] experts = new DenseFeedForward[n];
        for (int e = 0; e < n; e++) {
            experts[e] = new DenseFeedForward(new WeightMatrix(gate, (long) e * ffn, ffn, kernels),
                    new WeightMatrix(up, (long) e * ffn, ffn, kernels),
                    new WeightMatrix(down, (long) e * d, d, kernels),
                    gateBias == null ? null : gateBias[e], upBias == null ? null : upBias[e],
                    downBias == null ? null : downBias[e], f.activation(), kernels.floats());
        }
        return new MixtureOfExperts(new WeightMatrix(router, kernels), routerBias, experts, f.expertsUsed(),
                f.gating());
    }

    /** A 3-D expert tensor: {@code experts} slices of {@code rows} rows of {@code columns} (ggml order). */
    private Tensor experts(String name, long columns, long rows, int experts) {
        ModelTensor mt = require(name);
        long[] shape = mt.info().shape();
        if (shape.length != 3 || shape[0] != columns || shape[1] != rows || shape[2] != experts) {
            throw new LlmxException(fileName() + ": tensor '" + name + "' has shape " + mt.info().shapeText()
                    + ", but the metadata (" + experts + " experts of " + columns + " × " + rows + ") needs "
                    + columns + " × " + rows + " × " + experts);
        }
        Tensor t = source.tensor(name);
        kernels.rowKernel(t.type(), name);
        return t;
    }

    /** Per-expert bias vectors stored as one {@code length × experts} tensor, or null when the file has none. */
    private float[][] expertBiases(String name, int length, int experts) {
        Optional<ModelTensor> mt = source.findTensor(name);
        if (mt.isEmpty()) {
            return null;
        }
        if (mt.get().info().rowLength() != length || mt.get().info().rows() != experts) {
            throw new LlmxException(fileName() + ": tensor '" + name + "' has shape " + mt.get().info().shapeText()
                    + ", but the metadata needs " + length + " × " + experts + " (one bias per expert)");
        }
        Tensor t = source.tensor(name);
        float[][] biases = new float[experts][];
        for (int e = 0; e < experts; e++) {
            biases[e] = t.dequantizeRow(e);
        }
        return biases;
    }

    /**
     * The tensor {@code name}, checked to be a matrix of {@code rows} rows of {@code columns} (ggml order:
     * {@code columns × rows}); {@code rows} −1 accepts any row count.
     */
    private Tensor matrix(String name, long columns, long rows, String reason) {
        ModelTensor mt = require(name);
        long[] shape = mt.info().shape();
        boolean ok = shape.length >= 1 && shape[0] == columns && (rows < 0 || mt.info().dim(1) == rows);
        for (int i = 2; i < shape.length; i++) {
            ok &= shape[i] == 1;
        }
        if (!ok || mt.info().rows() == 0) {
            throw new LlmxException(fileName() + ": tensor '" + name + "' has shape " + mt.info().shapeText()
                    + ", but the metadata (" + reason + ") needs " + columns + " × " + (rows < 0 ? "n_vocab" : rows));
        }
        Tensor t = source.tensor(name);
        kernels.rowKernel(t.type(), name); // fails now, naming the tensor, if llmx cannot decode its type
        return t;
    }

    /** A vector of {@code length} values (a norm weight, a bias), copied to the heap as floats. */
    private float[] vector(String name, int length, String reason) {
        ModelTensor mt = require(name);
        if (mt.info().elements() != length || mt.info().rowLength() != length) {
            throw new LlmxException(fileName() + ": tensor '" + name + "' has shape " + mt.info().shapeText()
                    + ", but the metadata (" + reason + ") needs " + length);
        }
        float[] values = source.tensor(name).dequantizeRow(0);
        if (config.normWeightsPlusOne() && name.endsWith("norm.weight")) {
            // Hugging Face Gemma stores norm weights as w and applies 1 + w; llama.cpp's converter adds the 1.
            for (int i = 0; i < values.length; i++) {
                values[i] += 1f;
            }
        }
        return values;
    }

    private float[] optionalVector(String name, int length, String reason) {
        return source.findTensor(name).isPresent() ? vector(name, length, reason) : null;
    }

    private ModelTensor require(String name) {
        return source.findTensor(name).orElseThrow(() -> new LlmxException(fileName() + ": tensor '" + name
                + "' is missing; a " + config.architecture() + " model needs it"));
    }

    /** A RoPE table for {@code rope}; a {@code rope_freqs} tensor (Llama 3's divisors) takes precedence. */
    private Rope rope(LayerRope rope) {
        double[] frequencies;
        if (source.findTensor("rope_freqs.weight").isPresent()) {
            // llama.cpp's converter stores Llama 3's per-frequency divisors as a tensor.
            float[] divisors = vector("rope_freqs.weight", rope.dims() / 2, "RoPE over " + rope.dims() + " dims");
            LayerRope unscaled = LayerRope.plain(rope.dims(), rope.base(), rope.layout());
            frequencies = unscaled.frequencies();
            for (int i = 0; i < frequencies.length; i++) {
                frequencies[i] /= divisors[i];
            }
        } else {
            frequencies = rope.frequencies();
        }
        return new Rope(rope.dims(), frequencies, rope.magnitude(), rope.layout());
    }

    private String fileName() {
        return Optional.ofNullable(source.path().getFileName()).map(Object::toString).orElse(source.path().toString());
    }
}
