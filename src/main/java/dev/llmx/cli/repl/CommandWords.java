package dev.llmx.cli.repl;

import dev.llmx.UsageException;
import org.jline.reader.impl.DefaultParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a REPL line into words the way a POSIX shell does for what people type at a command prompt: blanks separate
 * words; {@code '…'} is literal; {@code "…"} is literal but for {@code \"}, {@code \\}, {@code \$} and {@code \`};
 * a backslash outside quotes keeps the next character; quoted pieces next to each other join into one word
 * ({@code 'it''s'} is {@code its}); {@code ""} is an empty word; a leading unquoted {@code ~/} is the home folder; a
 * {@code #} that starts a word starts a comment. No variables, globs, pipes or redirections: a command line in the
 * REPL runs one llmx command.
 */
public final class CommandWords {
    private CommandWords() {
    }

    /**
     * JLine's parser for the line editor: it finds the word under the cursor for completion and asks for another
     * line while a quote is open. The accepted line is then split by {@link #split}.
     */
    public static DefaultParser parser() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(true);
        parser.setEofOnEscapedNewLine(true);
        return parser;
    }

    /** The words of {@code line}; empty for a blank line or a comment. */
    public static List<String> split(String line) {
        return split(line, System.getProperty("user.home"));
    }

    static List<String> split(String line, String home) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int n = line.length();
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == '~' && !inWord && home != null && (i + 1 == n || line.charAt(i + 1) == '/')) {
                word.append(home);
                inWord = true;
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unclosed(line);
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == n) {
                    throw unclosed(line);
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the inside of a "…" that starts at {@code from} and returns the index after its closing quote. */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unclosed(line);
    }

    private static UsageException unclosed(String line) {
        return new UsageException("unclosed quote or trailing backslash in: " + line.strip());
    }
}
