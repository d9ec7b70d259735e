package dev.llmx.render;

/**
 * ANSI colours, applied only when colour is on. Commands ask for a role (header, dim, token background),
 * never for raw escape codes, so that turning colour off can never leave a stray escape in the output.
 */
public final class Style {
    private static final String RESET = "\u001b[0m";
    /** Two alternating backgrounds that let adjacent tokens be told apart. */
    private static final String[] TOKEN_BACKGROUNDS = {"\u001b[48;5;24m", "\u001b[48;5;94m"};

    private final boolean enabled;

    public Style(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public String bold(String s) {
        return wrap("\u001b[1m", s);
    }

    public String dim(String s) {
        return wrap("\u001b[2m", s);
    }

    public String header(String s) {
        return wrap("\u001b[1;36m", s);
    }

    public String error(String s) {
        return wrap("\u001b[1;31m", s);
    }

    public String tokenBackground(int index, String s) {
        return wrap(TOKEN_BACKGROUNDS[index & 1], s);
    }

    /** A 256-colour background for a value in [0, 1], dark blue to bright yellow (heatmaps). */
    public String heat(double value, String s) {
        if (!enabled) {
            return s;
        }
        double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
        int[] ramp = {17, 18, 19, 20, 26, 32, 38, 44, 50, 86, 122, 155, 191, 227, 226};
        int code = ramp[(int) Math.round(v * (ramp.length - 1))];
        return "\u001b[48;5;" + code + "m" + s + RESET;
    }

    private String wrap(String code, String s) {
        return enabled ? code + s + RESET : s;
    }
}
