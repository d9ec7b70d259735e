package dev.llmx.tensor;

/**
 * Counts of values in equal-width bins over [lo, hi]; values outside the range or not finite are not counted.
 * The last bin includes {@code hi}.
 */
public final class Histogram {
    private final double lo;
    private final double hi;
    private final long[] counts;

    public Histogram(double lo, double hi, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1");
        }
        this.lo = lo;
        this.hi = hi;
        this.counts = new long[bins];
    }

    public void add(float[] values, int offset, int length) {
        double width = (hi - lo) / counts.length;
        for (int i = offset; i < offset + length; i++) {
            float v = values[i];
            if (!(v >= lo && v <= hi)) {
                continue;
            }
            int bin = width > 0 ? (int) ((v - lo) / width) : 0;
            counts[Math.min(counts.length - 1, bin)]++;
        }
    }

    public int bins() {
        return counts.length;
    }

    public long count(int bin) {
        return counts[bin];
    }

    /** Lower edge of {@code bin}. */
    public double from(int bin) {
        return lo + (hi - lo) * bin / counts.length;
    }

    /** Upper edge of {@code bin}. */
    public double to(int bin) {
        return lo + (hi - lo) * (bin + 1) / counts.length;
    }

    public long max() {
        long m = 0;
        for (long c : counts) {
            m = Math.max(m, c);
        }
        return m;
    }
}
