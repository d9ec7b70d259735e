package dev.llmx;

import dev.llmx.cli.CommandLineFactory;
import dev.llmx.render.Terminal;

/** Entry point of the {@code llmx} binary. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = CommandLineFactory.forArguments(Terminal.system(), args).execute(args);
        System.out.flush();
        System.exit(exitCode);
    }
}
