package dev.llmx.cli;

import dev.llmx.UsageException;

/** {@code --track TOKEN}: the one token whose probability a command follows, given as its text. */
final class TrackedToken {
    private TrackedToken() {
    }

    /** The id of the single token {@code text} encodes to (without BOS); anything else is a usage error. */
    static int id(EngineModel em, String text) {
        return id(em, text, "--track");
    }

    /** As {@link #id(EngineModel, String)}, naming {@code option} in the error. */
    static int id(EngineModel em, String text, String option) {
        int[] ids = em.tokenizer.encode(text, true, false).ids();
        if (ids.length != 1) {
            throw new UsageException(option + " '" + text + "' is " + ids.length + " tokens; give the text of exactly one token"
                    + " (see llmx tokenize -m MODEL TEXT; a SentencePiece model adds the leading space itself)");
        }
        return ids[0];
    }
}
