package dev.llmx.quant.recipe;

import dev.llmx.LlmxException;
import dev.llmx.tensor.GgmlType;

import java.util.ArrayList;
import java.util.List;

/**
 * llama-quantize's choice of a type per tensor ({@code llama_tensor_get_type} in llama.cpp's llama-quant.cpp) for the
 * file types llmx makes, with the reason for each choice in words.
 *
 * <p>What it does, in short: only 2-D (and 3-D expert) weights are quantized, never norms, biases or router gates;
 * the output projection (and tied embeddings) get Q6_K; the mixes spend extra bits on attn_v and ffn_down in the
 * first and last eighth of the layers and every third layer between ({@link #useMoreBits}); a row whose length is not
 * a multiple of the type's block size falls back to a type whose block fits, and to F16 when none does.
 *
 * <p>One deliberate difference: llama.cpp has no fallback for the 32-value types (Q8_0, Q4_0, …) and stops with an
 * error when a row is not a multiple of 32; llmx takes F16 there, the fallback llama.cpp itself uses when its
 * fallback type does not fit either. (attn_qkv is counted with attn_v, as in llama.cpp, whose separate attn_qkv
 * rules are never reached.)
 */
public final class TypePlanner {
    /** A tensor to plan for; shape in ggml order. */
    public record Input(String name, long[] shape, GgmlType type) {
    }

    private final ModelShape model;
    private final QuantType quantType;
    private final boolean allowRequantize;

    private int attentionValueCount;
    private int attentionValueIndex;
    private int ffnDownIndex;
    private boolean tiedEmbeddings;

    public TypePlanner(ModelShape model, QuantType quantType, boolean allowRequantize) {
        this.model = model;
        this.quantType = quantType;
        this.allowRequantize = allowRequantize;
    }

    /** Plans {@code tensors}, which must be in {@link TensorOrder#LLAMA} order (the layer counters depend on it). */
    public List<TensorPlan> plan(List<Input> tensors) {
        attentionValueCount = 0;
        attentionValueIndex = 0;
        ffnDownIndex = 0;
        tiedEmbeddings = true;
        for (Input t : tensors) {
            TensorCategory c = TensorCategory.of(t.name());
            if (c.isAttentionValue()) {
                attentionValueCount++;
            }
            if (c == TensorCategory.OUTPUT) {
                tiedEmbeddings = false;
            }
        }
        List<TensorPlan> plans = new ArrayList<>(tensors.size());
        for (Input t : tensors) {
            plans.add(planOne(t));
        }
        return plans;
    }

    /** Whether a layer gets the mixes' extra bits: the first and last eighth, and every third layer between. */
    static boolean useMoreBits(int layer, int layers) {
        return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
    }

    private TensorPlan planOne(Input t) {
        TensorCategory category = TensorCategory.of(t.name());
        String keep = keepReason(t);
        if (keep != null) {
            return new TensorPlan(t.name(), t.shape(), t.type(), t.type(), category, keep, false);
        }
        GgmlType defaultType = quantType.defaultType();
        if (!defaultType.isQuantized()) {
            return checked(new TensorPlan(t.name(), t.shape(), t.type(), defaultType, category,
                    "2-D weight: " + quantType.label(), false));
        }
        Choice choice = choose(t, category, new Choice(defaultType, defaultType + " (" + quantType.label()
                + "'s default)"));
        long rowLength = t.shape()[0];
        if (rowLength % choice.type.blockSize() == 0) {
            return checked(new TensorPlan(t.name(), t.shape(), t.type(), choice.type, category, choice.reason, false));
        }
        GgmlType fallback = fallbackFor(choice.type);
        String why = "; a row of " + rowLength + " does not fit " + choice.type + "'s " + choice.type.blockSize()
                + "-value blocks";
        if (fallback == null) {
            why += " → F16 (llama.cpp has no fallback for " + choice.type + " and stops)";
            fallback = GgmlType.F16;
        } else if (rowLength % fallback.blockSize() != 0) {
            why += ", nor " + fallback + "'s " + fallback.blockSize() + " → F16";
            fallback = GgmlType.F16;
        } else {
            why += " → " + fallback;
        }
        return checked(new TensorPlan(t.name(), t.shape(), t.type(), fallback, category, choice.reason + why, true));
    }

    private TensorPlan checked(TensorPlan plan) {
        if (plan.changesType() && plan.source().isQuantized() && !allowRequantize) {
            throw new LlmxException("tensor '" + plan.name() + "' is already " + plan.source()
                    + "; requantizing adds a second rounding error on top of the first, so it needs --allow-requantize"
                    + " (better: start from the F32/F16/BF16 model)");
        }
        return plan;
    }

