package dev.llmx.cli.tokenize;

import dev.llmx.render.Report;
import dev.llmx.render.Table;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code llmx tokenize --count}: how many tokens one text is, for one tokenizer. The table view of many counts
 * is drawn by {@link CountTable} so that rows stream and a total can follow.
 */
record CountReport(String tokenizer, Source source, int tokens, int chars, long bytes) implements Report {
    double charsPerToken() {
        return tokens == 0 ? 0 : (double) chars / tokens;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", tokenizer);
        source.putJson(m);
        m.put("n_tokens", tokens);
        m.put("n_chars", chars);
        m.put("n_bytes", bytes);
        m.put("chars_per_token", charsPerToken());
        return m;
    }

    @Override
    public Table toTable() {
        return new Table().left("tokenizer", "source").right("line", "n_tokens", "n_chars", "n_bytes",
                "chars_per_token").row(tokenizer, source.name(), source.line() > 0 ? source.line() : null,
                tokens, chars, bytes, charsPerToken());
    }
}
