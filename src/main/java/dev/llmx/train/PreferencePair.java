package dev.llmx.train;

/**
 * One ranked pair of preference tuning, as token ids: the prompt (with the BOS the model adds) and the two responses
 * that follow it, the preferred one and the other.
 */
public record PreferencePair(int[] prompt, int[] chosen, int[] rejected) {
    public PreferencePair {
        if (prompt.length == 0 || chosen.length == 0 || rejected.length == 0) {
            throw new IllegalArgumentException("a preference pair needs a prompt and two non-empty responses");
        }
    }
}
