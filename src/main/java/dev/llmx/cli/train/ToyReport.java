package dev.llmx.cli.train;

import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.train.OptimizerKind;
import dev.llmx.train.ToySurface;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code llmx train --toy}: the paths of SGD, momentum and Adam on one surface, drawn and as numbers. */
public record ToyReport(ToySurface surface, List<Run> runs, String png) implements Report {
    /** One optimizer's path: rows of (x, y, loss). */
    public record Run(OptimizerKind kind, double lr, double[][] path) {
        double[] last() {
            return path[path.length - 1];
        }

        double distance(ToySurface s) {
            double[] m = s.minimum();
            double[] l = last();
            return Math.hypot(l[0] - m[0], l[1] - m[1]);
        }
    }

    /** The marks of the paths on the drawing, in the order of {@link #runs}. */
    static final char[] MARKS = {'s', 'm', 'a'};

    @Override
    public Object toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("surface", surface.jsonName());
        o.put("start", List.of(surface.start()[0], surface.start()[1]));
        o.put("minimum", List.of(surface.minimum()[0], surface.minimum()[1]));
        List<Object> list = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("optimizer", r.kind().jsonName());
            m.put("lr", r.lr());
            m.put("steps", r.path().length - 1);
            m.put("final_x", r.last()[0]);
            m.put("final_y", r.last()[1]);
            m.put("final_loss", StepReport.number(r.last()[2]));
            m.put("distance_to_minimum", StepReport.number(r.distance(surface)));
            List<Object> path = new ArrayList<>();
            for (double[] p : r.path()) {
                path.add(List.of(p[0], p[1], Double.isFinite(p[2]) ? p[2] : Double.NaN));
            }
            m.put("path", path);
            list.add(m);
        }
        o.put("optimizers", list);
        o.put("png", png);
        return o;
    }

    /** CSV: every point of every path. */
    @Override
    public Table toTable() {
        Table t = new Table().left("optimizer").right("step", "x", "y", "loss");
        for (Run r : runs) {
            for (int i = 0; i < r.path().length; i++) {
                double[] p = r.path()[i];
                t.row(r.kind().jsonName(), i, p[0], p[1], StepReport.number(p[2]));
            }
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        out.heading(surface.jsonName() + ": SGD (s), momentum (m) and Adam (a) from the same start (o); * is the minimum");
        int width = Math.max(30, Math.min(out.width() - 2, 100));
        int height = Math.max(12, width / 3);
        for (String line : draw(width, height)) {
            out.line(line);
        }
        out.line();
        Table t = new Table().left("optimizer").right("lr", "steps", "final_x", "final_y", "final_loss",
                "distance_to_minimum");
        for (Run r : runs) {
            t.row(r.kind().jsonName(), r.lr(), r.path().length - 1, r.last()[0], r.last()[1],
                    StepReport.number(r.last()[2]), StepReport.number(r.distance(surface)));
        }
        out.table(t);
        if (png != null) {
            out.line("PNG: " + png);
        }
    }

    /** The surface shaded by log-loss in bands, the paths' points marked over it. */
    List<String> draw(int width, int height) {
        double[] w = surface.window();
        char[] shades = {' ', '·', '░', '▒', '▓'};
        double[][] level = new double[height][width];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double floor = surface.loss(surface.minimum()[0], surface.minimum()[1]);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double x = w[0] + (c + 0.5) * (w[1] - w[0]) / width;
                double y = w[3] - (r + 0.5) * (w[3] - w[2]) / height;
                double v = Math.log1p(Math.max(0, surface.loss(x, y) - floor));
                level[r][c] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        char[][] grid = new char[height][width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                int band = (int) Math.min(shades.length - 1, (level[r][c] - lo) / (hi - lo + 1e-12) * shades.length);
                grid[r][c] = shades[band];
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            for (double[] p : runs.get(i).path()) {
                mark(grid, w, p[0], p[1], MARKS[i % MARKS.length]);
            }
        }
        mark(grid, w, surface.start()[0], surface.start()[1], 'o');
        mark(grid, w, surface.minimum()[0], surface.minimum()[1], '*');
        List<String> lines = new ArrayList<>();
        for (char[] row : grid) {
            lines.add(new String(row).stripTrailing());
        }
        return lines;
    }

    private static void mark(char[][] grid, double[] w, double x, double y, char m) {
        int height = grid.length;
        int width = grid[0].length;
        int c = (int) Math.floor((x - w[0]) / (w[1] - w[0]) * width);
        int r = (int) Math.floor((w[3] - y) / (w[3] - w[2]) * height);
        if (r >= 0 && r < height && c >= 0 && c < width) {
            grid[r][c] = m;
        }
    }
}
