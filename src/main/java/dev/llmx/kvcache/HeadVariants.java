package dev.llmx.kvcache;

import java.util.ArrayList;
import java.util.List;

/**
 * The same model with its attention heads shared differently: multi-head (every query head has its own K and V),
 * grouped-query (a group of query heads shares one K/V head) and multi-query (all query heads share one). Only the
 * KV cache changes; that is the point of the comparison.
 */
public final class HeadVariants {
    private HeadVariants() {
    }

    /** A labelled variant; {@code published} marks the shape the model actually has. */
    public record Variant(String label, KvModel model, boolean published) {
    }

    /**
     * MHA, GQA and MQA variants of {@code m}. The GQA variant is the model's own grouping when it has one,
     * otherwise 8 KV heads (Llama-2-70B's grouping) when the heads divide by 8. An MLA model is listed as published
     * next to the three.
     *
     * @throws IllegalArgumentException when the number of query heads is unknown
     */
    public static List<Variant> of(KvModel m) {
        if (m.heads() < 1) {
            throw new IllegalArgumentException("comparing head layouts needs the number of query heads (--heads)");
        }
        int h = m.heads();
        KvModel base = m.mla().isPresent() ? withoutMla(m) : m;
        List<Variant> out = new ArrayList<>();
        if (m.mla().isPresent()) {
            out.add(new Variant("MLA (" + m.mla().get().cachedValues() + " latent values)", m, true));
        }
        boolean ownGqa = m.mla().isEmpty() && m.kvHeads() > 1 && m.kvHeads() < h;
        out.add(variant(base, h, "MHA", m));
        if (ownGqa) {
            out.add(variant(base, m.kvHeads(), "GQA", m));
        } else if (h > 8 && h % 8 == 0) {
            out.add(variant(base, 8, "GQA", m));
        }
        out.add(variant(base, 1, "MQA", m));
        return out;
    }

    private static Variant variant(KvModel base, int kvHeads, String kind, KvModel original) {
        boolean published = original.mla().isEmpty() && original.kvHeads() == kvHeads;
        String label = kind + " (" + kvHeads + " KV head" + (kvHeads == 1 ? "" : "s") + ")";
        return new Variant(label, base.withKvHeads(kvHeads, base.name() + " as " + kind), published);
    }

    /** The MLA model's query heads as ordinary attention with its V head size ({@code v_head_dim}). */
    private static KvModel withoutMla(KvModel m) {
        Mla a = m.mla().orElseThrow();
        return KvModel.builder(m.id(), m.name()).shape(m.layers(), m.dModel(), m.heads(), m.heads())
                .headDim(a.qkNopeHeadDim() + a.qkRopeHeadDim()).valueHeadDim(a.vHeadDim())
                .windows(m.windows()).nativeContext(m.nativeContext()).build();
    }
}
