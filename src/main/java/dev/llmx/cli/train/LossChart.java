package dev.llmx.cli.train;

import dev.llmx.render.Cells;

import java.util.ArrayList;
import java.util.List;

/**
 * The loss curve as text: training loss as dots and validation loss as diamonds over the steps, the y axis labelled
 * with the loss range. Steps are bucketed into the columns available (each column shows its bucket's mean).
 */
public final class LossChart {
    private LossChart() {
    }

    /**
     * @param train one value per step (NaN where none)
     * @param val   one value per step (NaN where not measured)
     */
    public static List<String> draw(double[] train, double[] val, int steps, int width, int height) {
        int columns = Math.max(8, width - 10);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] series : new double[][] {train, val}) {
            for (double v : series) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        char[][] grid = new char[height][columns];
        for (char[] row : grid) {
            java.util.Arrays.fill(row, ' ');
        }
        if (min < max || min == max && Double.isFinite(min)) {
            double span = max > min ? max - min : 1;
            place(grid, bucket(train, steps, columns), min, span, '·');
            place(grid, bucket(val, steps, columns), min, span, '◆');
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < height; r++) {
            String label = r == 0 && Double.isFinite(max) ? Cells.format(round(max))
                    : r == height - 1 && Double.isFinite(min) ? Cells.format(round(min)) : "";
            lines.add(String.format("%8s │%s", label, new String(grid[r])).stripTrailing());
        }
        lines.add("         └" + "─".repeat(columns) + " step " + steps + "   · train  ◆ validation");
        return lines;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double[] bucket(double[] values, int steps, int columns) {
        double[] sum = new double[columns];
        int[] count = new int[columns];
        int n = Math.max(1, Math.max(steps, values.length));
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                int c = (int) Math.min(columns - 1, (long) i * columns / n);
                sum[c] += values[i];
                count[c]++;
            }
        }
        double[] out = new double[columns];
        for (int c = 0; c < columns; c++) {
            out[c] = count[c] > 0 ? sum[c] / count[c] : Double.NaN;
        }
        return out;
    }

    private static void place(char[][] grid, double[] values, double min, double span, char mark) {
        int height = grid.length;
        for (int c = 0; c < values.length; c++) {
            if (Double.isFinite(values[c])) {
                int row = (int) Math.round((1 - (values[c] - min) / span) * (height - 1));
                grid[Math.max(0, Math.min(height - 1, row))][c] = mark;
            }
        }
    }
}
