package dev.llmx.cli.train;

import dev.llmx.render.png.PngImage;
import dev.llmx.train.ToySurface;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The toy surface and the optimizers' paths as a PNG (java.awt, headless: no display needed). */
public final class ToyPicture {
    private static final Color[] COLORS = {new Color(220, 50, 47), new Color(38, 139, 210), new Color(133, 153, 0)};

    private ToyPicture() {
    }

    public static void write(Path target, ToySurface surface, List<ToyReport.Run> runs) throws IOException {
        int width = 720;
        int height = 540;
        double[] w = surface.window();
        PngImage png = new PngImage(width, height);
        BufferedImage img = png.image();
        double floor = surface.loss(surface.minimum()[0], surface.minimum()[1]);
        double[] levels = new double[width * height];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int py = 0; py < height; py++) {
            for (int px = 0; px < width; px++) {
                double v = Math.log1p(Math.max(0, surface.loss(x(w, px, width), y(w, py, height)) - floor));
                levels[py * width + px] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (int i = 0; i < levels.length; i++) {
            double t = (levels[i] - lo) / (hi - lo + 1e-12);
            // Contour bands: every tenth of the range a slightly darker line.
            boolean contour = (t * 20) % 1 < 0.06;
            int g = (int) (255 - 150 * t) - (contour ? 25 : 0);
            g = Math.max(0, Math.min(255, g));
            img.setRGB(i % width, i / width, new Color(g, g, Math.min(255, g + 15)).getRGB());
        }
        Graphics2D g = png.graphics();
        // This picture's own text: the JDK's default font, without text antialiasing.
        g.setFont(new Font(Font.DIALOG, Font.PLAIN, 12));
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_DEFAULT);
        g.setStroke(new BasicStroke(2f));
        for (int i = 0; i < runs.size(); i++) {
            Path2D.Double line = new Path2D.Double();
            double[][] path = runs.get(i).path();
            for (int k = 0; k < path.length; k++) {
                double px = (path[k][0] - w[0]) / (w[1] - w[0]) * width;
                double py = (w[3] - path[k][1]) / (w[3] - w[2]) * height;
                px = Math.max(-1e4, Math.min(1e4, px));
                py = Math.max(-1e4, Math.min(1e4, py));
                if (k == 0) {
                    line.moveTo(px, py);
                } else {
                    line.lineTo(px, py);
                }
            }
            g.setColor(COLORS[i % COLORS.length]);
            g.draw(line);
            g.drawString(runs.get(i).kind().jsonName() + "  lr " + runs.get(i).lr(), 12, 20 + 16 * i);
        }
        g.setColor(Color.BLACK);
        int mx = (int) ((surface.minimum()[0] - w[0]) / (w[1] - w[0]) * width);
        int my = (int) ((w[3] - surface.minimum()[1]) / (w[3] - w[2]) * height);
        g.fillOval(mx - 4, my - 4, 8, 8);
        g.drawString(surface.jsonName(), width - 110, height - 12);
        png.write(target);
    }

    private static double x(double[] w, int px, int width) {
        return w[0] + (px + 0.5) * (w[1] - w[0]) / width;
    }

    private static double y(double[] w, int py, int height) {
        return w[3] - (py + 0.5) * (w[3] - w[2]) / height;
    }
}
