package dev.llmx.sampling;

/**
 * The χ² distribution's upper tail, to say how surprising a histogram of draws is: {@code pValue(x, k)} is the
 * probability that a χ² variable with k degrees of freedom is at least x — the regularized upper incomplete gamma
 * function Q(k/2, x/2), by its series below a + 1 and its continued fraction above (Numerical Recipes §6.2).
 */
public final class ChiSquare {
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;

    private ChiSquare() {
    }

    /** P(χ²_k ≥ x); 1 for x ≤ 0, and 1 when there is no degree of freedom (one outcome cannot deviate). */
    public static double pValue(double x, int degreesOfFreedom) {
        if (degreesOfFreedom < 1 || x <= 0) {
            return 1;
        }
        return upperGamma(degreesOfFreedom / 2.0, x / 2);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), for a ≥ 0.5 and x > 0. */
    static double upperGamma(double a, double x) {
        double front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * EPSILON; n++) {
                term *= x / (a + n);
                sum += term;
            }
            return Math.max(0, 1 - sum * front);
        }
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return front * h;
    }

    /** ln Γ(x) for x ≥ 0.5 (Lanczos, g = 7: about 15 significant digits). */
    static double lnGamma(double x) {
        double y = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (y + i);
        }
        double t = y + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
