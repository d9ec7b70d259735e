package dev.llmx.train;

/** A held-out set and how it is scored: the mean negative log-likelihood over its scored predictions. */
public interface Evaluation {
    /** The loss of {@code net}'s current weights, run {@code sequences} sequences at a time. */
    double loss(LlamaNetwork net, int sequences);

    /** Predictions scored. */
    int scored();
}
