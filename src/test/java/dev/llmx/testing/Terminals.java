package dev.llmx.testing;

import dev.llmx.render.Progress;
import dev.llmx.render.Terminal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/** Terminals for library tests that need one but no output. */
public final class Terminals {
    private Terminals() {
    }

    /** Streams to nowhere, nothing a terminal: progress bars stay invisible. */
    public static Terminal pipe() {
        return new Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), false, false, false, false, Terminal.DEFAULT_WIDTH);
    }

    /** A progress that shows nothing. */
    public static Progress quietProgress() {
        return Progress.bytes(pipe(), "test", 1);
    }
}
