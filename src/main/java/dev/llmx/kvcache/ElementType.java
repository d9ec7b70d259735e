package dev.llmx.kvcache;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How many bytes a run of values takes in one of ggml's storage types. Block formats store a scale with every
 * block, so they are counted by whole blocks: q8_0 keeps 32 values in 34 bytes (32 int8 + one f16 scale), q4_0
 * keeps 32 values in 18 bytes. The layouts are ggml's ({@code ggml/src/ggml-common.h}).
 *
 * <p>Only the first five may hold a KV cache (llama.cpp's {@code --cache-type-k/-v} choices this command offers);
 * the rest describe weights.
 */
public enum ElementType implements WeightStorage {
    F32("f32", 1, 4, true),
    F16("f16", 1, 2, true),
    BF16("bf16", 1, 2, true),
    Q8_0("q8_0", 32, 34, true),
    Q4_0("q4_0", 32, 18, true),
    Q6_K("q6_k", 256, 210, false),
    Q5_K("q5_k", 256, 176, false),
    Q5_0("q5_0", 32, 22, false),
    Q4_K("q4_k", 256, 144, false),
    MXFP4("mxfp4", 32, 17, false),
    Q3_K("q3_k", 256, 110, false),
    Q2_K("q2_k", 256, 84, false);

    private final String cliName;
    private final int blockValues;
    private final int blockBytes;
    private final boolean kvCache;

    ElementType(String cliName, int blockValues, int blockBytes, boolean kvCache) {
        this.cliName = cliName;
        this.blockValues = blockValues;
        this.blockBytes = blockBytes;
        this.kvCache = kvCache;
    }

    @Override
    public String label() {
        return cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Values per block (1 for plain floats). */
    public int blockValues() {
        return blockValues;
    }

    /** Bytes per block, scales included. */
    public int blockBytes() {
        return blockBytes;
    }

    public boolean allowedForKvCache() {
        return kvCache;
    }

    /** Bits per value, scales included: 8.5 for q8_0, 4.5 for q4_0. */
    public double bitsPerValue() {
        return blockBytes * 8.0 / blockValues;
    }

    /** Whether a row of {@code values} fills whole blocks, as ggml requires of every tensor row. */
    public boolean fitsWholeBlocks(long values) {
        return values % blockValues == 0;
    }

    /** Bytes of {@code values} values stored as whole blocks (a partial last block still takes a whole block). */
    @Override
    public long bytes(long values) {
        if (values < 0) {
            throw new IllegalArgumentException("negative value count " + values);
        }
        long blocks = values / blockValues + (values % blockValues == 0 ? 0 : 1);
        return Math.multiplyExact(blocks, (long) blockBytes);
    }

    /** The type named {@code name} (case-insensitive), or an {@link IllegalArgumentException} listing the names. */
    public static ElementType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ElementType t : values()) {
            if (t.cliName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown type '" + name + "'");
    }

    /** Comma-separated names; only the KV cache types when {@code kvOnly}. */
    public static String names(boolean kvOnly) {
        return Arrays.stream(values()).filter(t -> !kvOnly || t.kvCache).map(ElementType::cliName)
                .collect(Collectors.joining(", "));
    }
}
