package dev.llmx.cli.tokenize;

import dev.llmx.render.Style;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one tokenization cuts a text differently from another: the tokens whose character span is not the span of
 * any token of the other (ids are not compared: different vocabularies number tokens differently).
 */
record Difference(List<Integer> indices) {
    private static final int SHOWN = 12;

    static Difference of(TokenizedText r, TokenizedText base) {
        Set<Long> spans = new HashSet<>();
        for (TokenizedText.Token t : base.tokens()) {
            spans.add(span(t));
        }
        List<Integer> differing = new ArrayList<>();
        for (int i = 0; i < r.tokens().size(); i++) {
            if (!spans.contains(span(r.tokens().get(i)))) {
                differing.add(i);
            }
        }
        return new Difference(differing);
    }

    private static long span(TokenizedText.Token t) {
        return ((long) t.start() << 32) | t.end();
    }

    /** The differing tokens as the JSON contract writes them: {@code [{index, id, piece, start, end}]}. */
    List<Object> toJson(TokenizedText r) {
        List<Object> list = new ArrayList<>(indices.size());
        for (int i : indices) {
            TokenizedText.Token t = r.tokens().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("id", t.id());
            m.put("piece", t.piece());
            m.put("start", t.start());
            m.put("end", t.end());
            list.add(m);
        }
        return list;
    }

    /** One line for people: how many tokens cut where the base does, and the first differing ones. */
    String describe(TokenizedText r, TokenizedText base, Style style) {
        int same = r.tokens().size() - indices.size();
        StringBuilder sb = new StringBuilder();
        sb.append(style.bold(r.tokenizer())).append(": ").append(same).append(" of ").append(r.tokens().size())
                .append(" tokens cut where ").append(base.tokenizer()).append(" cuts");
        if (indices.isEmpty()) {
            return sb.append(java.util.Arrays.equals(r.ids(), base.ids()) ? " (same ids)" : "").toString();
        }
        sb.append("; differs at");
        for (int k = 0; k < Math.min(SHOWN, indices.size()); k++) {
            TokenizedText.Token t = r.tokens().get(indices.get(k));
            sb.append(' ').append(t.visiblePiece()).append(style.dim("@" + t.start() + "–" + t.end()));
        }
        if (indices.size() > SHOWN) {
            sb.append(" … (").append(indices.size() - SHOWN).append(" more)");
        }
        return sb.toString();
    }
}
