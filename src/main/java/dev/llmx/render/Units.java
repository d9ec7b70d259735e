package dev.llmx.render;

import java.util.Locale;

/**
 * Human units for tables: binary byte sizes (KiB, MiB, GiB, labelled as such), counts with SI suffixes.
 * JSON never uses these; it carries exact integers.
 */
public final class Units {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] SI = {"", "K", "M", "G", "T", "P", "E"};

    private Units() {
    }

    /** {@code 1536 → "1.50 KiB"}, {@code 512 → "512 B"}. */
    public static String bytes(long bytes) {
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < BINARY.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, BINARY[unit]);
    }

    /** {@code 6_738_415_616 → "6.74G"}: parameter counts, FLOPs. */
    public static String count(double n) {
        double v = n;
        int unit = 0;
        while (Math.abs(v) >= 1000 && unit < SI.length - 1) {
            v /= 1000;
            unit++;
        }
        if (unit == 0) {
            return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s", v, SI[unit]);
    }

    /** "1 token", "2 tokens": a count and its noun, singular for one (every count in llmx's text goes here). */
    public static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * Parses a size such as {@code 24GiB}, {@code 24G} (binary, as memory is sold), {@code 512MB} (decimal),
     * {@code 1000000}: returns bytes, or throws {@link IllegalArgumentException} with a readable message.
     */
    public static long parseBytes(String text) {
        String s = text.trim().replace("_", "");
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 24GiB, 512MiB, 80GB, 1000000B)");
        }
        double number = Double.parseDouble(s.substring(0, i));
        String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
        long multiplier = switch (unit) {
            // A bare number is refused rather than read as bytes: "--memory 24" means 24 GB to everyone but a parser.
            case "" -> throw new IllegalArgumentException("'" + text + "' has no unit; write " + s
                    + "GiB, " + s + "GB or, for bytes, " + s + "B");
            case "b" -> 1L;
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            case "t", "tib" -> 1L << 40;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            default -> throw new IllegalArgumentException("unknown size unit '" + unit + "' in '" + text
                    + "' (use B, KiB, MiB, GiB, TiB or KB, MB, GB, TB)");
        };
        double bytes = number * multiplier;
        if (bytes < 0 || bytes > Long.MAX_VALUE / 2.0) {
            throw new IllegalArgumentException("size '" + text + "' is out of range");
        }
        return (long) bytes;
    }
}
