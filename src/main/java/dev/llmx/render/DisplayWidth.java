package dev.llmx.render;

import org.jline.utils.WCWidth;

/**
 * How many terminal columns text occupies: CJK and emoji take two, combining marks and zero-width joiners none.
 *
 * <p>Uses JLine's {@link WCWidth} tables (Markus Kuhn's wcwidth, kept current by JLine) rather than a guess.
 * Control characters count as zero here; callers make them visible before measuring (see {@link Visible}).
 */
public final class DisplayWidth {
    private DisplayWidth() {
    }

    public static int of(CharSequence text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            width += ofCodePoint(cp);
            i += Character.charCount(cp);
        }
        return width;
    }

    public static int ofCodePoint(int codePoint) {
        if (codePoint == '\u001b') {
            return 0;
        }
        int w = WCWidth.wcwidth(codePoint);
        return Math.max(w, 0);
    }

    /** Pads {@code text} with spaces on the right (or left when {@code alignRight}) to {@code width} columns. */
    public static String pad(String text, int width, boolean alignRight) {
        int missing = width - of(stripAnsi(text));
        if (missing <= 0) {
            return text;
        }
        String spaces = " ".repeat(missing);
        return alignRight ? spaces + text : text + spaces;
    }

    /**
     * Cuts {@code text} to at most {@code width} columns, ending with an ellipsis when something was cut.
     * Never splits a surrogate pair; a wide character that would cross the limit is dropped whole.
     */
    public static String truncate(String text, int width) {
        if (of(text) <= width) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = ofCodePoint(cp);
            if (used + w > width - 1) {
                break;
            }
            sb.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return sb.append('…').toString();
    }

    /** Removes ANSI SGR sequences so that coloured text is measured by what it shows. */
    static String stripAnsi(String text) {
        if (text.indexOf('\u001b') < 0) {
            return text;
        }
        return text.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
