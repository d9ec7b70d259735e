package dev.llmx.embed;

import dev.llmx.UsageException;

import java.util.ArrayList;
import java.util.List;

/**
 * A vector-arithmetic expression over words, such as {@code king - man + woman}: terms joined by {@code +} and
 * {@code -} (spaces around the signs are optional; a leading sign applies to the first term).
 */
public final class Analogy {
    /** One word of the expression with its sign (+1 or −1). */
    public record Term(int sign, String text) {
    }

    private Analogy() {
    }

    public static List<Term> parse(String expression) {
        List<Term> terms = new ArrayList<>();
        int sign = 1;
        StringBuilder word = new StringBuilder();
        boolean signPending = true;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '+' || c == '-') {
                if (!word.toString().isBlank()) {
                    terms.add(new Term(sign, word.toString().strip()));
                    word.setLength(0);
                } else if (!signPending || !terms.isEmpty()) {
                    throw new UsageException("--analogy: two signs in a row in '" + expression
                            + "'; write words joined by + and -, e.g. \"king - man + woman\"");
                }
                sign = c == '+' ? 1 : -1;
                signPending = false;
            } else {
                word.append(c);
            }
        }
        if (word.toString().isBlank()) {
            throw new UsageException("--analogy: '" + expression
                    + "' ends without a word; write words joined by + and -, e.g. \"king - man + woman\"");
        }
        terms.add(new Term(sign, word.toString().strip()));
        return terms;
    }
}
