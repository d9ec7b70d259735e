package dev.llmx.cli.tokenize;

import dev.llmx.render.GeneratedList;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Visible;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code llmx tokenize --decode}: ids back to text, as the tokenizer's reference implementation decodes them (for a
 * model: llama.cpp's or Hugging Face's rules, not just the pieces joined). The table format writes the decoded bytes
 * themselves (so that {@code tokenize --format json | tokenize --decode} gives the input back byte for byte); JSON
 * adds the pieces.
 */
final class DecodeReport implements Report {
    private final String tokenizer;
    private final int[] ids;
    private final byte[][] pieces;
    private final byte[] bytes;

    DecodeReport(String tokenizer, int[] ids, byte[][] pieces, byte[] decoded) {
        this.tokenizer = tokenizer;
        this.ids = ids;
        this.pieces = pieces;
        this.bytes = decoded;
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", tokenizer);
        m.put("n_tokens", ids.length);
        m.put("n_bytes", bytes.length);
        m.put("text", new String(bytes, StandardCharsets.UTF_8));
        m.put("valid_utf8", Visible.decodeStrict(bytes) != null);
        m.put("ids", ids);
        // Made as the JSON writer reaches them: millions of ids do not become millions of maps at once.
        m.put("tokens", GeneratedList.ofObjects(ids.length, i -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", ids[i]);
            t.put("piece", new String(pieces[i], StandardCharsets.UTF_8));
            t.put("bytes", pieces[i]);
            return t;
        }));
        return m;
    }

    @Override
    public Table toTable() {
        Table t = new Table().right("index", "id").left("piece", "bytes");
        for (int i = 0; i < ids.length; i++) {
            t.row(i, ids[i], new String(pieces[i], StandardCharsets.UTF_8), TokensReport.hex(pieces[i]));
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        throw new IllegalStateException("decoded text is written raw, not as a table");
    }
}
