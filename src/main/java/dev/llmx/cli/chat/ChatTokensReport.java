package dev.llmx.cli.chat;

import dev.llmx.chat.ChatRenderer;
import dev.llmx.chat.TokenizedChat;
import dev.llmx.render.DisplayWidth;
import dev.llmx.render.Report;
import dev.llmx.render.Style;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Visible;
import dev.llmx.tokenize.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code llmx tokenize --chat}: the rendered prompt as tokens, each attributed to its message and role (and marked
 * when it lies in an assistant's reasoning), special tokens highlighted, counts per role. JSON in docs/tokenize.md;
 * its {@code text} is exactly the rendered prompt.
 */
public final class ChatTokensReport implements Report {
    /** The role shown for reasoning tokens inside an assistant turn. */
    static final String THINKING = "thinking";

    private final TokenizedChat chat;
    private final Tokenizer tokenizer;
    private final String origin;

    public ChatTokensReport(TokenizedChat chat, Tokenizer tokenizer, String origin) {
        this.chat = chat;
        this.tokenizer = tokenizer;
        this.origin = origin;
    }

    private String piece(int t) {
        int id = chat.ids()[t];
        return tokenizer.isValid(id) ? new String(tokenizer.bytes(id), StandardCharsets.UTF_8) : "";
    }

    private String visible(int t) {
        int id = chat.ids()[t];
        return tokenizer.isValid(id) ? Visible.bytes(tokenizer.bytes(id)) : "";
    }

    /** Token counts per role, in order of first appearance; reasoning counted under "thinking" as well. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int t = 0; t < chat.ids().length; t++) {
            counts.merge(chat.role()[t], 1, Integer::sum);
        }
        for (int t = 0; t < chat.ids().length; t++) {
            if (chat.thinking()[t]) {
                counts.merge(THINKING, 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer", tokenizer.name());
        m.put("template", origin);
        m.put("text", chat.rendered().text());
        m.put("n_tokens", chat.ids().length);
        m.put("ids", chat.ids());
        List<Object> pieces = new ArrayList<>();
        for (int t = 0; t < chat.ids().length; t++) {
            pieces.add(piece(t));
        }
        m.put("pieces", pieces);
        List<Object> segments = new ArrayList<>();
        for (ChatRenderer.Segment s : chat.rendered().segments()) {
            Map<String, Object> seg = new LinkedHashMap<>();
            seg.put("message", s.message());
            seg.put("role", s.role());
            seg.put("start", s.start());
            seg.put("end", s.end());
            int first = -1;
            int n = 0;
            for (int t = 0; t < chat.ids().length; t++) {
                if (chat.message()[t] == s.message() && chat.role()[t].equals(s.role())) {
                    first = first < 0 ? t : first;
                    n++;
                }
            }
            seg.put("first_token", first);
            seg.put("n_tokens", n);
            seg.put("text", chat.rendered().text().substring(s.start(), s.end()));
            segments.add(seg);
        }
        m.put("segments", segments);
        List<Object> tokens = new ArrayList<>();
        for (int t = 0; t < chat.ids().length; t++) {
            Map<String, Object> tok = new LinkedHashMap<>();
            tok.put("id", chat.ids()[t]);
            tok.put("piece", piece(t));
            tok.put("special", tokenizer.isValid(chat.ids()[t]) && tokenizer.isSpecial(chat.ids()[t]));
            tok.put("message", chat.message()[t]);
            tok.put("role", chat.role()[t]);
            tok.put("thinking", chat.thinking()[t]);
            tokens.add(tok);
        }
        m.put("tokens", tokens);
        m.put("counts", new LinkedHashMap<String, Object>(counts()));
        return m;
    }

    @Override
    public Table toTable() {
        Table t = new Table().right("index", "id").left("piece").left("special").right("message").left("role", "thinking");
        for (int i = 0; i < chat.ids().length; i++) {
            int id = chat.ids()[i];
            t.row(i, id, visible(i), tokenizer.isValid(id) && tokenizer.isSpecial(id), chat.message()[i],
                    chat.role()[i], chat.thinking()[i]);
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        Style style = out.style();
        StringBuilder head = new StringBuilder(style.bold(chat.ids().length + " tokens")).append("  ");
        counts().forEach((role, n) -> head.append(role).append(' ').append(n).append("  "));
        head.append(style.dim("template: " + origin));
        out.line(head.toString().stripTrailing());
        int t = 0;
        int n = chat.ids().length;
        while (t < n) {
            int message = chat.message()[t];
            String role = chat.role()[t];
            int end = t;
            while (end < n && chat.message()[end] == message && chat.role()[end].equals(role)) {
                end++;
            }
            String label = role + (message >= 0 && !role.equals(ChatRenderer.GENERATION_ROLE)
                    ? " · message " + message : "") + " · " + (end - t) + (end - t == 1 ? " token" : " tokens");
            out.line(style.header("── " + label));
            for (String line : pieces(style, t, end, out.width())) {
                out.line(line);
            }
            t = end;
        }
    }

    /**
     * Tokens [from, to) joined and wrapped: special tokens bold, reasoning dim, alternating backgrounds with colour,
     * a {@code │} between tokens without.
     */
    private List<String> pieces(Style style, int from, int to, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int used = 0;
        for (int t = from; t < to; t++) {
            int id = chat.ids()[t];
            String piece = visible(t);
            boolean special = tokenizer.isValid(id) && tokenizer.isSpecial(id);
            int w = DisplayWidth.of(piece) + (style.enabled() ? 0 : 1);
            if (used > 0 && used + w > width) {
                lines.add(line.toString());
                line.setLength(0);
                used = 0;
            }
            String shown = special ? style.bold(piece) : chat.thinking()[t] ? style.dim(piece)
                    : style.tokenBackground(t, piece);
            line.append(style.enabled() || used == 0 ? "" : "│").append(style.enabled() ? shown : piece);
            used += w;
        }
        if (used > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
