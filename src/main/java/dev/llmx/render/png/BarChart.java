package dev.llmx.render.png;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Labelled horizontal bars of signed values around a zero axis (positive to the right, in blue; negative in red). */
public final class BarChart {
    private static final int ROW = 18;
    private static final int LEFT = 140;
    private static final int RIGHT = 90;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final int PLOT = 600;

    private BarChart() {
    }

    public static void write(Path file, String title, String valueLabel, String[] labels, double[] values)
            throws IOException {
        int width = LEFT + PLOT + RIGHT;
        int height = TOP + labels.length * ROW + BOTTOM;
        PngImage p = new PngImage(width, Math.max(150, height));
        double min = 0;
        double max = 0;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (max - min < 1e-12) {
            max = min + 1;
        }
        double span = max - min;
        int zero = LEFT + (int) Math.round(PLOT * (0 - min) / span);
        p.centredText(title, width / 2, 22);
        for (int i = 0; i < labels.length; i++) {
            int y = TOP + i * ROW;
            int x = LEFT + (int) Math.round(PLOT * (values[i] - min) / span);
            p.g.setColor(values[i] >= 0 ? new Color(0x1f77b4) : new Color(0xd62728));
            p.g.fillRect(Math.min(x, zero), y + 3, Math.max(1, Math.abs(x - zero)), ROW - 6);
            p.g.setColor(PngImage.INK);
            String label = labels[i];
            p.g.drawString(label, LEFT - 8 - p.g.getFontMetrics().stringWidth(label), y + ROW - 5);
            String value = String.format(Locale.ROOT, "%+.4g", values[i]);
            p.g.drawString(value, LEFT + PLOT + 8, y + ROW - 5);
        }
        p.g.setColor(PngImage.INK);
        p.g.drawLine(zero, TOP - 4, zero, TOP + labels.length * ROW + 4);
        int axis = TOP + labels.length * ROW + 18;
        p.g.drawString(String.format(Locale.ROOT, "%.3g", min), LEFT, axis);
        String right = String.format(Locale.ROOT, "%.3g", max);
        p.g.drawString(right, LEFT + PLOT - p.g.getFontMetrics().stringWidth(right), axis);
        p.centredText(valueLabel, LEFT + PLOT / 2, axis + 18);
        p.write(file);
    }
}
