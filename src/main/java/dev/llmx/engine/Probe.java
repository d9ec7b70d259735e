package dev.llmx.engine;

/**
 * An observer of the forward pass: it names the tensors it wants and receives each as it is computed. A pass
 * without a probe does no extra work at all; with one, only the tensors it asked for are handed over (the
 * attention scores and weights, which the pass does not otherwise keep, are built only when asked for). A probe can
 * also edit what it is handed (see {@link #observe}).
 */
public interface Probe {
    /** Whether to deliver the tensor called {@code name} ({@code blk.0.q}, {@code logits} …; see {@link Stage}). */
    boolean wants(String name);

    /**
     * A tensor as computed; its values are valid only during the call (copy what you keep). The values are the pass's
     * own: where {@link Stage#editable()} a probe may change them in place and the pass goes on with the changed
     * tensor — the one mechanism behind ablation, activation patching and steering (a probe that only reads changes
     * nothing).
     */
    void observe(ProbeTensor tensor);
}
