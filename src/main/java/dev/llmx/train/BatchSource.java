package dev.llmx.train;

/** Where a training loop gets its batches: windows of a text, or conversations. */
public interface BatchSource {
    /** The next batch of {@code sequences} sequences. */
    Batch next(int sequences);
}
