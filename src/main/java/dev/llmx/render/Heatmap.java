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

    /**
     * The heatmap in at most {@code width} columns. When a cell per value does not fit, neighbouring values are
     * averaged over blocks of {@code k} columns (and, for a square matrix, {@code k} rows: a similarity or attention
     * picture keeps its diagonal), the smallest {@code k} that fits; the first line then says so, and each row is
     * labelled with the range of rows it averages. Work is one pass over the matrix whatever {@code k} is.
     */
    public static List<String> fitted(Matrix m, List<String> rowLabels, double min, double max, Style style,
                                      int width) {
        int labelWidth = 0;
        for (String l : rowLabels) {
            labelWidth = Math.max(labelWidth, DisplayWidth.of(l));
        }
        if (labelWidth + 1 + 2 * m.cols() <= width || m.cols() <= 1) {
            return draw(m, rowLabels, min, max, style);
        }
        boolean square = m.rows() == m.cols();
        int k = 2;
        while (true) {
            int blocks = (m.cols() + k - 1) / k;
            int label = labelWidth;
            if (square) {
                label = 0;
                for (int first = 0; first < m.rows(); first += k) {
                    label = Math.max(label, DisplayWidth.of(rangeLabel(first, k, m.rows())));
                }
            }
            if (label + 1 + 2 * blocks <= width || blocks == 1) {
                break;
            }
            k++;
        }
        int kRows = square ? k : 1;
        Matrix blocks = averaged(m, kRows, k);
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < blocks.rows(); r++) {
            labels.add(square ? rangeLabel(r * k, k, m.rows()) : rowLabels.get(r));
        }
        List<String> lines = new ArrayList<>();
        lines.add(style.dim("means of " + (square ? k + " × " : "") + k + " blocks to fit " + width + " columns"
                + " (column c: " + k + "c…" + k + "c+" + (k - 1) + ")"));
        lines.addAll(draw(blocks, labels, min, max, style));
        return lines;
    }

    /** "8–15": the rows block {@code first / k} averages. */
    private static String rangeLabel(int first, int k, int n) {
        int start = first / k * k;
        int end = Math.min(n, start + k) - 1;
        return start == end ? Integer.toString(start) : start + "–" + end;
    }

    /** The means of the finite values in each {@code kr × kc} block (NaN for a block with none, drawn masked). */
    static Matrix averaged(Matrix m, int kr, int kc) {
        int rows = (m.rows() + kr - 1) / kr;
        int cols = (m.cols() + kc - 1) / kc;
        double[][] sum = new double[rows][cols];
        int[][] count = new int[rows][cols];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                double v = m.get(r, c);
                if (Double.isFinite(v)) {
                    sum[r / kr][c / kc] += v;
                    count[r / kr][c / kc]++;
                }
            }
        }
        float[][] mean = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                mean[r][c] = count[r][c] == 0 ? Float.NaN : (float) (sum[r][c] / count[r][c]);
            }
        }
        return Matrix.of(mean);
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
