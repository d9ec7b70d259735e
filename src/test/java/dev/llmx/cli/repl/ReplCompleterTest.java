package dev.llmx.cli.repl;

import dev.llmx.cli.CommandLineFactory;
import dev.llmx.render.Terminal;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tab completion in the REPL, from the same command model as --help and the shell completions. */
class ReplCompleterTest {
    private static org.jline.terminal.Terminal terminal;
    private static LineReader reader;
    private static final Terminal OUT = new Terminal(java.io.InputStream.nullInputStream(),
            new ByteArrayOutputStream(), new ByteArrayOutputStream(), false, false, false, false, 100);
    private static final ReplCompleter COMPLETER = new ReplCompleter(() -> CommandLineFactory.create(OUT));

    @BeforeAll
    static void reader() throws IOException {
        terminal = TerminalBuilder.builder().system(false).type("dumb")
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()).build();
        reader = LineReaderBuilder.builder().terminal(terminal).build();
    }

    @AfterAll
    static void close() throws IOException {
        terminal.close();
    }

    /** The candidates offered with the cursor at the end of {@code line}. */
    private static List<String> complete(String line) {
        List<Candidate> candidates = new ArrayList<>();
        COMPLETER.complete(reader, CommandWords.parser().parse(line, line.length(), Parser.ParseContext.COMPLETE),
                candidates);
        return candidates.stream().map(Candidate::value).collect(Collectors.toList());
    }

    @Test
    void theFirstWordIsACommandOfLlmxOrOfTheRepl() {
        List<String> all = complete("");
        assertTrue(all.containsAll(CommandLineFactory.subcommandNames().stream().filter(n -> !n.equals("repl"))
                .collect(Collectors.toList())), all.toString());
        assertTrue(all.containsAll(List.of(":model", ":info", ":help", ":time", "exit")), all.toString());
        assertFalse(all.contains("repl"), "no REPL inside the REPL");
        assertTrue(complete("llmx ").contains("tokenize"), "after a pasted llmx prefix too");
    }

    @Test
    void optionsOfTheCommandAfterADash() {
        List<String> options = complete("generate --");
        assertTrue(options.containsAll(List.of("--temp", "--n-predict", "--model", "--format", "--help")),
                options.toString());
        assertFalse(options.contains("--encoding"), "options are the command's own");
    }

    @Test
    void valuesOfAnOptionWithKnownValues() {
        assertEquals(List.of("table", "json", "jsonl", "csv", "md"), complete("logits --format "));
        List<String> encodings = complete("tokenize -e ");
        assertTrue(encodings.containsAll(List.of("o200k_base", "cl100k_base")), encodings.toString());
    }

    @Test
    void pathsForPathOptionsAndForModel() {
        assertTrue(complete("generate -m src/").stream().anyMatch(c -> c.startsWith("src/main")),
                complete("generate -m src/").toString());
        assertTrue(complete(":model sr").stream().anyMatch(c -> c.startsWith("src")), complete(":model sr").toString());
        assertTrue(complete("tokenize -f po").stream().anyMatch(c -> c.startsWith("pom.xml")));
    }

    @Test
    void helpCompletesCommandNamesAndFreeTextCompletesNothing() {
        assertTrue(complete("help ").contains("generate"));
        assertEquals(List.of(), complete("generate Once upon "));
        assertEquals(List.of(), complete("nosuchcommand -"));
    }

    @Test
    void candidateDescriptionsCarryNoHelpVariables() {
        List<Candidate> candidates = new ArrayList<>();
        String line = "generate --";
        COMPLETER.complete(reader, CommandWords.parser().parse(line, line.length(), Parser.ParseContext.COMPLETE),
                candidates);
        for (Candidate c : candidates) {
            assertFalse(c.descr() != null && c.descr().contains("${"), c.value() + ": " + c.descr());
        }
    }
}
