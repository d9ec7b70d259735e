package dev.llmx.chat;

import dev.llmx.LlmxException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Python's {@code strftime} (C locale) for the directives chat templates use, and the clock behind
 * {@code strftime_now}: {@code SOURCE_DATE_EPOCH} (seconds since 1970, UTC) when set, so renders are reproducible,
 * otherwise the current time in UTC.
 */
public final class Strftime {
    private Strftime() {
    }

    /** The time {@code strftime_now} reports. */
    public static Instant now() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && !epoch.isBlank()) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
            } catch (NumberFormatException e) {
                throw new LlmxException("SOURCE_DATE_EPOCH must be whole seconds since 1970, not '" + epoch + "'");
            }
        }
        return Instant.now();
    }

    public static String format(Instant when, String pattern) {
        ZonedDateTime t = when.atZone(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 >= pattern.length()) {
                sb.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            boolean noPad = false;
            if (d == '-' && i + 1 < pattern.length()) { // glibc's %-d: no leading zero
                noPad = true;
                d = pattern.charAt(++i);
            }
            String pad = noPad ? "%d" : "%02d";
            switch (d) {
                case 'Y' -> sb.append(t.getYear());
                case 'y' -> sb.append(String.format("%02d", t.getYear() % 100));
                case 'm' -> sb.append(String.format(pad, t.getMonthValue()));
                case 'd' -> sb.append(String.format(pad, t.getDayOfMonth()));
                case 'e' -> sb.append(String.format("%2d", t.getDayOfMonth()));
                case 'H' -> sb.append(String.format(pad, t.getHour()));
                case 'I' -> sb.append(String.format(pad, (t.getHour() + 11) % 12 + 1));
                case 'M' -> sb.append(String.format(pad, t.getMinute()));
                case 'S' -> sb.append(String.format(pad, t.getSecond()));
                case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> sb.append(String.format(noPad ? "%d" : "%03d", t.getDayOfYear()));
                case 'b', 'h' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'Z' -> sb.append("UTC");
                case 'z' -> sb.append("+0000");
                case 'F' -> sb.append(format(when, "%Y-%m-%d"));
                case 'T' -> sb.append(format(when, "%H:%M:%S"));
                case '%' -> sb.append('%');
                default -> sb.append('%').append(d);
            }
        }
        return sb.toString();
    }
}
