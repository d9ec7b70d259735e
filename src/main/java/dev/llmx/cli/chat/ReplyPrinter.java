package dev.llmx.cli.chat;

import dev.llmx.render.Style;

import java.util.function.Consumer;

/**
 * Streams a reply for people: reasoning apart from the answer (dim, after a "thinking" label), markup that only
 * frames the text ({@code <think>}, gpt-oss's {@code <|channel|>…<|message|>}) hidden. Text that may be the start of
 * a marker is held back until the next piece decides it.
 */
public final class ReplyPrinter implements Consumer<String> {
    private static final String[] THINK_OPEN = {"<think>", "<|channel|>analysis<|message|>"};
    private static final String[] THINK_CLOSE = {"</think>", "<|end|>"};
    private static final String[] HIDDEN = {"<|start|>assistant", "<|channel|>final<|message|>",
        "<|channel|>commentary<|message|>", "<|return|>", "<|end|>"};

    private final Consumer<String> out;
    private final Style style;
    private final StringBuilder pending = new StringBuilder();
    private boolean thinking;
    private boolean labelled;
    /** After a marker opens or closes reasoning, the blank lines that follow it are layout, not text. */
    private boolean skipBlank;
    /** Trailing blanks of reasoning, written only if more reasoning follows (not before its closing marker). */
    private String deferred = "";

    public ReplyPrinter(Consumer<String> out, Style style, boolean startsThinking) {
        this.out = out;
        this.style = style;
        this.thinking = startsThinking;
    }

    @Override
    public void accept(String piece) {
        pending.append(piece);
        drain(false);
    }

    /** Writes what was held back. */
    public void finish() {
        drain(true);
        if (thinking) {
            out.accept("\n");
        }
    }

    private void drain(boolean end) {
        while (pending.length() > 0) {
            String marker = markerAtStart();
            if (marker != null) {
                pending.delete(0, marker.length());
                continue;
            }
            int lt = pending.indexOf("<", 1);
            int upTo = lt < 0 ? pending.length() : lt;
            if (pending.charAt(0) == '<' && !end && couldBeMarker()) {
                return; // wait for the rest of a possible marker
            }
            write(pending.substring(0, upTo));
            pending.delete(0, upTo);
        }
    }

    /** Consumes a marker at the start of pending text, switching state; returns it, or null. */
    private String markerAtStart() {
        for (String m : THINK_OPEN) {
            if (startsWith(m)) {
                thinking = true;
                skipBlank = true;
                return m;
            }
        }
        if (thinking) {
            for (String m : THINK_CLOSE) {
                if (startsWith(m)) {
                    thinking = false;
                    deferred = "";
                    out.accept("\n");
                    labelled = false;
                    skipBlank = true;
                    return m;
                }
            }
        }
        for (String m : HIDDEN) {
            if (startsWith(m)) {
                return m;
            }
        }
        return null;
    }

    private boolean startsWith(String m) {
        return pending.length() >= m.length() && pending.substring(0, m.length()).equals(m);
    }

    private boolean couldBeMarker() {
        for (String[] set : new String[][] {THINK_OPEN, THINK_CLOSE, HIDDEN}) {
            for (String m : set) {
                if (pending.length() < m.length() && m.startsWith(pending.toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void write(String text) {
        String s = text;
        if (skipBlank) {
            s = s.stripLeading();
            skipBlank = s.isEmpty();
        }
        if (s.isEmpty()) {
            return;
        }
        if (thinking) {
            String body = s.stripTrailing();
            String blanks = s.substring(body.length());
            if (body.isEmpty()) {
                deferred += blanks;
                return;
            }
            s = deferred + body;
            deferred = blanks; // the line break before </think> belongs to the closing marker
            if (!labelled) {
                out.accept(style.dim("thinking: "));
                labelled = true;
            }
            out.accept(style.dim(s));
        } else {
            out.accept(s);
        }
    }
}
