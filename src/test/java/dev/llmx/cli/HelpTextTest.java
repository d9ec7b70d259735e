package dev.llmx.cli;

import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every command's help has the same shape (a one-line summary, a description, an "Examples:" footer of two to four
 * commands) and every example in it runs: each is parsed as a shell would parse its simple quoting and run
 * in-process, pipelines stage by stage, against the embedded model.
 */
class HelpTextTest {
    private static final String EXAMPLES = "Examples:";
    private static final String INDENT = "  ";
    /** Options whose value is a file the example writes: redirected into a temporary folder. */
    private static final Set<String> OUTPUT_OPTIONS = Set.of("-o", "--output", "--dump", "--png", "--probe-out");
    /** Options whose value is a file or folder the example reads: the example is skipped when it is absent. */
    private static final Set<String> INPUT_OPTIONS = Set.of("-f", "--file", "-m", "--model",
            "--kl-divergence");

    @TempDir
    Path outputs;

    private static Map<String, CommandLine> subcommands() {
        return CommandLineFactory.create(new dev.llmx.render.Terminal(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), new ByteArrayOutputStream(), false, false, false, false, 100))
                .getSubcommands();
    }

    @Test
    void everyCommandHasASummaryADescriptionAndTwoToFourExamples() {
        for (Map.Entry<String, CommandLine> entry : subcommands().entrySet()) {
            String name = entry.getKey();
            CommandSpec spec = entry.getValue().getCommandSpec();
            String[] description = spec.usageMessage().description();
            assertTrue(description.length >= 3, name + ": a summary line, a blank line and a description");
            String summary = description[0];
            assertTrue(!summary.isBlank() && summary.endsWith(".") && summary.length() <= 100
                    && Character.isUpperCase(summary.charAt(0)), name + ": one-line summary sentence: " + summary);
            assertTrue(description[1].isEmpty(), name + ": a blank line after the summary");
            assertFalse(description[description.length - 1].isBlank(), name + ": no blank line after the description");

            List<String> footer = List.of(spec.usageMessage().footer());
            int heading = footer.indexOf(EXAMPLES);
            assertTrue(heading >= 1 && footer.get(heading - 1).isEmpty(),
                    name + ": the footer has '" + EXAMPLES + "' after a blank line");
            List<String> examples = footer.subList(heading + 1, footer.size());
            assertTrue(examples.size() >= 2 && examples.size() <= 4, name + ": 2 to 4 examples, not " + examples);
            for (String example : examples) {
                assertTrue((example.startsWith(INDENT + "llmx ") || example.startsWith(INDENT + "printf '"))
                        && (example + " ").contains("llmx " + name + " ")
                        && !example.endsWith(" "), name + ": an example is '  llmx " + name + " …': " + example);
            }
        }
    }

    @Test
    void theHelpScreenShowsTheSectionsInOneOrder() {
        for (String name : CommandLineFactory.subcommandNames()) {
            String help = CliRunner.cli().run(name, "--help").stdout();
            int options = help.indexOf("\nOptions:\n");
            int examples = Math.max(help.indexOf("\n\nExamples:\n  llmx "), help.indexOf("\n\nExamples:\n  printf '"));
            assertTrue(help.startsWith("Usage: llmx " + name) && options > 0 && examples > options, name + ":\n" + help);
        }
    }

    @TestFactory
    List<DynamicTest> everyExampleInTheHelpRuns() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, CommandLine> entry : subcommands().entrySet()) {
            List<String> footer = List.of(entry.getValue().getCommandSpec().usageMessage().footer());
            for (String line : footer.subList(footer.indexOf(EXAMPLES) + 1, footer.size())) {
                String example = line.strip();
                tests.add(DynamicTest.dynamicTest(example, () -> runPipeline(example)));
            }
        }
        assertTrue(tests.size() >= 2 * CommandLineFactory.subcommandNames().size());
        return tests;
    }

    private void runPipeline(String example) {
        byte[] stdin = new byte[0];
        CliRunner.Result last = null;
        for (List<String> stage : ShellWords.pipeline(example)) {
            if (stage.get(0).equals("printf") && last == null && stage.size() == 2) {
                // A script for the REPL: printf's text, with its \n escapes, as standard input.
                stdin = stage.get(1).replace("\\n", "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                continue;
            }
            assertEquals("llmx", stage.get(0), "every stage of an example is an llmx command: " + example);
            List<String> args = new ArrayList<>(stage.subList(1, stage.size()));
            for (int i = 0; i + 1 < args.size(); i++) {
                if (OUTPUT_OPTIONS.contains(args.get(i))) {
                    args.set(i + 1, outputs.resolve(args.get(i + 1)).toString());
                } else if (INPUT_OPTIONS.contains(args.get(i))) {
                    assumeTrue(Files.exists(Path.of(args.get(i + 1))), "needs " + args.get(i + 1) + ": " + example);
                }
            }
            last = CliRunner.cli().stdin(stdin).run(args.toArray(String[]::new));
            assertEquals(0, last.exitCode(), example + "\n" + last);
            stdin = last.stdoutBytes();
        }
        assertTrue(last != null && last.stdoutBytes().length > 0, "the example prints something: " + example);
    }

    @Test
    void shellWordsSplitsLikeAShellForSimpleQuoting() {
        assertEquals(List.of(List.of("llmx", "a", "b c", "d*", "say \"hi\""), List.of("llmx", "x|y", "")),
                ShellWords.pipeline("llmx a \"b c\" 'd*' \"say \\\"hi\\\"\" | llmx 'x|y' ''"));
    }

    /** The part of POSIX shell syntax the examples use: words, '…', "…" with \" and \\, and |. */
    static final class ShellWords {
        static List<List<String>> pipeline(String line) {
            List<List<String>> stages = new ArrayList<>();
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\'' || c == '"') {
                    int end = line.indexOf(c, i + 1);
                    while (c == '"' && end > 0 && line.charAt(end - 1) == '\\') {
                        end = line.indexOf(c, end + 1);
                    }
                    assertTrue(end > i, "unclosed quote in: " + line);
                    String quoted = line.substring(i + 1, end);
                    word.append(c == '"' ? quoted.replace("\\\"", "\"").replace("\\\\", "\\") : quoted);
                    inWord = true;
                    i = end;
                } else if (c == ' ' || c == '|') {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                    if (c == '|') {
                        stages.add(words);
                        words = new ArrayList<>();
                    }
                } else {
                    assertFalse("\\$`;&<>()".indexOf(c) >= 0, "shell syntax beyond simple quoting in: " + line);
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(word.toString());
            }
            stages.add(words);
            return stages;
        }
    }
}
