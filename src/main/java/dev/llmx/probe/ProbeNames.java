package dev.llmx.probe;

import dev.llmx.engine.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The probe names of a model with a given number of layers, and llama.cpp's names for some of them: its
 * {@code llama-eval-callback} calls the residual stream leaving a layer {@code l_out} and the one entering the FFN
 * {@code ffn_inp}, so users type those; they are read as llmx's {@code resid_out} and {@code resid_mid}.
 */
public final class ProbeNames {
    private static final Map<String, String> ALIASES = Map.of(
            "l_out", "resid_out",
            "ffn_inp", "resid_mid",
            "kq_soft_max", "attn_weights",
            "result_norm", "output_norm",
            "result_output", "logits");

    private ProbeNames() {
    }

    /** Every probe name in pass order: token_embd, blk.0.attn_norm, …, blk.L-1.resid_out, output_norm, logits. */
    public static List<String> all(int layers) {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (Stage s : Stage.values()) {
            if (!s.perLayer()) {
                (s.ordinal() < Stage.ATTN_NORM.ordinal() ? before : after).add(s.tensorName(0));
            }
        }
        List<String> names = new ArrayList<>(before);
        for (int l = 0; l < layers; l++) {
            for (Stage s : Stage.values()) {
                if (s.perLayer()) {
                    names.add(s.tensorName(l));
                }
            }
        }
        names.addAll(after);
        return names;
    }

    /** A name or glob with a llama.cpp alias in its last dotted part rewritten to llmx's name. */
    public static String canonical(String nameOrGlob) {
        int dot = nameOrGlob.lastIndexOf('.');
        String last = nameOrGlob.substring(dot + 1);
        String replacement = ALIASES.get(last);
        return replacement == null ? nameOrGlob : nameOrGlob.substring(0, dot + 1) + replacement;
    }

    /** A short list of the names for an error message: the per-layer ones once, with the layer range. */
    public static String summary(int layers) {
        StringJoiner perLayer = new StringJoiner(",", "blk.N.{", "}");
        StringJoiner outside = new StringJoiner(", ");
        for (Stage s : Stage.values()) {
            if (s.perLayer()) {
                perLayer.add(s.tensorName(0).substring("blk.0.".length()));
            } else {
                outside.add(s.tensorName(0));
            }
        }
        return outside + ", " + perLayer + " with N = 0–" + (layers - 1) + " (l_out = resid_out, ffn_inp = resid_mid)";
    }
}
