package dev.llmx.kvcache;

import java.util.ArrayList;
import java.util.List;

/**
 * The KV cache of a model stored as one element type.
 *
 * <p>Per layer and token the cache keeps K ({@code n_kv_heads × head_dim} values) and V
 * ({@code n_kv_heads × v_head_dim} values), each stored as {@code type}; a sliding-window layer keeps at most
 * {@code window} tokens. So for a context {@code c} and a batch {@code b}:
 * <pre>total = b × Σ_layers min(c, window_layer) × (K bytes + V bytes)</pre>
 */
public final class KvCacheCost {
    private final KvModel model;
    private final ElementType type;
    private final long kBytes;
    private final long vBytes;

    /**
     * @throws IllegalArgumentException when {@code type} cannot hold a cache or a K/V row does not fill whole blocks
     *                                  (ggml stores every row as whole blocks)
     */
    public KvCacheCost(KvModel model, ElementType type) {
        if (!type.allowedForKvCache()) {
            throw new IllegalArgumentException(type.cliName() + " is not a KV cache type (choose "
                    + ElementType.names(true) + ")");
        }
        requireWholeBlocks(type, model.kValuesPerToken(), "K");
        requireWholeBlocks(type, model.vValuesPerToken(), "V");
        this.model = model;
        this.type = type;
        this.kBytes = type.bytes(model.kValuesPerToken());
        this.vBytes = type.bytes(model.vValuesPerToken());
    }

    private static void requireWholeBlocks(ElementType type, long values, String which) {
        if (!type.fitsWholeBlocks(values)) {
            throw new IllegalArgumentException(type.cliName() + " stores values in blocks of " + type.blockValues()
                    + " and a " + which + " row of " + values + " values per token does not fill whole blocks;"
                    + " choose f16, bf16 or f32");
        }
    }

    public KvModel model() {
        return model;
    }

    public ElementType type() {
        return type;
    }

    /** K bytes per token in one layer. */
    public long kBytesPerTokenPerLayer() {
        return kBytes;
    }

    /** V bytes per token in one layer. */
    public long vBytesPerTokenPerLayer() {
        return vBytes;
    }

    /** K and V bytes per token in one layer (every layer has the same attention shape). */
    public long bytesPerTokenPerLayer() {
        return kBytes + vBytes;
    }

    /** Bytes one more token adds to the cache while every layer still keeps it (no window yet full). */
    public long bytesPerToken() {
        return Math.multiplyExact(bytesPerTokenPerLayer(), (long) model.layers());
    }

    /** Tokens layer {@code layer} keeps for a sequence of {@code context} tokens. */
    public long tokensHeld(int layer, long context) {
        return model.windows().tokensHeld(layer, context);
    }

    /** The cache for {@code batch} sequences of {@code context} tokens each. */
    public long totalBytes(long context, long batch) {
        long perSequence = 0;
        for (int layer = 0; layer < model.layers(); layer++) {
            perSequence = Math.addExact(perSequence,
                    Math.multiplyExact(tokensHeld(layer, context), bytesPerTokenPerLayer()));
        }
        return Math.multiplyExact(perSequence, batch);
    }

    /**
     * The largest context, at most {@code limit}, whose cache for {@code batch} sequences fits in {@code budget}
     * bytes; 0 when not even one token fits.
     */
    public long maxContext(long budget, long batch, long limit) {
        if (budget < totalBytes(1, batch)) {
            return 0;
        }
        long lo = 1;
        long hi = limit;
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (fits(mid, batch, budget)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private boolean fits(long context, long batch, long budget) {
        try {
            return totalBytes(context, batch) <= budget;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    /** Layers that hold the same number of tokens, for spelling the formula out: full layers, then windowed ones. */
    public List<LayerGroup> groups() {
        List<LayerGroup> groups = new ArrayList<>();
        int sliding = model.windows().slidingCount();
        int full = model.layers() - sliding;
        if (full > 0) {
            groups.add(new LayerGroup(full, 0));
        }
        if (sliding > 0) {
            groups.add(new LayerGroup(sliding, model.windows().window()));
        }
        return groups;
    }

    /**
     * {@code layers} layers that keep the whole context ({@code window == 0}) or at most {@code window} tokens.
     */
    public record LayerGroup(int layers, int window) {
        public boolean sliding() {
            return window > 0;
        }

        public long tokensHeld(long context) {
            return sliding() ? Math.min(context, window) : context;
        }
    }
}