    /** Why a tensor keeps its type, or null when it is a weight to quantize ({@code tensor_allows_quantization}). */
    private static String keepReason(Input t) {
        String name = t.name();
        if (t.shape().length < 2) {
            return "kept: 1-D (norms, biases are small and sensitive)";
        }
        if (!name.endsWith("weight")) {
            return "kept: not a weight";
        }
        if (name.contains("_norm.weight")) {
            return "kept: norm";
        }
        for (String small : new String[] {"ffn_gate_inp.weight", "ffn_gate_tid2eid.weight", "altup", "laurel",
            "per_layer_model_proj", "ssm_conv1d", "shortconv.conv.weight", "indexer.k_proj.weight",
            "indexer.q_proj.weight", "time_mix_", "attn_rel_b.weight", ".position_embd", "sam.pos_embd", "sam.neck.",
            "sam.net_", ".rel_pos", ".patch_embd", ".patch_merger", "a.rvq.codebook", "mm.a.code_embd"}) {
            if (name.contains(small)) {
                return "kept: " + small.replaceAll("^[._]|[._]$", "") + " (llama.cpp leaves it unquantized)";
            }
        }
        if (name.equals("position_embd.weight") || name.equals("token_types.weight")) {
            return "kept: positional/token-type embedding";
        }
        return null;
    }

    private record Choice(GgmlType type, String reason) {
    }

