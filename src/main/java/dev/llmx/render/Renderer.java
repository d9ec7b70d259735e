package dev.llmx.render;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The one place where records become bytes on standard output, in the format the user chose.
 *
 * <p>A command calls {@link #emit} once per record and {@link #close} at the end. With several records, JSON
 * becomes an array (streamed: each element is written as it comes, so {@code --lines} on a huge file does not
 * buffer), JSONL one line each, CSV and Markdown one header then all rows, and the table view separates records by
 * a blank line.
 */
public final class Renderer implements AutoCloseable {
    private final Format format;
    private final boolean many;
    private final PrintWriter writer;
    private final TextOut text;
    private final CsvWriter csv;
    private final MarkdownWriter markdown;
    private final OutputStream raw;
    private int emitted;

    /**
     * @param many whether the command may emit more than one record; decides whether JSON is an array, so it must
     *             not depend on how many records there turn out to be (a script sees the same shape every time)
     */
    public Renderer(Terminal terminal, Format format, boolean many) {
        this.format = format;
        this.many = many;
        this.raw = terminal.out();
        this.writer = new PrintWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), false);
        this.text = new TextOut(writer, new Style(terminal.colorOnStdout()), terminal.width(),
                terminal.stdoutIsTerminal());
        this.csv = new CsvWriter(writer);
        this.markdown = new MarkdownWriter(writer);
    }

    public Format format() {
        return format;
    }

    public TextOut text() {
        return text;
    }

    public void emit(Report report) {
        switch (format) {
            case JSON -> {
                if (many) {
                    writer.print(emitted == 0 ? "[\n" : ",\n");
                }
                JsonWriter.write(report.toJson(), writer, true);
                if (!many) {
                    writer.print('\n');
                }
            }
            case JSONL -> {
                JsonWriter.write(report.toJson(), writer, false);
                writer.print('\n');
            }
            case CSV -> csv.write(report.toTable());
            case MD -> markdown.write(report.markdownTable());
            case TABLE -> {
                if (emitted > 0) {
                    text.line();
                }
                report.writeText(text);
            }
        }
        emitted++;
        if (many) {
            // Streaming records reach a pipe as they are made, not when the buffer fills.
            flush();
        }
    }

    /** Writes bytes as they are (decoded text must reach stdout byte for byte, whatever its encoding). */
    public void emitRaw(byte[] bytes) {
        writer.flush();
        try {
            raw.write(bytes);
        } catch (IOException e) {
            throw new OutputClosedException();
        }
    }

    public void flush() {
        writer.flush();
        try {
            raw.flush();
        } catch (IOException e) {
            throw new OutputClosedException();
        }
        if (writer.checkError()) {
            throw new OutputClosedException();
        }
    }

    @Override
    public void close() {
        if (format == Format.JSON && many) {
            writer.print(emitted == 0 ? "[]\n" : "\n]\n");
        }
        flush();
    }
}
