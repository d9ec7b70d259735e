package dev.llmx.cli;

import dev.llmx.LlmxException;
import dev.llmx.MappedFileFault;
import dev.llmx.render.Format;
import dev.llmx.render.Renderer;
import dev.llmx.render.Terminal;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * What every subcommand has: the shared terminal, {@code --format}, and a renderer made for it.
 * Subclasses implement {@link #execute()} and return an exit code (normally 0; failures are exceptions).
 */
public abstract class LlmxSubcommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Mixin
    protected FormatOption formatOption;

    protected Terminal terminal() {
        return ((LlmxCommand) spec.root().userObject()).terminal();
    }

    protected Format format() {
        return formatOption.format();
    }

    /** A renderer for this command's output; {@code many} as in {@link Renderer#Renderer}. */
    protected Renderer renderer(boolean many) {
        return new Renderer(terminal(), format(), many);
    }

    @Override
    public final Integer call() throws Exception {
        try {
            return execute();
        } catch (RuntimeException | InternalError e) {
            // Picocli's error handler sees only Exceptions, and a model file truncated under its mapping is bad
            // data, not an internal error.
            if (MappedFileFault.in(e)) {
                throw new LlmxException(MappedFileFault.MESSAGE, e);
            }
            throw e;
        } catch (OutOfMemoryError e) {
            // Picocli hands Errors on, and the JVM would print a stack trace: one line instead.
            throw new LlmxException(ErrorReporter.describe(e), e);
        }
    }

    protected abstract int execute() throws Exception;
}
