package dev.llmx.cli.docs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ManPageTest {
    @Test
    void escapesBackslashesAndHyphens() {
        assertEquals("\\-\\-temp a\\eb", ManPage.escape("--temp a\\b"));
    }

    @Test
    void writesNonAsciiAsUnicodeEscapes() {
        assertEquals("a \\[u2192] b\\[u2026] \\[u1F600]", ManPage.escape("a → b… \uD83D\uDE00"));
    }

    @Test
    void everyPageHasExitStatusAndEnvironment() {
        for (String name : dev.llmx.cli.CommandLineFactory.subcommandNames()) {
            String page = ManPage.render(dev.llmx.cli.CommandLineFactory.create(new dev.llmx.render.Terminal(
                    java.io.InputStream.nullInputStream(), new java.io.ByteArrayOutputStream(),
                    new java.io.ByteArrayOutputStream(), false, false, false, false, 100)).getSubcommands().get(name)
                    .getCommandSpec());
            org.junit.jupiter.api.Assertions.assertTrue(page.contains(".SH EXIT STATUS\n")
                    && page.contains(".SH ENVIRONMENT\n") && page.contains("LLMX_JAVA_OPTS")
                    && page.indexOf(".SH EXIT STATUS") < page.indexOf(".SH EXAMPLES"), name);
        }
    }
}
