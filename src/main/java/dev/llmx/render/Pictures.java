package dev.llmx.render;

/**
 * Small terminal pictures of numbers: sparklines for vectors, bars for probabilities, shaded cells for
 * matrices. They are plain Unicode (colour only adds to them), so they survive pipes and NO_COLOR.
 */
public final class Pictures {
    private static final char[] SPARKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    private static final char[] EIGHTHS = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'};
    private static final char[] SHADES = {' ', '░', '▒', '▓', '█'};

    private Pictures() {
    }

    /** One character per value, its height scaled between the vector's min and max. */
    public static String sparkline(float[] values) {
        if (values.length == 0) {
            return "";
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        StringBuilder sb = new StringBuilder(values.length);
        for (float v : values) {
            if (!Float.isFinite(v)) {
                sb.append(' ');
                continue;
            }
            double t = max > min ? (v - min) / (double) (max - min) : 0.5;
            sb.append(SPARKS[(int) Math.min(SPARKS.length - 1, Math.floor(t * SPARKS.length))]);
        }
        return sb.toString();
    }

    /** A horizontal bar of {@code fraction × width} columns drawn with eighth blocks, padded to {@code width}. */
    public static String bar(double fraction, int width) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int eighths = (int) Math.round(f * width * 8);
        StringBuilder sb = new StringBuilder(width);
        sb.append("█".repeat(eighths / 8));
        if (eighths % 8 != 0) {
            sb.append(EIGHTHS[eighths % 8]);
        }
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /**
     * One heatmap cell, two columns wide: a shade for {@code value} in [0, 1], with a coloured background when
     * colour is on. Non-finite values (masked positions) show as a dim dot.
     */
    public static String heatCell(double value, Style style) {
        if (!Double.isFinite(value)) {
            return style.dim(" ·");
        }
        double v = Math.max(0, Math.min(1, value));
        if (style.enabled()) {
            return style.heat(v, "  ");
        }
        char c = SHADES[(int) Math.round(v * (SHADES.length - 1))];
        return "" + c + c;
    }
}
