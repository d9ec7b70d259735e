package dev.llmx.render;

import java.util.Locale;

/** How a single cell value is spelled in text and CSV, the same for every command. */
public final class Cells {
    private Cells() {
    }

    public static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof Float f) {
            return number(f);
        }
        return value.toString();
    }

    /**
     * {@code value} with exactly {@code decimals} digits after the point, rounded half up ({@code 2.5 → "2.50"}).
     * Used on start-up paths instead of {@code String.format}, whose first call costs milliseconds of
     * {@code Formatter} and locale initialisation.
     */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value) || Math.abs(value) >= 1e15 || decimals < 0 || decimals > 9) {
            return String.format(Locale.ROOT, "%." + Math.max(0, Math.min(9, decimals)) + "f", value);
        }
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        long scaled = Math.round(Math.abs(value) * scale);
        String digits = Long.toString(scaled / scale);
        StringBuilder sb = new StringBuilder(value < 0 && scaled != 0 ? "-" : "").append(digits);
        if (decimals > 0) {
            String fraction = Long.toString(scaled % scale);
            sb.append('.').append("0".repeat(decimals - fraction.length())).append(fraction);
        }
        return sb.toString();
    }

    /** Up to four significant decimals; integers without a decimal point; scientific for tiny/huge values. */
    public static String number(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double a = Math.abs(d);
        if (a != 0 && (a < 1e-3 || a >= 1e9)) {
            return String.format(Locale.ROOT, "%.3e", d);
        }
        String s = String.format(Locale.ROOT, "%.4f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
