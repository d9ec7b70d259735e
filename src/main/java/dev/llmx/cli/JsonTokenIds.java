package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What counts as a token id in piped JSON, the same for every stage: a whole number from 0 to 2^31-1. Jackson would
 * read 1.5 as 1 and "7" as 7; a stage must not guess.
 */
public final class JsonTokenIds {
    private JsonTokenIds() {
    }

    public static boolean isTokenId(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 0;
    }
}
