package dev.llmx.quant.explain;

/**
 * The error of decoded values against the originals, accumulated row by row in double precision: RMSE, largest
 * absolute error, mean error (a bias, if the rounding has one), and the RMSE relative to the values' own RMS.
 */
public final class ErrorStats {
    private long count;
    private double sumSquaredError;
    private double sumSquaredValue;
    private double sumError;
    private double maxAbsError;

    public void add(float[] original, float[] decoded, int n) {
        for (int i = 0; i < n; i++) {
            double e = (double) decoded[i] - original[i];
            sumSquaredError += e * e;
            sumSquaredValue += (double) original[i] * original[i];
            sumError += e;
            maxAbsError = Math.max(maxAbsError, Math.abs(e));
        }
        count += n;
    }

    /** Counts {@code n} values kept exactly, whose squares sum to {@code sumSquares}. */
    public void addExact(long n, double sumSquares) {
        count += n;
        sumSquaredValue += sumSquares;
    }

    public synchronized void merge(ErrorStats other) {
        count += other.count;
        sumSquaredError += other.sumSquaredError;
        sumSquaredValue += other.sumSquaredValue;
        sumError += other.sumError;
        maxAbsError = Math.max(maxAbsError, other.maxAbsError);
    }

    public long count() {
        return count;
    }

    public double sumSquaredError() {
        return sumSquaredError;
    }

    public double sumSquaredValue() {
        return sumSquaredValue;
    }

    public double rmse() {
        return count == 0 ? 0 : Math.sqrt(sumSquaredError / count);
    }

    /** RMSE over the RMS of the original values: 0.01 means the error is 1 % of a typical weight. */
    public double relativeRmse() {
        return sumSquaredValue == 0 ? 0 : Math.sqrt(sumSquaredError / sumSquaredValue);
    }

    public double maxAbsError() {
        return maxAbsError;
    }

    public double meanError() {
        return count == 0 ? 0 : sumError / count;
    }

    /** RMS of the original values. */
    public double valueRms() {
        return count == 0 ? 0 : Math.sqrt(sumSquaredValue / count);
    }
}
