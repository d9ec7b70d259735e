package dev.llmx.cli.repl;

import dev.llmx.EditDistance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** "Did you mean …?" for a mistyped command: the known names within a couple of edits, or sharing its start. */
final class ClosestNames {
    private static final int MAX_EDITS = 2;

    private ClosestNames() {
    }

    static List<String> to(String typed, Collection<String> names) {
        List<String> close = new ArrayList<>();
        for (String name : names) {
            boolean prefix = typed.length() >= 2 && (name.startsWith(typed) || typed.startsWith(name));
            if (prefix || EditDistance.levenshtein(typed, name) <= MAX_EDITS) {
                close.add(name);
            }
        }
        return close;
    }
}
