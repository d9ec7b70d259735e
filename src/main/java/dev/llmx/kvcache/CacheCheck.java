package dev.llmx.kvcache;

import dev.llmx.render.Units;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code kv-cost --verify}: the bytes the engine's KV cache really allocates for a context, next to the cost model's
 * estimate for the same model, context and element type, with the difference taken apart. The engine differs from
 * the estimate in two known ways: it allocates positions in pages of {@link KvCache#PAGE}, and it keeps every
 * position in every layer, sliding-window layers included (attention reads only the window, but nothing is
 * evicted). Whatever these two do not account for is reported as unexplained.
 *
 * @param requestedType      the --kv-type asked; the comparison is for {@code comparedType}
 * @param comparedType       the type the engine's cache holds (the requested one: the engine allocates every KV type)
 * @param estimatedBytes     the cost model's cache for one sequence of {@code context} tokens in {@code comparedType}
 * @param allocatedBytes     what the engine's cache allocated, all pages of the context in use
 * @param pagedPositions     positions the engine's pages hold per layer ({@code context} rounded up to pages)
 * @param pageRoundingBytes  bytes the page rounding adds, all layers
 * @param windowBytes        bytes the sliding-window layers hold beyond their window
 */
public record CacheCheck(ElementType requestedType, ElementType comparedType, long context, long estimatedBytes,
                         long allocatedBytes, long pagedPositions, long pageRoundingBytes, long windowBytes,
                         int slidingLayers) {
    /** The estimate for {@code model} at {@code context} against {@code cache}, whose pages are all allocated here. */
    public static CacheCheck of(KvModel model, ElementType requested, KvCache cache, long context) {
        ElementType compared = cache.type();
        KvCacheCost cost = new KvCacheCost(model, compared);
        cache.allocateAllPages();
        long perLayerToken = cost.bytesPerTokenPerLayer();
        long paged = cache.pagedCapacity();
        long rounding = Math.multiplyExact(Math.multiplyExact(paged - context, perLayerToken), model.layers());
        long window = 0;
        int sliding = 0;
        for (int layer = 0; layer < model.layers(); layer++) {
            long held = cost.tokensHeld(layer, context);
            if (held < context) {
                sliding++;
                window = Math.addExact(window, Math.multiplyExact(context - held, perLayerToken));
            }
        }
        return new CacheCheck(requested, compared, context, cost.totalBytes(context, 1), cache.allocatedBytes(), paged,
                rounding, window, sliding);
    }

    public boolean equal() {
        return estimatedBytes == allocatedBytes;
    }

    public long differenceBytes() {
        return allocatedBytes - estimatedBytes;
    }

    /** The difference not accounted for by page rounding and windows (0 when the two explain it all). */
    public long unexplainedBytes() {
        return differenceBytes() - pageRoundingBytes - windowBytes;
    }

    /** The comparison in words: which type was compared, and each part of any difference. */
    public String note() {
        List<String> parts = new ArrayList<>();
        if (requestedType != comparedType) {
            parts.add("the engine's cache holds " + comparedType.cliName() + ", not the " + requestedType.cliName()
                    + " asked, so the " + comparedType.cliName() + " estimate is compared");
        }
        if (equal()) {
            parts.add("the engine's cache is exactly the estimate");
        }
        if (pageRoundingBytes != 0) {
            parts.add("the engine allocates positions in pages of " + KvCache.PAGE + ", so a context of " + context
                    + " takes " + pagedPositions + " positions in every layer: " + signed(pageRoundingBytes));
        }
        if (windowBytes != 0) {
            parts.add("the engine keeps every position in its " + slidingLayers + " sliding-window layers (attention"
                    + " reads only the window, nothing is evicted), where the estimate counts the window: "
                    + signed(windowBytes));
        }
        if (unexplainedBytes() != 0) {
            parts.add("unexplained: " + signed(unexplainedBytes()) + " (the engine's layer shapes differ from the"
                    + " model description the estimate uses)");
        }
        return String.join("; ", parts);
    }

    private static String signed(long bytes) {
        return (bytes >= 0 ? "+" : "−") + Units.bytes(Math.abs(bytes)) + " (" + bytes + " B)";
    }
}
