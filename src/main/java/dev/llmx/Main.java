package dev.llmx;

import dev.llmx.cli.CommandLineFactory;
import dev.llmx.io.LauncherStreams;
import dev.llmx.render.Terminal;

/** Entry point of the {@code llmx} binary. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Terminal terminal = Terminal.system(LauncherStreams.redirectSystemErr());
        int exitCode = CommandLineFactory.execute(terminal, args);
        System.out.flush();
        System.exit(exitCode);
    }
}
