package dev.llmx;

import dev.llmx.cli.CommandLineFactory;
import dev.llmx.cli.CommandNames;
import dev.llmx.io.ArgumentBytes;
import dev.llmx.io.LauncherStreams;
import dev.llmx.render.Style;
import dev.llmx.render.Terminal;

/** Entry point of the {@code llmx} binary. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Terminal terminal = Terminal.system(LauncherStreams.redirectSystemErr());
        String[] typed;
        try {
            typed = ArgumentBytes.of(args);
        } catch (LlmxException e) {
            // Invalid UTF-8 in an argument: an error with its offset, as on standard input, not a silent U+FFFD.
            terminal.err().println(new Style(terminal.colorOnStderr()).error(CommandNames.qualifiedName(args) + ":")
                    + " " + e.getMessage());
            terminal.err().flush();
            System.exit(1);
            return;
        }
        int exitCode = CommandLineFactory.execute(terminal, typed);
        System.out.flush();
        System.exit(exitCode);
    }
}
