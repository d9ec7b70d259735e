package dev.llmx.train;

import java.util.Locale;

/**
 * Two-dimensional losses on which optimizers can be watched: each has a start, a view window, its minimum, and
 * learning rates per optimizer that show the optimizer's character there (SGD's zig-zag, momentum's overshoot,
 * Adam's per-coordinate steps).
 */
public enum ToySurface {
    /** (1 − x)² + 100·(y − x²)²: a curved, narrow valley to the minimum at (1, 1). */
    ROSENBROCK(-1.5, 2.0, -2, 2, -1, 3, 1, 1, new double[] {2e-3, 5e-4, 5e-2}, 2000) {
        @Override
        public double loss(double x, double y) {
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }

        @Override
        public void gradient(double x, double y, double[] g) {
            g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
            g[1] = 200 * (y - x * x);
        }
    },
    /** x² − y² + y⁴/4: a saddle at the origin between minima at (0, ±√2); starting on the ridge, escape is slow. */
    SADDLE(1.5, 1e-3, -2, 2, -2.2, 2.2, 0, Math.sqrt(2), new double[] {5e-2, 1e-2, 5e-2}, 150) {
        @Override
        public double loss(double x, double y) {
            return x * x - y * y + y * y * y * y / 4;
        }

        @Override
        public void gradient(double x, double y, double[] g) {
            g[0] = 2 * x;
            g[1] = -2 * y + y * y * y;
        }
    },
    /** x²/20 + 5y²: a long ravine, a hundred times steeper across than along. */
    RAVINE(-9, 1, -10, 2, -2, 2, 0, 0, new double[] {0.18, 0.02, 0.3}, 150) {
        @Override
        public double loss(double x, double y) {
            return x * x / 20 + 5 * y * y;
        }

        @Override
        public void gradient(double x, double y, double[] g) {
            g[0] = x / 10;
            g[1] = 10 * y;
        }
    };

    final double startX;
    final double startY;
    final double minX;
    final double maxX;
    final double minY;
    final double maxY;
    final double bestX;
    final double bestY;
    /** The learning rate of SGD, momentum and Adam here. */
    final double[] rates;
    final int steps;

    ToySurface(double startX, double startY, double minX, double maxX, double minY, double maxY, double bestX,
               double bestY, double[] rates, int steps) {
        this.startX = startX;
        this.startY = startY;
        this.minX = minX;
        this.maxX = maxX;
        this.minY = minY;
        this.maxY = maxY;
        this.bestX = bestX;
        this.bestY = bestY;
        this.rates = rates;
        this.steps = steps;
    }

    public abstract double loss(double x, double y);

    public abstract void gradient(double x, double y, double[] g);

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ToySurface parse(String name) {
        for (ToySurface s : values()) {
            if (s.jsonName().equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }

    public double[] start() {
        return new double[] {startX, startY};
    }

    /** x from, x to, y from, y to of the view. */
    public double[] window() {
        return new double[] {minX, maxX, minY, maxY};
    }

    public double[] minimum() {
        return new double[] {bestX, bestY};
    }

    public int defaultSteps() {
        return steps;
    }

    /** The learning rate at which {@code kind} (sgd, momentum or adam) shows its character on this surface. */
    public double defaultRate(OptimizerKind kind) {
        return switch (kind) {
            case SGD -> rates[0];
            case MOMENTUM -> rates[1];
            default -> rates[2];
        };
    }
}
