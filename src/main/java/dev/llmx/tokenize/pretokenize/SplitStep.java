package dev.llmx.tokenize.pretokenize;

/** One stage of a pre-tokenizer: splits a piece {@code [start, end)} further, appending the new piece ends. */
@FunctionalInterface
public interface SplitStep {
    /** Appends to {@code out} the ends of the pieces {@code [start, end)} splits into; the last one is {@code end}. */
    void split(CodepointText t, int start, int end, Cuts out);

    /**
     * A regex used the way llama.cpp's {@code unicode_regex_split} uses it: every match is a piece, and so is the
     * text between two matches.
     */
    static SplitStep matches(Rule rule) {
        return (t, start, end, out) -> {
            int pos = start;
            while (pos < end) {
                int m = rule.match(t, pos, end);
                if (m > pos) {
                    out.add(pos);
                    out.add(m);
                    pos = m;
                } else {
                    pos++;
                }
            }
            out.add(end);
        };
    }
}
