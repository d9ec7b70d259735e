package dev.llmx.cli;

import dev.llmx.UsageException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How users name a command, beyond its full name: {@code llmx help [COMMAND]} (as git and cargo have it) and any
 * unambiguous prefix ({@code llmx tok}, {@code llmx gen}, {@code llmx kv}). One place for the command line and the
 * REPL, applied to the words before picocli sees them.
 */
public final class CommandNames {
    private CommandNames() {
    }

    /**
     * The full command name {@code typed} stands for: itself when it is one, else the one command it is a prefix of.
     * A word that is a prefix of several is a usage error naming them; one that matches none comes back as it is
     * (picocli or the REPL then say it is unknown and suggest the closest names).
     */
    public static String expand(String typed) {
        List<String> names = CommandLineFactory.subcommandNames();
        if (typed.isEmpty() || names.contains(typed)) {
            return typed;
        }
        List<String> matches = names.stream().filter(n -> n.startsWith(typed)).toList();
        if (matches.size() > 1) {
            throw new UsageException("'" + typed + "' is the start of several commands: " + String.join(", ", matches)
                    + "; type more of the name");
        }
        return matches.isEmpty() ? typed : matches.get(0);
    }

    /**
     * {@code args} with the command word expanded and {@code help [COMMAND]} turned into {@code [COMMAND] --help}.
     * The command word is the first word that is not an option of llmx itself ({@code --color} takes a value).
     */
    public static String[] normalise(String[] args) {
        int at = commandWordIndex(args);
        if (at < 0) {
            return args;
        }
        List<String> out = new ArrayList<>(Arrays.asList(args));
        if (args[at].equals("help")) {
            out.remove(at);
            if (at < out.size() && !out.get(at).startsWith("-")) {
                out.set(at, expand(out.get(at)));
                out.add(at + 1, "--help");
            } else {
                out.add(at, "--help");
            }
            return out.toArray(new String[0]);
        }
        out.set(at, expand(args[at]));
        return out.toArray(new String[0]);
    }

    /** How error lines name what {@code args} run: {@code llmx tokenize}, or {@code llmx} when no command is named. */
    public static String qualifiedName(String[] args) {
        int at = commandWordIndex(args);
        if (at < 0) {
            return "llmx";
        }
        try {
            String name = expand(args[at]);
            return CommandLineFactory.subcommandNames().contains(name) ? "llmx " + name : "llmx";
        } catch (UsageException e) {
            return "llmx";
        }
    }

    private static int commandWordIndex(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--color")) {
                i++;
            } else if (a.equals("--")) {
                return -1;
            } else if (!a.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }
}
