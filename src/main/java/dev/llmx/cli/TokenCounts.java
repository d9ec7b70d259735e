package dev.llmx.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Token counts written the way people write context sizes: {@code 8192}, {@code 8k} (= 8,192: k and m are binary,
 * as context sizes are), {@code 1.5k}; lists {@code 1k,8k,32k}; doubling ranges {@code 1k..128k}
 * (1k, 2k, 4k, … 128k) and stepped ranges {@code 1000..5000:1000}.
 */
final class TokenCounts {
    /** A sweep longer than this is almost certainly a typo. */
    static final int MAX_ENTRIES = 4096;

    private TokenCounts() {
    }

    /** The counts in {@code spec}, in the order written; every one at least {@code min}. */
    static List<Long> parseList(String spec, long min, String what) {
        List<Long> out = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException(what + " list '" + spec + "' has an empty entry");
            }
            int dots = p.indexOf("..");
            if (dots >= 0) {
                range(p, dots, min, what, out);
            } else {
                out.add(count(p, min, what));
            }
            if (out.size() > MAX_ENTRIES) {
                throw new IllegalArgumentException(what + " list '" + spec + "' has more than " + MAX_ENTRIES
                        + " entries");
            }
        }
        return out;
    }

    private static void range(String p, int dots, long min, String what, List<Long> out) {
        String rest = p.substring(dots + 2);
        int colon = rest.indexOf(':');
        long from = count(p.substring(0, dots), min, what);
        long to = count(colon >= 0 ? rest.substring(0, colon) : rest, min, what);
        if (to < from) {
            throw new IllegalArgumentException(what + " range '" + p + "' runs backwards");
        }
        if (colon >= 0) {
            long step = count(rest.substring(colon + 1), 1, "step");
            for (long v = from; v <= to && out.size() <= MAX_ENTRIES; v += step) {
                out.add(v);
            }
        } else {
            for (long v = from; v <= to && out.size() <= MAX_ENTRIES; v *= 2) {
                out.add(v);
            }
        }
    }

    /** One count: digits, optionally a fraction, optionally k or m. */
    static long count(String text, long min, String what) {
        String s = text.trim().replace("_", "").toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("k")) {
            unit = 1L << 10;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 1L << 20;
            s = s.substring(0, s.length() - 1);
        }
        if (!s.matches("-?[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a " + what
                    + " (examples: 4096, 8k, 1.5k, 1k..128k)");
        }
        BigDecimal value = new BigDecimal(s).multiply(BigDecimal.valueOf(unit));
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(min)) < 0) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", not '" + text.trim() + "'");
        }
        if (value.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(what + " '" + text.trim() + "' is not a whole number of tokens");
        }
        if (value.compareTo(BigDecimal.valueOf(1L << 40)) > 0) {
            throw new IllegalArgumentException(what + " '" + text.trim() + "' is out of range");
        }
        return value.longValueExact();
    }
}
