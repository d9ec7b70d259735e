package dev.llmx.render.png;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A line chart of one or more series over a shared x axis, with axis labels, ticks and a legend. */
public final class LineChart {
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd)};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private record Series(String name, double[] values) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series; value i is drawn at x = i. */
    public LineChart series(String name, double[] values) {
        series.add(new Series(name, values.clone()));
        return this;
    }

    public void write(Path file) throws IOException {
        PngImage p = new PngImage(WIDTH, HEIGHT);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int points = 1;
        for (Series s : series) {
            points = Math.max(points, s.values.length);
            for (double v : s.values) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(min <= max)) {
            min = 0;
            max = 1;
        }
        if (max - min < 1e-12) {
            max = min + 1;
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        p.g.setColor(PngImage.INK);
        p.centredText(title, WIDTH / 2, 22);
        p.centredText(xLabel, LEFT + plotW / 2, HEIGHT - 15);
        p.verticalText(yLabel, 18, TOP + plotH / 2);
        for (int i = 0; i <= 5; i++) {
            double v = min + (max - min) * i / 5;
            int y = TOP + plotH - (int) Math.round(plotH * i / 5.0);
            p.g.setColor(PngImage.GRID);
            p.g.drawLine(LEFT, y, LEFT + plotW, y);
            p.g.setColor(PngImage.INK);
            String label = String.format(Locale.ROOT, "%.4g", v);
            p.g.drawString(label, LEFT - 6 - p.g.getFontMetrics().stringWidth(label), y + 4);
        }
        int xTicks = Math.min(10, Math.max(1, points - 1));
        for (int i = 0; i <= xTicks; i++) {
            int index = (int) Math.round((points - 1) * (double) i / xTicks);
            int x = LEFT + (points == 1 ? 0 : (int) Math.round(plotW * index / (double) (points - 1)));
            p.g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
            p.centredText(Integer.toString(index), x, TOP + plotH + 18);
        }
        p.g.drawRect(LEFT, TOP, plotW, plotH);
        p.g.setStroke(new BasicStroke(1.5f));
        for (int s = 0; s < series.size(); s++) {
            double[] v = series.get(s).values;
            p.g.setColor(COLOURS[s % COLOURS.length]);
            int px = -1;
            int py = -1;
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    px = -1;
                    continue;
                }
                int x = LEFT + (points == 1 ? 0 : (int) Math.round(plotW * i / (double) (points - 1)));
                int y = TOP + plotH - (int) Math.round(plotH * (v[i] - min) / (max - min));
                if (px >= 0) {
                    p.g.drawLine(px, py, x, y);
                } else {
                    p.g.fillOval(x - 2, y - 2, 4, 4);
                }
                px = x;
                py = y;
            }
            p.g.drawString(series.get(s).name, LEFT + 10, TOP + 16 + 15 * s);
        }
        p.write(file);
    }
}
