package dev.llmx.cli.tokenize;

import dev.llmx.render.Cells;
import dev.llmx.render.DisplayWidth;
import dev.llmx.render.Report;
import dev.llmx.render.Style;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code llmx tokenize}: every token of one text, with its id, piece and place. */
final class TokensReport implements Report {
    private final TokenizedText tokenized;

    TokensReport(TokenizedText tokenized) {
        this.tokenized = tokenized;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", tokenized.tokenizer());
        tokenized.source().putJson(m);
        m.put("n_tokens", tokenized.tokens().size());
        m.put("n_chars", tokenized.chars());
        m.put("n_bytes", tokenized.bytes());
        m.put("ids", tokenized.ids());
        m.put("tokens", tokenized.tokensJson());
        return m;
    }

    @Override
    public Table toTable() {
        Table t = new Table().left("source").right("line", "index", "id").left("piece").right("start", "end")
                .left("bytes");
        int i = 0;
        Source s = tokenized.source();
        for (TokenizedText.Token token : tokenized.tokens()) {
            t.row(s.name(), s.line() > 0 ? s.line() : null, i++, token.id(), token.piece(), token.start(),
                    token.end(), hex(token.bytes()));
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        Style style = out.style();
        Source s = tokenized.source();
        String where = s.name().equals("argument") ? "" : "  " + style.dim(s.describe());
        out.line(style.bold(tokenized.tokenizer()) + "  " + plural(tokenized.tokens().size(), "token") + "  "
                + plural(tokenized.chars(), "char") + "  " + plural(tokenized.bytes(), "byte") + "  "
                + Cells.fixed(tokenized.charsPerToken(), 2) + " chars/token" + where);
        for (String line : joinedPieces(style, out.width())) {
            out.line(line);
        }
        Table t = new Table().right("index", "id").left("piece").right("start", "end");
        int i = 0;
        for (TokenizedText.Token token : tokenized.tokens()) {
            t.row(i++, token.id(), token.visiblePiece(), token.start(), token.end());
        }
        out.table(t);
    }

    /**
     * The text cut into its tokens, wrapped to the terminal width: alternating backgrounds with colour, a
     * {@code │} between tokens without.
     */
    private List<String> joinedPieces(Style style, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int used = 0;
        int i = 0;
        for (TokenizedText.Token token : tokenized.tokens()) {
            String piece = token.visiblePiece();
            int pieceWidth = DisplayWidth.of(piece) + (style.enabled() ? 0 : 1);
            if (used > 0 && used + pieceWidth > width) {
                lines.add(line.toString());
                line.setLength(0);
                used = 0;
            }
            if (style.enabled()) {
                line.append(style.tokenBackground(i, piece));
            } else {
                line.append(used == 0 ? "" : "│").append(piece);
            }
            used += pieceWidth;
            i++;
        }
        if (used > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
