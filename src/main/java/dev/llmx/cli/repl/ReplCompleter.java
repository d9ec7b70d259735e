package dev.llmx.cli.repl;

import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tab completion from llmx's own command model (the one --help, the shell completions and the man pages come from):
 * command names first, then a command's options; after an option, its values (formats, tokenizer names, enum
 * values) or file paths when it takes a path; {@code :model} and path-typed arguments complete file paths.
 */
public final class ReplCompleter implements Completer {
    /** The REPL's own commands, offered with the llmx commands at the start of a line. */
    static final Map<String, String> REPL_COMMANDS = Map.of(
            ":model", "load another model and keep it",
            ":info", "what is loaded",
            ":time", "print how long each command takes",
            ":help", "REPL help",
            "help", "list the commands, or 'help COMMAND'",
            "exit", "leave the REPL");

    private final Supplier<CommandLine> tree;
    private final Completer files = new Completers.FilesCompleter(() -> Paths.get(""));
    private CommandLine commands;

    /** @param tree builds the full command tree; called once, at the first completion */
    public ReplCompleter(Supplier<CommandLine> tree) {
        this.tree = tree;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        int first = !words.isEmpty() && words.get(0).equals("llmx") ? 1 : 0;
        if (index <= first) {
            commandNames(candidates);
            return;
        }
        String command = words.get(first);
        if (command.equals(":model")) {
            files.complete(reader, line, candidates);
            return;
        }
        if (command.equals("help")) {
            if (index == first + 1) {
                subcommands().keySet().forEach(name -> candidates.add(plain(name, describe(subcommands().get(name).getCommandSpec()))));
            }
            return;
        }
        CommandLine sub = subcommands().get(command);
        if (sub == null) {
            return;
        }
        CommandSpec spec = sub.getCommandSpec();
        String previous = words.get(index - 1);
        OptionSpec option = spec.findOption(previous);
        String word = line.word();
        if (option != null && option.arity().max() > 0 && !previous.contains("=")) {
            values(option, reader, line, candidates);
        } else if (word.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                for (String name : o.names()) {
                    candidates.add(new Candidate(name, name, null, firstLine(o.description()), null, null,
                            o.arity().max() == 0));
                }
            }
        } else {
            for (PositionalParamSpec p : spec.positionalParameters()) {
                values(p, reader, line, candidates);
            }
        }
    }

    private void commandNames(List<Candidate> candidates) {
        subcommands().forEach((name, sub) -> candidates.add(plain(name, describe(sub.getCommandSpec()))));
        REPL_COMMANDS.forEach((name, text) -> candidates.add(plain(name, text)));
        candidates.removeIf(c -> c.value().equals("repl"));
    }

    /** The values an option or positional parameter takes: its candidates, or file paths when it is a path. */
    private void values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Iterable<String> known = arg.completionCandidates();
        if (known != null) {
            known.forEach(value -> candidates.add(plain(value, null)));
        } else if (isPath(arg)) {
            files.complete(reader, line, candidates);
        }
    }

    private static boolean isPath(ArgSpec arg) {
        Class<?> type = arg.type();
        if (Path.class.isAssignableFrom(type) || File.class.isAssignableFrom(type)) {
            return true;
        }
        for (Class<?> t : arg.auxiliaryTypes()) {
            if (Path.class.isAssignableFrom(t) || File.class.isAssignableFrom(t)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, CommandLine> subcommands() {
        if (commands == null) {
            commands = tree.get();
        }
        return commands.getSubcommands();
    }

    private static Candidate plain(String value, String description) {
        return new Candidate(value, value, null, description, null, null, true);
    }

    private static String describe(CommandSpec spec) {
        return firstLine(spec.usageMessage().description());
    }

    /** The first line of a help text without picocli's ${…} variables (defaults and choices), for a candidate. */
    private static String firstLine(String[] text) {
        if (text == null || text.length == 0) {
            return null;
        }
        String line = text[0].replaceAll("\\s*\\((default: )?\\$\\{[^}]*}\\)|\\s*\\$\\{[^}]*}", "");
        return line.replaceAll("[.:]+$", "");
    }
}
