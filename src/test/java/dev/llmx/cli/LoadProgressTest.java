package dev.llmx.cli;

import dev.llmx.render.Terminal;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model commands draw the loading progress on their own terminal. */
class LoadProgressTest {
    @Test
    void theModelOptionFindsItsCommandsTerminal() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), err,
                false, true, true, false, 80);
        CommandLine llmx = CommandLineFactory.create(terminal);
        for (String name : new String[] {"embed", "attend", "layers", "logits", "sample", "generate"}) {
            Object mixin = llmx.getSubcommands().get(name).getCommandSpec().mixins().values().stream()
                    .map(spec -> spec.userObject()).filter(o -> o instanceof ModelOption).findFirst().orElseThrow();
            assertSame(terminal, ((ModelOption) mixin).terminal().orElseThrow(), name);
        }
        assertTrue(new ModelOption().terminal().isEmpty(), "an option made outside a command line has none");
    }
}
