package dev.llmx.cli.tokenize;

import dev.llmx.render.DisplayWidth;
import dev.llmx.render.Style;
import dev.llmx.render.Visible;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws where several tokenizers cut the same text, aligned column for column under it:
 * <pre>
 * text         Hello·world,·tokenizers!
 * cl100k_base  └───┘└────┘│└────┘└──┘│
 * o200k_base   └───┘└────┘│└────────┘│
 * </pre>
 * Each token is a bracket as wide as its characters; a one-column token is {@code │}. Long texts wrap into
 * blocks that fit the terminal, and a token that crosses a wrap stays open ({@code └──} … {@code ──┘}).
 */
final class BoundaryRuler {
    private BoundaryRuler() {
    }

    static List<String> draw(String text, List<TokenizedText> rows, int width, Style style) {
        int[] cps = text.codePoints().toArray();
        String[] shown = new String[cps.length];
        int[] widths = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            shown[i] = Visible.text(new String(Character.toChars(cps[i])));
            widths[i] = DisplayWidth.of(shown[i]);
        }
        int labelWidth = "text".length();
        for (TokenizedText r : rows) {
            labelWidth = Math.max(labelWidth, DisplayWidth.of(r.tokenizer()));
        }
        int available = Math.max(10, width - labelWidth - 2);
        List<int[]> owners = new ArrayList<>();
        for (TokenizedText r : rows) {
            owners.add(ownerOfEachChar(r, cps.length));
        }

        List<String> lines = new ArrayList<>();
        int chunkStart = 0;
        while (chunkStart < cps.length) {
            int used = 0;
            int chunkEnd = chunkStart;
            while (chunkEnd < cps.length && (used + widths[chunkEnd] <= available || chunkEnd == chunkStart)) {
                used += widths[chunkEnd];
                chunkEnd++;
            }
            StringBuilder textLine = new StringBuilder();
            for (int i = chunkStart; i < chunkEnd; i++) {
                textLine.append(shown[i]);
            }
            if (!lines.isEmpty()) {
                lines.add("");
            }
            lines.add(style.dim(DisplayWidth.pad("text", labelWidth, false)) + "  " + textLine);
            for (int r = 0; r < rows.size(); r++) {
                lines.add(DisplayWidth.pad(rows.get(r).tokenizer(), labelWidth, false) + "  "
                        + bracketLine(owners.get(r), widths, chunkStart, chunkEnd));
            }
            chunkStart = chunkEnd;
        }
        return lines;
    }

    /** For each character, the index of the token that covers it (the last one, where split characters overlap). */
    private static int[] ownerOfEachChar(TokenizedText row, int nChars) {
        int[] owner = new int[nChars];
        java.util.Arrays.fill(owner, -1);
        List<TokenizedText.Token> tokens = row.tokens();
        for (int t = 0; t < tokens.size(); t++) {
            for (int c = tokens.get(t).start(); c < Math.min(tokens.get(t).end(), nChars); c++) {
                owner[c] = t;
            }
        }
        return owner;
    }

    private static String bracketLine(int[] owner, int[] widths, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            int t = owner[i];
            if (t < 0) {
                sb.append(" ".repeat(widths[i]));
                continue;
            }
            // Only characters that take columns can carry an edge; zero-width ones (combining marks) pass it on.
            if (widths[i] == 0) {
                continue;
            }
            boolean startsToken = firstVisible(owner, widths, i, t);
            boolean endsToken = lastVisible(owner, widths, i, t);
            for (int col = 0; col < widths[i]; col++) {
                boolean left = startsToken && col == 0;
                boolean right = endsToken && col == widths[i] - 1;
                sb.append(left && right ? '│' : left ? '└' : right ? '┘' : '─');
            }
        }
        return sb.toString();
    }

    /** Whether {@code i} is the first column-taking character of token {@code t}. */
    private static boolean firstVisible(int[] owner, int[] widths, int i, int t) {
        for (int k = i - 1; k >= 0 && owner[k] == t; k--) {
            if (widths[k] > 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code i} is the last column-taking character of token {@code t}. */
    private static boolean lastVisible(int[] owner, int[] widths, int i, int t) {
        for (int k = i + 1; k < owner.length && owner[k] == t; k++) {
            if (widths[k] > 0) {
                return false;
            }
        }
        return true;
    }
}
