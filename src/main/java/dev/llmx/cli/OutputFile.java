package dev.llmx.cli;

import dev.llmx.io.AtomicFile;
import dev.llmx.render.Terminal;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A FILE option of a command that writes data (--dump): {@code -} means standard output, as in most Unix tools,
 * rather than a file named "-"; any other name is written atomically (see {@link AtomicFile}). A command whose data
 * goes to standard output leaves its report off standard output, which then carries nothing but the data.
 */
final class OutputFile {
    /** Fills the channel, front to back. */
    @FunctionalInterface
    interface Body {
        void write(WritableByteChannel out) throws IOException;
    }

    private OutputFile() {
    }

    static boolean isStandardOutput(Path file) {
        return file != null && file.toString().equals("-");
    }

    static void write(Path file, Terminal terminal, Body body) throws IOException {
        if (isStandardOutput(file)) {
            WritableByteChannel out = Channels.newChannel(terminal.out());
            body.write(out);
            terminal.out().flush();
        } else {
            AtomicFile.write(file, body::write);
        }
    }
}
