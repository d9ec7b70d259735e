package dev.llmx;

import dev.llmx.cli.CommandLineFactory;

/** Entry point of the {@code llmx} binary. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = CommandLineFactory.create().execute(args);
        System.out.flush();
        System.exit(exitCode);
    }
}
