package dev.llmx.tokenize.pretokenize;

import java.util.List;

/**
 * Splits text into the pieces ("words") that the tokenizer model then encodes one by one: a sequence of
 * {@link SplitStep}s, each refining the pieces of the one before.
 */
public final class PreTokenizer {
    private final List<SplitStep> steps;

    public PreTokenizer(List<SplitStep> steps) {
        this.steps = List.copyOf(steps);
    }

    public static PreTokenizer of(SplitStep... steps) {
        return new PreTokenizer(List.of(steps));
    }

    /** The stages, in order. */
    public List<SplitStep> steps() {
        return steps;
    }

    /** Splits the whole of {@code t}; the pieces land in {@code out} (and {@code scratch} is clobbered). */
    public void split(CodepointText t, Cuts out, Cuts scratch) {
        out.clear();
        out.add(t.length());
        for (SplitStep step : steps) {
            scratch.clear();
            for (int i = 0; i < out.size(); i++) {
                step.split(t, out.start(i), out.end(i), scratch);
            }
            out.copyFrom(scratch);
        }
    }
}
