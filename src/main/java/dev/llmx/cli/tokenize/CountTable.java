package dev.llmx.cli.tokenize;

import dev.llmx.render.Cells;
import dev.llmx.render.DisplayWidth;
import dev.llmx.render.TextOut;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The human view of {@code --count}: one row per text and tokenizer, streamed with fixed-width number columns so
 * that {@code --lines} over a huge file prints as it goes; then, per tokenizer that counted several texts, a total.
 */
final class CountTable {
    private static final int NUMBER = 11;
    private final TextOut out;
    private final int tokenizerWidth;
    /** Per tokenizer: texts, tokens, chars, bytes. */
    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private boolean headerWritten;

    CountTable(TextOut out, int tokenizerWidth) {
        this.out = out;
        this.tokenizerWidth = Math.max(tokenizerWidth, "tokenizer".length());
    }

    void add(CountReport r) {
        if (!headerWritten) {
            out.line(out.style().bold(line("tokenizer", "tokens", "chars", "bytes", "chars/token", "source")));
            headerWritten = true;
        }
        long[] t = totals.computeIfAbsent(r.tokenizer(), k -> new long[4]);
        t[0]++;
        t[1] += r.tokens();
        t[2] += r.chars();
        t[3] += r.bytes();
        out.line(line(r.tokenizer(), Long.toString(r.tokens()), Long.toString(r.chars()), Long.toString(r.bytes()),
                ratio(r.charsPerToken()), r.source().describe()));
    }

    void finish() {
        for (Map.Entry<String, long[]> e : totals.entrySet()) {
            long[] t = e.getValue();
            if (t[0] > 1) {
                out.line(out.style().bold(line(e.getKey(), Long.toString(t[1]), Long.toString(t[2]),
                        Long.toString(t[3]), ratio(t[1] == 0 ? 0 : (double) t[2] / t[1]),
                        "total of " + t[0])));
            }
        }
    }

    private static String ratio(double v) {
        return Cells.fixed(v, 2);
    }

    private String line(String tokenizer, String tokens, String chars, String bytes, String cpt, String source) {
        return DisplayWidth.pad(tokenizer, tokenizerWidth, false)
                + DisplayWidth.pad(tokens, NUMBER, true) + DisplayWidth.pad(chars, NUMBER, true)
                + DisplayWidth.pad(bytes, NUMBER, true) + DisplayWidth.pad(cpt, 13, true) + "  " + source;
    }
}
