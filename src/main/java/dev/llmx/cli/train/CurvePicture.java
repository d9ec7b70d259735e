package dev.llmx.cli.train;

import dev.llmx.render.png.PngImage;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code llmx train --png FILE}: the training and validation loss curves as a PNG (java.awt, headless). */
public final class CurvePicture {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final int MARGIN = 60;

    private CurvePicture() {
    }

    /** {@code train[i]}, {@code val[i]}: the losses of step i (NaN where there is none). */
    public static void write(Path target, List<Double> train, List<Double> val) throws IOException {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (List<Double> series : List.of(train, val)) {
            for (double v : series) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(max >= min)) {
            min = 0;
            max = 1;
        } else if (max == min) {
            max = min + 1;
        }
        int steps = Math.max(1, Math.max(train.size(), val.size()) - 1);
        PngImage png = new PngImage(WIDTH, HEIGHT);
        Graphics2D g = png.graphics();
        // This picture's own text: the JDK's default font, without text antialiasing.
        g.setFont(new Font(Font.DIALOG, Font.PLAIN, 12));
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_DEFAULT);
        g.setColor(Color.GRAY);
        g.drawRect(MARGIN, MARGIN / 2, WIDTH - MARGIN - 20, HEIGHT - MARGIN - MARGIN / 2);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%.3f", max), 6, MARGIN / 2 + 5);
        g.drawString(String.format(Locale.ROOT, "%.3f", min), 6, HEIGHT - MARGIN + 5);
        g.drawString("0", MARGIN, HEIGHT - MARGIN + 18);
        g.drawString("step " + steps, WIDTH - 90, HEIGHT - MARGIN + 18);
        g.setColor(new Color(38, 139, 210));
        g.drawString("training loss", MARGIN + 10, HEIGHT - 12);
        draw(g, train, min, max, steps, 1.5f, false);
        g.setColor(new Color(220, 50, 47));
        g.drawString("validation loss", MARGIN + 130, HEIGHT - 12);
        draw(g, val, min, max, steps, 2.5f, true);
        png.write(target);
    }

    private static void draw(Graphics2D g, List<Double> values, double min, double max, int steps, float width,
                             boolean dots) {
        g.setStroke(new BasicStroke(width));
        Path2D.Double line = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            if (!Double.isFinite(v)) {
                continue;
            }
            double x = MARGIN + (double) i / steps * (WIDTH - MARGIN - 20);
            double y = MARGIN / 2.0 + (1 - (v - min) / (max - min)) * (HEIGHT - MARGIN - MARGIN / 2.0);
            if (started) {
                line.lineTo(x, y);
            } else {
                line.moveTo(x, y);
                started = true;
            }
            if (dots) {
                g.fillOval((int) x - 3, (int) y - 3, 6, 6);
            }
        }
        g.draw(line);
    }
}
