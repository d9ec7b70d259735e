package dev.llmx.cli.repl;

import dev.llmx.UsageException;
import org.jline.reader.EOFError;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

import java.util.List;

/**
 * Splits a REPL line into words the way a shell would for the quoting people type: single and double quotes,
 * backslash escapes, {@code #} comments. The same parser serves completion, so what completes is what runs.
 */
public final class CommandWords {
    private CommandWords() {
    }

    /** The parser for the interactive line reader and for script lines alike. */
    public static DefaultParser parser() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(true);
        parser.setEofOnEscapedNewLine(true);
        return parser;
    }

    /** The words of {@code line}; empty for a blank line or a comment. */
    public static List<String> split(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return List.of();
        }
        try {
            return List.copyOf(parser().parse(trimmed, trimmed.length(), Parser.ParseContext.ACCEPT_LINE).words());
        } catch (EOFError e) {
            throw new UsageException("unclosed quote or trailing backslash in: " + trimmed);
        }
    }
}
