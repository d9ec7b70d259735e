package dev.llmx.cli.tokenize;

import dev.llmx.render.Cells;
import dev.llmx.render.DisplayWidth;
import dev.llmx.render.Report;
import dev.llmx.render.Style;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Iterator;
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
        joinedPieces(style, out.width(), out::line);
        // Streamed: widths from one pass, then each row written as it is made. Building the whole table first
        // (five boxed cells and their strings per token, kept until the widths are known) made a 1 MiB input of
        // byte-fallback tokens take 2.7 GB and most of the run's time in the collector.
        List<TokenizedText.Token> tokens = tokenized.tokens();
        int[] widths = new int[5];
        widths[0] = digits(Math.max(0, tokens.size() - 1));
        for (TokenizedText.Token token : tokens) {
            widths[1] = Math.max(widths[1], digits(token.id()));
            widths[2] = Math.max(widths[2], DisplayWidth.of(token.visiblePiece()));
            widths[4] = Math.max(widths[4], digits(token.end()));
        }
        widths[3] = widths[4];
        Iterator<Object[]> rows = new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < tokens.size();
            }

            @Override
            public Object[] next() {
                TokenizedText.Token token = tokens.get(i);
                return new Object[] {i++, token.id(), token.visiblePiece(), token.start(), token.end()};
            }
        };
        out.table(new Table().right("index", "id").left("piece").right("start", "end"), widths, rows);
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    /**
     * The text cut into its tokens, wrapped to the terminal width: alternating backgrounds with colour, a
     * {@code │} between tokens without.
     */
    private void joinedPieces(Style style, int width, java.util.function.Consumer<String> lines) {
        StringBuilder line = new StringBuilder();
        int used = 0;
        int i = 0;
        for (TokenizedText.Token token : tokenized.tokens()) {
            String piece = token.visiblePiece();
            int pieceWidth = DisplayWidth.of(piece) + (style.enabled() ? 0 : 1);
            if (used > 0 && used + pieceWidth > width) {
                lines.accept(line.toString());
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
            lines.accept(line.toString());
        }
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
