package dev.llmx.cli.repl;

import dev.llmx.LlmxException;
import dev.llmx.io.LineReader;
import dev.llmx.io.Utf8;

import java.io.IOException;
import java.io.InputStream;

/**
 * The REPL reading a script from standard input (not a terminal): one command per line, no prompt, no banner, so
 * {@code printf 'tokenize hi\ngenerate …\n' | llmx repl} prints only what the commands print. It stops at the end
 * of input or at {@code exit}; its exit status is that of the last line that failed, 0 if none did.
 */
public final class ScriptShell {
    private final Repl repl;
    private final InputStream in;

    public ScriptShell(Repl repl, InputStream in) {
        this.repl = repl;
        this.in = in;
    }

    public int run() throws IOException {
        LineReader lines = new LineReader(in);
        byte[] raw;
        while (!repl.leaving() && (raw = lines.next()) != null) {
            String line;
            try {
                line = Utf8.decodeStrict(raw, "standard input", lines.lineStartOffset());
            } catch (LlmxException e) {
                repl.reject(e.getMessage());
                continue;
            }
            repl.run(line);
        }
        return repl.lastFailure();
    }
}
