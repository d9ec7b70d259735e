package dev.llmx.io;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

/**
 * The standard error that llmx writes its messages to. Normally file descriptor 2. For commands that run the
 * model, the {@code ./llmx} launcher starts the JVM with the incubator module {@code jdk.incubator.vector}, and the
 * JVM then prints "WARNING: Using incubator modules" on its standard error before any llmx code runs; no option
 * turns that off. So the launcher hands the JVM a filtered descriptor 2 (dropping that one line) and the real
 * standard error as another descriptor, named by {@code -Dllmx.stderr.fd=3}: llmx's own messages go there directly,
 * unfiltered and in order.
 *
 * <p>Java has no public way to open an inherited descriptor by number: the launcher also passes
 * {@code --add-opens java.base/java.io=ALL-UNNAMED} so that a {@link FileDescriptor} can be set to it. (Reopening
 * {@code /dev/fd/3} instead would not do: on Linux that starts a new file offset when standard error is a file.)
 * Without either flag, descriptor 2 is used.
 */
public final class LauncherStreams {
    private LauncherStreams() {
    }

    /** The stream for llmx's messages: the launcher's real standard error, else descriptor 2. */
    public static OutputStream stderr() {
        String fd = System.getProperty("llmx.stderr.fd");
        if (fd != null) {
            try {
                FileDescriptor descriptor = new FileDescriptor();
                Field field = FileDescriptor.class.getDeclaredField("fd");
                field.setAccessible(true);
                field.setInt(descriptor, Integer.parseInt(fd));
                return new FileOutputStream(descriptor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not started by the launcher as it means to be: fall back to descriptor 2.
                return new FileOutputStream(FileDescriptor.err);
            }
        }
        return new FileOutputStream(FileDescriptor.err);
    }

    /** Points {@link System#err} (uncaught exceptions, the JVM's own Java-side messages) at {@link #stderr()}. */
    public static OutputStream redirectSystemErr() {
        OutputStream err = stderr();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        return err;
    }
}
