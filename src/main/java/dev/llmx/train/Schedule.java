package dev.llmx.train;

/**
 * The learning rate per step: a linear warm-up from lr/warmup to lr over the first {@code warmup} steps (large early
 * steps on random or freshly reweighted Adam moments are what warm-up avoids), then a cosine decay to
 * {@code minLr} at the last step.
 */
public record Schedule(double lr, double minLr, int warmup, int steps) {
    public Schedule {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, not " + lr);
        }
        if (!(minLr >= 0) || minLr > lr) {
            throw new IllegalArgumentException("the minimum learning rate must be between 0 and lr, not " + minLr);
        }
        if (warmup < 0 || steps < 0) {
            throw new IllegalArgumentException("warm-up and steps cannot be negative");
        }
    }

    /** The rate of step {@code step} (0-based). */
    public double at(int step) {
        if (step < warmup) {
            return lr * (step + 1) / warmup;
        }
        int decaySteps = steps - warmup;
        if (decaySteps <= 1) {
            return lr;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / (decaySteps - 1));
        return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
    }
}
