package dev.llmx.kvcache;

import dev.llmx.UsageException;
import dev.llmx.quant.recipe.ModelShape;
import dev.llmx.quant.recipe.QuantType;
import dev.llmx.quant.recipe.TensorOrder;
import dev.llmx.quant.recipe.TensorPlan;
import dev.llmx.quant.recipe.TypePlanner;
import dev.llmx.tensor.GgmlType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A llama-quantize file type ({@code Q4_K_M}, {@code Q3_K_M}, {@code MXFP4_MOE} …) as the weights of a model given by
 * its layer sizes: the model's tensors, named and shaped as a GGUF stores them, are planned by quantize's own
 * {@link TypePlanner} (the same per-tensor choices {@code llmx quantize} makes), and the plan's bytes over its values
 * are the mix's real bits per weight for this shape. A mix has no fixed size: Q4_K_M spends Q6_K on the output
 * projection and on half of attn_v/ffn_down, so a small-vocabulary deep model and a large-vocabulary shallow one
 * land at different bits per weight.
 *
 * <p>The tensor list counts exactly what {@link ParameterCount} counts, so {@code bytes(params_total)} is the plan's
 * total. Norms and biases (1-D) stay F32, as in every GGUF; the 2-D weights start from F16.
 */
public final class PlannedMix {
    private PlannedMix() {
    }

    /** Whether {@code name} is a quantize file type and not one of {@link ElementType}'s single types. */
    public static Optional<QuantType> mixNamed(String name) {
        try {
            ElementType.parse(name);
            return Optional.empty();
        } catch (IllegalArgumentException notAnElementType) {
            // fall through: maybe a llama-quantize name
        }
        try {
            return Optional.of(QuantType.parse(name));
        } catch (UsageException notAQuantType) {
            return Optional.empty();
        }
    }

