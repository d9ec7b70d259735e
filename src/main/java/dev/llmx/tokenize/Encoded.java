package dev.llmx.tokenize;

/**
 * The result of encoding: token ids and, for each token, the half-open span {@code [byteStart, byteEnd)} of the
 * input's UTF-8 bytes it stands for. A token added by the tokenizer itself (BOS) has an empty span.
 */
public record Encoded(int[] ids, int[] byteStarts, int[] byteEnds) {
    public Encoded {
        if (ids.length != byteStarts.length || ids.length != byteEnds.length) {
            throw new IllegalArgumentException("ids and spans differ in length");
        }
    }

    public int size() {
        return ids.length;
    }
}
