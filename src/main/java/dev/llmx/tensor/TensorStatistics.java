package dev.llmx.tensor;

/**
 * Summary statistics of a stream of values, accumulated chunk by chunk so that a tensor of any size can be
 * described in constant memory. Mean and variance use Welford's update in double precision; NaN and infinite
 * values are counted and left out of the other statistics.
 */
public final class TensorStatistics {
    private long count;
    private long zeros;
    private long nans;
    private long infinities;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;

    public void add(float[] values, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            float v = values[i];
            if (Float.isNaN(v)) {
                nans++;
                continue;
            }
            if (Float.isInfinite(v)) {
                infinities++;
                continue;
            }
            if (v == 0) {
                zeros++;
            }
            count++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            double delta = v - mean;
            mean += delta / count;
            m2 += delta * (v - mean);
        }
    }

    /** Finite values seen. */
    public long count() {
        return count;
    }

    public long zeros() {
        return zeros;
    }

    public long nans() {
        return nans;
    }

    public long infinities() {
        return infinities;
    }

    /** Smallest finite value, NaN when there was none. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Population standard deviation. */
    public double std() {
        return count == 0 ? Double.NaN : Math.sqrt(m2 / count);
    }
}
