package dev.llmx.cli.tokenize;

import dev.llmx.render.Cells;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code llmx tokenize --compare A,B,…}: one text through several tokenizers, side by side: counts, the boundaries
 * drawn under the text, and, against the first tokenizer, whether the ids are the same and which tokens cut the
 * text differently (a token "differs" when the first tokenizer has no token with exactly its character span).
 */
final class CompareReport implements Report {
    private final String text;
    private final List<TokenizedText> results;

    CompareReport(String text, List<TokenizedText> results) {
        this.text = text;
        this.results = results;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        TokenizedText first = results.get(0);
        first.source().putJson(m);
        m.put("n_chars", first.chars());
        m.put("n_bytes", first.bytes());
        List<Object> list = new ArrayList<>();
        for (TokenizedText r : results) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("tokenizer", r.tokenizer());
            e.put("n_tokens", r.tokens().size());
            e.put("chars_per_token", r.charsPerToken());
            if (r != first) {
                Difference d = Difference.of(r, first);
                e.put("same_ids_as_first", java.util.Arrays.equals(r.ids(), first.ids()));
                e.put("n_same_boundaries", r.tokens().size() - d.indices().size());
                e.put("differing", d.toJson(r));
            }
            e.put("ids", r.ids());
            e.put("tokens", r.tokensJson());
            list.add(e);
        }
        m.put("tokenizers", list);
        return m;
    }

    @Override
    public Table toTable() {
        Table t = new Table().left("source").right("line").left("tokenizer")
                .right("n_tokens", "n_chars", "n_bytes", "chars_per_token");
        for (TokenizedText r : results) {
            Source s = r.source();
            t.row(s.name(), s.line() > 0 ? s.line() : null, r.tokenizer(), r.tokens().size(), r.chars(), r.bytes(),
                    r.charsPerToken());
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        TokenizedText first = results.get(0);
        out.line(out.style().dim(first.source().describe() + ": " + first.chars() + " chars, " + first.bytes()
                + " bytes"));
        Table t = new Table().left("tokenizer").right("tokens", "chars/token", "vs " + first.tokenizer(),
                "same cuts").left("same ids");
        for (TokenizedText r : results) {
            boolean isFirst = r == first;
            t.row(r.tokenizer(), r.tokens().size(), Cells.fixed(r.charsPerToken(), 2),
                    relative(r, first), isFirst ? "" : r.tokens().size() - Difference.of(r, first).indices().size(),
                    isFirst ? "" : java.util.Arrays.equals(r.ids(), first.ids()) ? "yes" : "no");
        }
        out.table(t);
        for (TokenizedText r : results.subList(1, results.size())) {
            out.line(Difference.of(r, first).describe(r, first, out.style()));
        }
        out.line();
        for (String line : BoundaryRuler.draw(text, results, out.width(), out.style())) {
            out.line(line);
        }
    }

    private static String relative(TokenizedText r, TokenizedText base) {
        if (r == base) {
            return "";
        }
        if (base.tokens().isEmpty()) {
            return "";
        }
        double change = 100.0 * (r.tokens().size() - base.tokens().size()) / base.tokens().size();
        return (change >= 0 ? "+" : "") + Cells.fixed(change, 1) + "%";
    }
}
