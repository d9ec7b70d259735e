package dev.llmx.quant.recipe;

import java.util.Comparator;

/**
 * The order llama.cpp's model loader keeps tensors in, and so the order llama-quantize writes them and counts layers
 * in: tensors outside the blocks first, then block 0, block 1 …; by name within each group.
 */
public final class TensorOrder {
    /** Compares by block number ({@code blk.N.}; −1 outside the blocks), then by name. */
    public static final Comparator<String> LLAMA = Comparator.comparingInt(TensorOrder::block)
            .thenComparing(Comparator.naturalOrder());

    private TensorOrder() {
    }

    /** N of a {@code blk.N.…} name, as {@code sscanf(name, "blk.%d.")} reads it; −1 for other names. */
    public static int block(String name) {
        if (!name.startsWith("blk.")) {
            return -1;
        }
        int i = 4;
        int end = i;
        if (end < name.length() && (name.charAt(end) == '-' || name.charAt(end) == '+')) {
            end++;
        }
        int digitsFrom = end;
        while (end < name.length() && Character.isDigit(name.charAt(end)) && end - digitsFrom < 9) {
            end++;
        }
        return end > digitsFrom ? Integer.parseInt(name.substring(i, end)) : -1;
    }
}
