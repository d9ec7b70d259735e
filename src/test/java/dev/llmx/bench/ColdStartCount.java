package dev.llmx.bench;

import dev.llmx.tokenize.tiktoken.TiktokenEncoding;

/**
 * Cold-start probe: loads one tiktoken encoding and prints the token count of a text, the work of
 * {@code llmx tokenize --count}. Timed from outside with hyperfine against {@link ColdStartHello}
 * (see docs/benchmarks.md). Arguments: [ENCODING [TEXT]], default o200k_base "hi".
 */
public final class ColdStartCount {
    private ColdStartCount() {
    }

    public static void main(String[] args) {
        String encoding = args.length > 0 ? args[0] : "o200k_base";
        String text = args.length > 1 ? args[1] : "hi";
        System.out.println(TiktokenEncoding.load(encoding).count(text, false));
    }
}
