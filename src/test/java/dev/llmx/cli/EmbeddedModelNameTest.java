package dev.llmx.cli;

import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model inside llmx has a name to pass to -m ({@code stories260K}), and ids piped from another tokenizer (tokenize's
 * default, o200k_base) are refused with the command that makes the right ones.
 */
class EmbeddedModelNameTest {
    @Test
    void dashMStories260KIsTheEmbeddedModel() {
        CliRunner.Result named = CliRunner.cli().run("generate", "-m", "stories260K", "-n", "8", "--temp", "0", "Once");
        CliRunner.Result plain = CliRunner.cli().run("generate", "-n", "8", "--temp", "0", "Once");
        assertEquals(0, named.exitCode(), named::toString);
        assertEquals(plain.stdout(), named.stdout());
    }

    @Test
    void tokenizeWithTheNamePipesIntoEmbed() {
        CliRunner.Result tokens = CliRunner.cli().run("tokenize", "-m", "stories260K", "--format", "json", "Lily");
        assertEquals(0, tokens.exitCode(), tokens::toString);
        CliRunner.Result embed = CliRunner.cli().stdin(tokens.stdout()).run("embed", "--format", "json");
        assertEquals(0, embed.exitCode(), embed::toString);
        CliRunner.Result encoding = CliRunner.cli().run("tokenize", "-e", "stories260K", "--format", "json", "Lily");
        assertEquals(tokens.stdout(), encoding.stdout(), "-e takes the name too");
    }

    @Test
    void idsOfTokenizesDefaultTokenizerAreRefusedWithWhatToDo() {
        CliRunner.Result tokens = CliRunner.cli().run("tokenize", "--format", "json", "Once upon a time");
        CliRunner.Result embed = CliRunner.cli().stdin(tokens.stdout()).run("embed");
        assertEquals(1, embed.exitCode(), embed::toString);
        assertEquals("llmx embed: the piped ids were made by the o200k_base tokenizer, not this model's; make them "
                + "with 'llmx tokenize -m stories260K --format json'\n", embed.stderr());
        assertTrue(embed.stdout().isEmpty());
    }
}
