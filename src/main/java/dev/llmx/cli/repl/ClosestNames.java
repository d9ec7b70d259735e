package dev.llmx.cli.repl;

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
            if (prefix || distance(typed, name) <= MAX_EDITS) {
                close.add(name);
            }
        }
        return close;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
