package dev.llmx.engine;

import dev.llmx.LlmxException;
import dev.llmx.attention.Rope;
import dev.llmx.model.MetadataEntry;
import dev.llmx.model.MetadataRanges;
import dev.llmx.model.ModelConfig;
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
import java.util.OptionalDouble;
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
    private final ArchitectureTraits traits;
    private final Kernels kernels;
    private final LongConsumer layersLoaded;
    private final Map<String, Object> metadata = new HashMap<>();

    private ModelLoader(ModelSource source, Kernels kernels, LongConsumer layersLoaded) {
        this.source = source;
        this.config = source.config();
        this.traits = ArchitectureTraits.of(config.architecture());
        this.kernels = kernels;
        this.layersLoaded = layersLoaded;
        for (MetadataEntry e : source.metadata()) {
            metadata.put(e.key(), e.value());
        }
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
        Rope global = globalRope();
        Rope local = traits.slidingWindowEvery() > 0 ? localRope() : global;
        Rope[] rope = new Rope[layers.length];
        int[] window = new int[layers.length];
        for (int l = 0; l < layers.length; l++) {
            boolean sliding = config.slidingWindow() > 0 && traits.isSlidingWindowLayer(l);
            rope[l] = sliding ? local : global;
            window[l] = sliding ? config.slidingWindow() : 0;
        }
        float embeddingScale = traits.scaleEmbeddings() ? (float) Math.sqrt(d) : 1f;
        return new Model(source, config, traits, kernels, vocab, embeddingScale, attentionScale(), embeddings, output,
                outputNorm, layers, rope, window);
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
        int ffn = config.ffnLength();
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
                traits.postNorms() ? vector(p + "post_attention_norm.weight", d, dm) : null,
                vector(p + "ffn_norm.weight", d, dm), gate, up, down,
                traits.postNorms() ? vector(p + "post_ffw_norm.weight", d, dm) : null);
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

    private Rope globalRope() {
        RopeConfig rope = config.rope();
        double positionScale = 1.0;
        float[] factors = null;
        switch (rope.scalingType()) {
            case "none" -> {
            }
            case "linear" -> positionScale = 1.0 / rope.scalingFactor();
            case "llama3" -> factors = RopeFactors.llama3(rope, metadataNumber("config.rope_scaling.low_freq_factor")
                    .orElse(1.0), metadataNumber("config.rope_scaling.high_freq_factor").orElse(4.0));
            default -> throw new LlmxException(fileName() + ": RoPE scaling '" + rope.scalingType()
                    + "' is not supported yet (llmx runs none, linear and llama3)");
        }
        if (source.findTensor("rope_freqs.weight").isPresent()) {
            // llama.cpp's converter stores Llama 3's per-frequency divisors as a tensor.
            factors = vector("rope_freqs.weight", rope.dimensions() / 2, "RoPE over " + rope.dimensions() + " dims");
        }
        return new Rope(rope.dimensions(), rope.base(), positionScale, factors, rope.layout());
    }

    /** The RoPE of sliding-window layers: the file's own base for them if it gives one, and no scaling. */
    private Rope localRope() {
        RopeConfig rope = config.rope();
        OptionalDouble gguf = metadataNumber(config.architecture() + ".rope.freq_base_swa");
        double base = gguf.isPresent() ? gguf.getAsDouble()
                : metadataNumber("config.rope_local_base_freq").orElse(traits.localRopeBase());
        return new Rope(rope.dimensions(), base, 1.0, null, rope.layout());
    }

    private float attentionScale() {
        OptionalDouble preAttn = metadataNumber("config.query_pre_attn_scalar");
        if (preAttn.isPresent()) {
            return (float) (1.0 / Math.sqrt(preAttn.getAsDouble()));
        }
        if (config.architecture().equals("gemma3") && config.layers() == 62) {
            // Gemma 3 27B scales queries by d_model / heads rather than the head size (llama.cpp does the same).
            return (float) (1.0 / Math.sqrt((double) config.embeddingLength() / config.heads()));
        }
        return (float) (1.0 / Math.sqrt(config.headDim()));
    }

    private OptionalDouble metadataNumber(String key) {
        Object v = metadata.get(key);
        return v instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    private String fileName() {
        return Optional.ofNullable(source.path().getFileName()).map(Object::toString).orElse(source.path().toString());
    }
}
