package dev.llmx.intervene;

import dev.llmx.engine.ProbeTensor;

import java.util.Map;

/**
 * One change made to one probe point's tensor as the pass computes it (see {@link dev.llmx.engine.Probe#observe}):
 * ablation, patching and steering are each an {@code Edit}, all applied by one {@link InterventionProbe}.
 */
public interface Edit {
    /** The probe whose tensor this edits ({@code blk.2.kqv_out}). */
    String probe();

    /** Changes {@code tensor}'s values in place. */
    void apply(ProbeTensor tensor);

    /** What it does, for the report ({@code {"kind": "ablate", "target": "blk.1.head.0", …}}). */
    Map<String, Object> toJson();
}