    private Choice choose(Input t, TensorCategory category, Choice start) {
        QuantType q = quantType;
        if (category == TensorCategory.OUTPUT || (tiedEmbeddings && category == TensorCategory.TOKEN_EMBD)) {
            String what = category == TensorCategory.OUTPUT ? "output" : "token_embd (tied to the output)";
            if (q == QuantType.MXFP4_MOE) {
                return new Choice(GgmlType.Q8_0, what + ": Q8_0 (MXFP4_MOE)");
            }
            if (model.isFalcon()) {
                return new Choice(GgmlType.Q8_0, what + " of Falcon: Q8_0");
            }
            if (t.shape()[0] % start.type.blockSize() != 0) {
                return new Choice(GgmlType.Q8_0, what + ": a row of " + t.shape()[0] + " does not fit "
                        + start.type + "'s " + start.type.blockSize() + "-value blocks → Q8_0");
            }
            if (start.type != GgmlType.Q8_0) {
                return new Choice(GgmlType.Q6_K, what + ": Q6_K (the logits are sensitive)");
            }
            return start;
        }
        if (q == QuantType.MXFP4_MOE) {
            // llama-quantize: "MoE tensors -> MXFP4, other tensors -> Q8_0", by the third dimension
            return t.shape().length > 2 && t.shape()[2] > 1
                    ? new Choice(GgmlType.MXFP4, "expert tensor (" + t.shape()[2] + " experts): MXFP4")
                    : new Choice(GgmlType.Q8_0, "not an expert tensor: Q8_0 (MXFP4_MOE)");
        }
        if (category == TensorCategory.TOKEN_EMBD) {
            return start;
        }
        if (category.isAttentionValue()) {
            int i = attentionValueIndex++;
            int n = attentionValueCount;
            Choice c = start;
            String layer = "attn_v " + (i + 1) + " of " + n;
            if (q == QuantType.Q2_K) {
                c = model.gqa() >= 4 ? new Choice(GgmlType.Q4_K, layer + ": Q4_K (GQA ≥ 4 shares it widely)")
                        : new Choice(GgmlType.Q3_K, layer + ": Q3_K");
            } else if (q == QuantType.Q3_K_M) {
                c = new Choice(i < 2 ? GgmlType.Q5_K : GgmlType.Q4_K, layer + (i < 2 ? ": Q5_K (first two)" : ": Q4_K"));
            } else if (q == QuantType.Q3_K_L) {
                c = new Choice(GgmlType.Q5_K, layer + ": Q5_K");
            } else if ((q == QuantType.IQ4_NL || q == QuantType.IQ4_XS) && model.gqa() >= 4) {
                c = new Choice(GgmlType.Q5_K, layer + ": Q5_K (GQA ≥ 4)");
            } else if ((q == QuantType.Q4_K_M || q == QuantType.Q5_K_M) && useMoreBits(i, n)) {
                c = new Choice(GgmlType.Q6_K, layer + ": Q6_K (use_more_bits)");
            } else if (q == QuantType.Q4_K_S && i < 4) {
                c = new Choice(GgmlType.Q5_K, layer + ": Q5_K (first four)");
            }
            if (model.is70B() && (c.type == GgmlType.Q3_K || c.type == GgmlType.Q4_K)) {
                c = new Choice(GgmlType.Q5_K, layer + ": Q5_K (70B: attn_v is 8× smaller than attn_q)");
            }
            if (model.experts() == 8) {
                c = new Choice(GgmlType.Q8_0, layer + ": Q8_0 (8-expert model)");
            }
            return c;
        }
        if (category == TensorCategory.ATTENTION_K) {
            return model.experts() == 8 ? new Choice(GgmlType.Q8_0, "attn_k of an 8-expert model: Q8_0") : start;
        }
        if (category == TensorCategory.FFN_DOWN) {
            int i = ffnDownIndex++;
            int n = model.layers();
            if (model.experts() > 1) {
                i = TensorOrder.block(t.name());
            }
            String layer = "ffn_down of layer " + i + " of " + n;
            boolean more = useMoreBits(i, n);
            if (q == QuantType.Q2_K) {
                return new Choice(GgmlType.Q3_K, layer + ": Q3_K");
            }
            if (q == QuantType.Q3_K_M) {
                if (i < n / 16) {
                    return new Choice(GgmlType.Q5_K, layer + ": Q5_K (first sixteenth)");
                }
                return !model.isFalcon() || more ? new Choice(GgmlType.Q4_K, layer + ": Q4_K")
                        : new Choice(GgmlType.Q3_K, layer + ": Q3_K");
            }
            if (q == QuantType.Q3_K_L) {
                return model.isFalcon() ? new Choice(GgmlType.Q4_K, layer + ": Q4_K")
                        : new Choice(GgmlType.Q5_K, layer + ": Q5_K");
            }
            if (q == QuantType.Q4_K_M) {
                if (model.isFalcon()) {
                    return i < n / 16 ? new Choice(GgmlType.Q6_K, layer + ": Q6_K (first sixteenth)")
                            : more ? new Choice(GgmlType.Q5_K, layer + ": Q5_K (use_more_bits)") : start;
                }
                return more ? new Choice(GgmlType.Q6_K, layer + ": Q6_K (use_more_bits)") : start;
            }
            if (i < n / 8 && (q == QuantType.IQ4_NL || q == QuantType.IQ4_XS)) {
                return new Choice(GgmlType.Q5_K, layer + ": Q5_K (first eighth)");
            }
            if (q == QuantType.Q5_K_M && more) {
                return new Choice(GgmlType.Q6_K, layer + ": Q6_K (use_more_bits)");
            }
            if (q == QuantType.Q4_K_S && !model.isFalcon() && i < n / 8) {
                return new Choice(GgmlType.Q5_K, layer + ": Q5_K (first eighth)");
            }
            return start;
        }
        if (category == TensorCategory.ATTENTION_OUTPUT) {
            if (model.isFalcon()) {
                return q == QuantType.Q3_K_L ? new Choice(GgmlType.Q4_K, "attn_output of Falcon: Q4_K") : start;
            }
            if (model.experts() == 8) {
                boolean bump = switch (q) {
                    case Q2_K, Q3_K_S, Q3_K_M, IQ4_NL, Q4_K_S, Q4_K_M, IQ4_XS -> true;
                    default -> false;
                };
                return bump ? new Choice(GgmlType.Q5_K, "attn_output of an 8-expert model: Q5_K") : start;
            }
            return switch (q) {
                case Q2_K -> new Choice(GgmlType.Q3_K, "attn_output: Q3_K");
                case Q3_K_M -> new Choice(GgmlType.Q4_K, "attn_output: Q4_K");
                case Q3_K_L -> new Choice(GgmlType.Q5_K, "attn_output: Q5_K");
                default -> start;
            };
        }
        return start;
    }

    /** llama.cpp's fallback for a row that is not a whole number of the chosen type's blocks; null: it has none. */
    static GgmlType fallbackFor(GgmlType type) {
        return switch (type) {
            case Q2_K, Q3_K -> GgmlType.Q4_0;
            case Q4_K -> GgmlType.Q5_0;
            case Q5_K -> GgmlType.Q5_1;
            case Q6_K -> GgmlType.Q8_0;
            case IQ4_XS -> GgmlType.IQ4_NL;
            default -> null;
        };
    }
}