    /** The quantize names that are mixes and not single types ({@code Q4_K_M}, {@code MXFP4_MOE} …), comma-separated. */
    public static String mixNames() {
        return java.util.Arrays.stream(QuantType.values()).map(QuantType::label)
                .filter(n -> mixNamed(n).isPresent()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The weights of {@code model} stored as quantize would store them in a {@code type} file. */
    public static FileWeights of(KvModel model, QuantType type) {
        if (!model.hasLayerSizes()) {
            throw new UsageException("--weight-type " + type.label() + " is a per-tensor mix whose size depends on"
                    + " the tensors' shapes, which a model given by flags does not have; give --preset NAME or -m FILE,"
                    + " or a single type such as " + type.defaultType().name().toLowerCase(java.util.Locale.ROOT));
        }
        List<TypePlanner.Input> tensors = tensors(model);
        ModelShape shape = new ModelShape("llama", model.layers(), model.heads(), model.kvHeads(),
                model.moe().map(Moe::experts).orElse(0));
        List<TensorPlan> plan = new TypePlanner(shape, type, false).plan(tensors);
        long bytes = 0;
        long values = 0;
        for (TensorPlan p : plan) {
            bytes = Math.addExact(bytes, p.targetBytes());
            values = Math.addExact(values, p.elements());
        }
        return new FileWeights(type.label(), bytes, values);
    }

    /**
     * The model's tensors in GGUF names and ggml shape order ([row length, rows, experts]), in the order llama.cpp
     * loads them (the planner counts layers in that order).
     */
    static List<TypePlanner.Input> tensors(KvModel m) {
        List<TypePlanner.Input> t = new ArrayList<>();
        long d = m.dModel();
        t.add(matrix("token_embd.weight", d, m.vocab()));
        if (!m.tiedEmbeddings()) {
            t.add(matrix("output.weight", d, m.vocab()));
        }
        t.add(vector("output_norm.weight", d));
        for (int layer = 0; layer < m.layers(); layer++) {
            String b = "blk." + layer + ".";
            attention(t, b, m);
            for (int n = 0; n < m.normsPerLayer(); n++) {
                t.add(vector(b + (n == 0 ? "attn_norm" : n == 1 ? "ffn_norm" : "norm_" + n) + ".weight", d));
            }
            feedForward(t, b, m, layer);
        }
        t.sort(Comparator.comparing(TypePlanner.Input::name, TensorOrder.LLAMA));
        return t;
    }

    private static void attention(List<TypePlanner.Input> t, String b, KvModel m) {
        long d = m.dModel();
        long h = m.heads();
        if (m.mla().isPresent()) {
            Mla a = m.mla().get();
            long qHead = a.qkNopeHeadDim() + a.qkRopeHeadDim();
            if (a.qLoraRank() > 0) {
                t.add(matrix(b + "attn_q_a.weight", d, a.qLoraRank()));
                t.add(vector(b + "attn_q_a_norm.weight", a.qLoraRank()));
                t.add(matrix(b + "attn_q_b.weight", a.qLoraRank(), h * qHead));
            } else {
                t.add(matrix(b + "attn_q.weight", d, h * qHead));
            }
            t.add(matrix(b + "attn_kv_a_mqa.weight", d, a.kvLoraRank() + a.qkRopeHeadDim()));
            t.add(vector(b + "attn_kv_a_norm.weight", a.kvLoraRank()));
            t.add(matrix(b + "attn_kv_b.weight", a.kvLoraRank(), h * (a.qkNopeHeadDim() + a.vHeadDim())));
            t.add(matrix(b + "attn_output.weight", h * a.vHeadDim(), d));
            return;
        }
        long qDim = h * m.headDim();
        long kDim = (long) m.kvHeads() * m.headDim();
        long vDim = (long) m.kvHeads() * m.valueHeadDim();
        t.add(matrix(b + "attn_q.weight", d, qDim));
        t.add(matrix(b + "attn_k.weight", d, kDim));
        t.add(matrix(b + "attn_v.weight", d, vDim));
        t.add(matrix(b + "attn_output.weight", h * m.valueHeadDim(), d));
        if (m.qkvBias()) {
            t.add(vector(b + "attn_q.bias", qDim));
            t.add(vector(b + "attn_k.bias", kDim));
            t.add(vector(b + "attn_v.bias", vDim));
        }
        if (m.outputBias()) {
            t.add(vector(b + "attn_output.bias", d));
        }
        if (m.qkNorm()) {
            t.add(vector(b + "attn_q_norm.weight", m.headDim()));
            t.add(vector(b + "attn_k_norm.weight", m.headDim()));
        }
        if (m.attentionSinks()) {
            t.add(vector(b + "attn_sinks.weight", h));
        }
    }

    private static void feedForward(List<TypePlanner.Input> t, String b, KvModel m, int layer) {
        long d = m.dModel();
        if (m.moe().isEmpty() || layer < m.moe().get().denseLayers()) {
            t.add(matrix(b + "ffn_gate.weight", d, m.ffn()));
            t.add(matrix(b + "ffn_up.weight", d, m.ffn()));
            t.add(matrix(b + "ffn_down.weight", m.ffn(), d));
            return;
        }
        Moe e = m.moe().get();
        long f = e.expertFfn();
        t.add(matrix(b + "ffn_gate_inp.weight", d, e.experts()));
        if (e.routerBias()) {
            t.add(vector(b + "ffn_gate_inp.bias", e.experts()));
        }
        t.add(experts(b + "ffn_gate_exps.weight", d, f, e.experts()));
        t.add(experts(b + "ffn_up_exps.weight", d, f, e.experts()));
        t.add(experts(b + "ffn_down_exps.weight", f, d, e.experts()));
        if (e.expertBias()) {
            t.add(biases(b + "ffn_gate_exps.bias", f, e.experts()));
            t.add(biases(b + "ffn_up_exps.bias", f, e.experts()));
            t.add(biases(b + "ffn_down_exps.bias", d, e.experts()));
        }
        if (e.sharedExperts() > 0) {
            long s = f * e.sharedExperts();
            t.add(matrix(b + "ffn_gate_shexp.weight", d, s));
            t.add(matrix(b + "ffn_up_shexp.weight", d, s));
            t.add(matrix(b + "ffn_down_shexp.weight", s, d));
        }
    }

    private static TypePlanner.Input matrix(String name, long rowLength, long rows) {
        return new TypePlanner.Input(name, new long[] {rowLength, rows}, GgmlType.F16);
    }

    private static TypePlanner.Input experts(String name, long rowLength, long rows, long experts) {
        return new TypePlanner.Input(name, new long[] {rowLength, rows, experts}, GgmlType.F16);
    }

    /** One bias row per expert: F32 like every bias, and kept by the planner (not a weight). */
    private static TypePlanner.Input biases(String name, long length, long experts) {
        return new TypePlanner.Input(name, new long[] {length, experts}, GgmlType.F32);
    }

    private static TypePlanner.Input vector(String name, long length) {
        return new TypePlanner.Input(name, new long[] {length}, GgmlType.F32);
    }
}
