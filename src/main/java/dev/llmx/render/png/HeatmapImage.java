package dev.llmx.render.png;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A matrix as a heatmap: one cell per value, white (the smallest) to dark blue (the largest), rows and columns
 * labelled, a colour scale with its end values. Non-finite values (a masked attention score) are grey.
 */
public final class HeatmapImage {
    private static final int MAX_CELL = 28;
    private static final int MIN_CELL = 2;
    private static final int LEFT = 130;
    private static final int TOP = 50;
    private static final int BOTTOM = 120;
    private static final int RIGHT = 120;

    private HeatmapImage() {
    }

    /**
     * @param values    rows × columns
     * @param rowLabels one per row (drawn when cells are tall enough)
     * @param colLabels one per column (drawn vertically when cells are wide enough)
     */
    public static void write(Path file, String title, String xLabel, String yLabel, float[][] values,
                             String[] rowLabels, String[] colLabels) throws IOException {
        int rows = values.length;
        int cols = rows == 0 ? 0 : values[0].length;
        int cell = Math.max(MIN_CELL, Math.min(MAX_CELL, 1200 / Math.max(1, Math.max(rows, cols))));
        int width = Math.max(400, LEFT + cols * cell + RIGHT);
        int height = TOP + rows * cell + BOTTOM;
        PngImage p = new PngImage(width, height);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : values) {
            for (float v : row) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(min <= max)) {
            min = 0;
            max = 1;
        }
        float span = max - min > 0 ? max - min : 1;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = values[r][c];
                p.g.setColor(Float.isFinite(v) ? shade((v - min) / span) : Color.LIGHT_GRAY);
                p.g.fillRect(LEFT + c * cell, TOP + r * cell, cell, cell);
            }
        }
        p.g.setColor(PngImage.INK);
        p.g.drawRect(LEFT, TOP, cols * cell, rows * cell);
        p.centredText(title, width / 2, 22);
        int fontHeight = p.g.getFontMetrics().getHeight();
        if (cell >= fontHeight - 2) {
            for (int r = 0; r < rows; r++) {
                String label = clip(rowLabels[r]);
                p.g.drawString(label, LEFT - 6 - p.g.getFontMetrics().stringWidth(label), TOP + r * cell + cell / 2 + 4);
            }
            for (int c = 0; c < cols; c++) {
                String label = clip(colLabels[c]);
                java.awt.Graphics2D t = (java.awt.Graphics2D) p.g.create();
                t.translate(LEFT + c * cell + cell / 2 + 4, TOP + rows * cell + 6);
                t.rotate(Math.PI / 2);
                t.drawString(label, 0, 0);
                t.dispose();
            }
        } else {
            p.g.drawString("0", LEFT - 14, TOP + 10);
            p.g.drawString(Integer.toString(rows - 1), LEFT - 6 - p.g.getFontMetrics().stringWidth(
                    Integer.toString(rows - 1)), TOP + rows * cell);
            p.g.drawString(Integer.toString(cols - 1), LEFT + cols * cell - 10, TOP + rows * cell + 14);
        }
        p.centredText(xLabel, LEFT + cols * cell / 2, height - 12);
        p.verticalText(yLabel, 16, TOP + rows * cell / 2);
        int scaleX = LEFT + cols * cell + 30;
        int scaleH = Math.max(40, rows * cell);
        for (int i = 0; i < scaleH; i++) {
            p.g.setColor(shade(1 - i / (float) (scaleH - 1)));
            p.g.fillRect(scaleX, TOP + i, 14, 1);
        }
        p.g.setColor(PngImage.INK);
        p.g.drawString(String.format(Locale.ROOT, "%.3g", max), scaleX + 18, TOP + 10);
        p.g.drawString(String.format(Locale.ROOT, "%.3g", min), scaleX + 18, TOP + scaleH);
        p.write(file);
    }

    private static String clip(String s) {
        return s.length() > 16 ? s.substring(0, 15) + "…" : s;
    }

    /** 0 → white, 1 → dark blue. */
    static Color shade(float t) {
        float x = Math.max(0, Math.min(1, t));
        return new Color(Math.round(255 - 247 * x), Math.round(255 - 207 * x), Math.round(255 - 148 * x));
    }
}
