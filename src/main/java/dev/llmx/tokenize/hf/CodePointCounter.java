package dev.llmx.tokenize.hf;

/**
 * Converts increasing UTF-16 indices of a string (regex match positions) to code point indices in amortised constant
 * time, by counting forward from the previous query.
 */
final class CodePointCounter {
    private final String s;
    private int charIndex;
    private int codePointIndex;

    CodePointCounter(String s) {
        this.s = s;
    }

    /** The code point index of UTF-16 index {@code index}; queries must not go backwards. */
    int at(int index) {
        if (index < charIndex) {
            charIndex = 0;
            codePointIndex = 0;
        }
        codePointIndex += s.codePointCount(charIndex, index);
        charIndex = index;
        return codePointIndex;
    }
}
