package dev.llmx.kvcache;

import dev.llmx.LlmxException;
import dev.llmx.UsageException;

/**
 * The storage types of a KV cache's keys and values: llama.cpp's {@code --cache-type-k/-ctk} and
 * {@code --cache-type-v/-ctv}, with its default (F16 for both). Any of {@link ElementType#names(boolean) the KV cache
 * types}; block types (q8_0, q4_0) need a head dimension that is a multiple of their 32-value block, since a block
 * never spans two heads.
 */
public record KvCacheTypes(ElementType keys, ElementType values) {
    /** llama.cpp's default. */
    public static final KvCacheTypes DEFAULT = new KvCacheTypes(ElementType.F16, ElementType.F16);
    /** Exact: no rounding of what the forward pass computed. */
    public static final KvCacheTypes F32 = new KvCacheTypes(ElementType.F32, ElementType.F32);

    public KvCacheTypes {
        require(keys, "keys");
        require(values, "values");
    }

    /** Both from their command-line names ({@code f16}, {@code q8_0}, …); a usage error names the option. */
    public static KvCacheTypes parse(String keys, String values) {
        return new KvCacheTypes(parseOne(keys, "--cache-type-k"), parseOne(values, "--cache-type-v"));
    }

    /** One type; a usage error names {@code option}. */
    public static ElementType parseOne(String name, String option) {
        ElementType t;
        try {
            t = ElementType.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": unknown cache type '" + name + "' (choose from "
                    + ElementType.names(true) + ")");
        }
        if (!t.allowedForKvCache()) {
            throw new UsageException(option + ": " + t.cliName() + " cannot hold a KV cache (choose from "
                    + ElementType.names(true) + ")");
        }
        return t;
    }

    private static void require(ElementType t, String what) {
        if (t == null || !t.allowedForKvCache()) {
            throw new IllegalArgumentException(what + ": not a KV cache type: " + t);
        }
    }

    /**
     * Checks that a model with {@code keyDim}-value key heads and {@code valueDim}-value value heads can hold this
     * cache: a block never spans two heads, so a block type needs head dimensions that are multiples of its block.
     */
    public KvCacheTypes requireFits(int keyDim, int valueDim) {
        requireFits(keys, keyDim, "keys");
        requireFits(values, valueDim, "values");
        return this;
    }

    private static void requireFits(ElementType t, int headDim, String side) {
        if (!t.fitsWholeBlocks(headDim)) {
            throw new LlmxException("a " + t.cliName() + " cache of " + side + " needs a head dimension that is a"
                    + " multiple of " + t.blockValues() + "; this model's is " + headDim + " (use f16 or f32)");
        }
    }

    /** {@code f16} when both are the same, else {@code q8_0/f16} (keys/values). */
    public String label() {
        return keys == values ? keys.cliName() : keys.cliName() + "/" + values.cliName();
    }
}
