package dev.llmx.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A matrix as a grid of shaded cells with labelled rows: attention weights (query × key), cosine similarities.
 * Each cell is two columns wide; colour adds a blue→yellow background, and without colour the shade characters
 * carry the value on their own. Non-finite values (masked positions) show as a dim dot. Columns are numbered in
 * the header (units digit, with tens above when there are more than ten), and a legend maps shades to values.
 */
public final class Heatmap {
    private Heatmap() {
    }

    /**
     * @param rowLabels one label per row (a token piece, say); shown left of the row
     * @param min       the value drawn as the lightest shade
     * @param max       the value drawn as the darkest shade
     */
    public static List<String> draw(Matrix m, List<String> rowLabels, double min, double max, Style style) {
        return draw(m, rowLabels, 0, min, max, style);
    }

    /** As {@link #draw(Matrix, List, double, double, Style)}, the columns numbered from {@code firstColumn}. */
    public static List<String> draw(Matrix m, List<String> rowLabels, int firstColumn, double min, double max,
                                    Style style) {
        if (rowLabels.size() != m.rows()) {
            throw new IllegalArgumentException(rowLabels.size() + " labels for " + m.rows() + " rows");
        }
        int labelWidth = 0;
        for (String l : rowLabels) {
            labelWidth = Math.max(labelWidth, DisplayWidth.of(l));
        }
        String indent = " ".repeat(labelWidth + 1);
        List<String> lines = new ArrayList<>();
        if (firstColumn + m.cols() > 10) {
            StringBuilder tens = new StringBuilder(indent);
            for (int i = 0; i < m.cols(); i++) {
                int c = firstColumn + i;
                tens.append(c % 10 == 0 || i == 0 ? String.format(Locale.ROOT, "%-2d", (c / 10) % 100) : "  ");
            }
            lines.add(style.dim(tens.toString().stripTrailing()));
        }
        StringBuilder units = new StringBuilder(indent);
        for (int c = firstColumn; c < firstColumn + m.cols(); c++) {
            units.append(' ').append(c % 10);
        }
        lines.add(style.dim(units.toString()));
        double span = max > min ? max - min : 1;
        for (int r = 0; r < m.rows(); r++) {
            StringBuilder row = new StringBuilder(DisplayWidth.pad(rowLabels.get(r), labelWidth, true)).append(' ');
            for (int c = 0; c < m.cols(); c++) {
                double v = m.get(r, c);
                row.append(Pictures.heatCell(Double.isFinite(v) ? (v - min) / span : v, style));
            }
            lines.add(row.toString());
        }
        lines.add(legend(min, max, style));
        return lines;
    }

    private static String legend(double min, double max, Style style) {
        StringBuilder sb = new StringBuilder("scale ");
        int steps = 5;
        for (int i = 0; i < steps; i++) {
            double t = i / (double) (steps - 1);
            sb.append(Pictures.heatCell(t, style)).append(' ').append(Cells.number(min + t * (max - min))).append("  ");
        }
        sb.append(style.dim("· masked"));
        return sb.toString();
    }
}
