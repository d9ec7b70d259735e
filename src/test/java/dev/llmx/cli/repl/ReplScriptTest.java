package dev.llmx.cli.repl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code llmx repl} reading a script from standard input: what the done-when line pipes into it. */
class ReplScriptTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRunner.Result repl(String script, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "repl";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.cli().stdin(script).run(all);
    }

    @Test
    void runsEveryLineWithTheSameOutputAsTheCommandLineAndStopsAtExit() {
        CliRunner.Result r = repl("tokenize --format json hello\ngenerate \"Once upon a time\" -n 20 --temp 0\n"
                + "exit\ntokenize --format json never\n");
        assertEquals(0, r.exitCode(), r::toString);
        CliRunner.Result tokenize = CliRunner.cli().run("tokenize", "--format", "json", "hello",
                "-m", dev.llmx.model.EmbeddedModel.path().toString());
        CliRunner.Result generate = CliRunner.cli().run("generate", "Once upon a time", "-n", "20", "--temp", "0");
        assertEquals(tokenize.stdout() + generate.stdout(), r.stdout(),
                "inside the REPL a command prints what it prints outside (tokenize uses the loaded model's tokenizer)");
        assertFalse(r.stdout().contains("never"), "nothing after exit runs");
        assertFalse(r.stderr().contains("llmx repl"), "no prompt, banner or REPL message in a script: " + r.stderr());
    }

    @Test
    void aFailingLinePrintsOneErrorAndTheScriptGoesOnWithTheLastFailureAsItsStatus() {
        CliRunner.Result r = repl("bogus\ntokenz hi\ngenerate -n 0 hi\ntokenize --count hi\n");
        assertEquals(2, r.exitCode(), r::toString);
        String[] errors = r.stderr().strip().split("\n");
        assertEquals(3, errors.length, r.stderr());
        assertEquals("llmx repl: unknown command 'bogus' (see ':help')", errors[0]);
        assertTrue(errors[1].contains("unknown command 'tokenz'; did you mean tokenize?"), errors[1]);
        assertTrue(errors[2].startsWith("llmx generate: -n must be at least 1"), errors[2]);
        assertTrue(r.stdout().contains("chars/token"), "the line after the failures ran: " + r.stdout());
    }

    @Test
    void aDataFailureGivesStatusOneAndPipedCommandsDoNotEatTheScript() {
        CliRunner.Result r = repl("logits -m /no/such/model.gguf hi\ngenerate -n 3 --temp 0\ntokenize --count hi\n");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx logits: /no/such/model.gguf"), r.stderr());
        assertTrue(r.stdout().contains("chars/token"),
                "generate without a prompt did not read the rest of the script as its prompt: " + r.stdout());
    }

    @Test
    void llmxPrefixCommentsBlankLinesAndQuotesAreUnderstood() {
        CliRunner.Result r = repl("# a comment\n\n   \nllmx tokenize --format json 'Hello  world'\n"
                + "tokenize --format json \"it's\"\n");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("\"n_chars\": 12"), "one argument with its two spaces: " + r.stdout());
        assertTrue(r.stdout().contains("\"n_chars\": 4"), "an apostrophe inside double quotes: " + r.stdout());
    }

    @Test
    void unclosedQuoteAndInvalidUtf8AreOneLineErrors() {
        byte[] script = "tokenize \"open\n\u00ff\ntokenize --count ok\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        CliRunner.Result r = CliRunner.cli().stdin(script).run("repl");
        String[] errors = r.stderr().strip().split("\n");
        assertEquals(2, errors.length, r.stderr());
        assertTrue(errors[0].contains("unclosed quote"), errors[0]);
        assertTrue(errors[1].contains("invalid UTF-8"), errors[1]);
        assertTrue(r.stdout().contains("chars/token"), r.stdout());
        assertEquals(1, r.exitCode());
    }

    @Test
    void infoDescribesTheLoadedModelAsJson() throws Exception {
        CliRunner.Result r = repl(":info --format json\n");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode info = JSON.readTree(r.stdout());
        assertEquals("llama", info.get("architecture").asText());
        assertEquals(5, info.get("layers").asInt());
        assertEquals(512, info.get("vocab_size").asInt());
        assertTrue(info.get("path").asText().endsWith(".gguf"));
        assertTrue(info.get("load_ms").asDouble() > 0);
    }

    @Test
    void modelSwitchesTheKeptModelAndAFailedSwitchKeepsTheOldOne() throws Exception {
        Path other = Refs.require("models/ref-llama-Q8_0.gguf");
        CliRunner.Result r = repl(":model /no/such.gguf\n:info --format json\n:model " + other
                + "\n:info --format json\ntokenize --format json hello\n");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("llmx repl: /no/such.gguf"), r.stderr());
        var docs = JSON.readerFor(JsonNode.class).readValues(r.stdout()).readAll();
        assertTrue(((JsonNode) docs.get(0)).get("path").asText().contains("stories260K"), "failed switch kept it");
        assertEquals(other.toString(), ((JsonNode) docs.get(1)).get("path").asText());
        JsonNode tokens = (JsonNode) docs.get(2);
        CliRunner.Result direct = CliRunner.cli().run("tokenize", "--format", "json", "-m", other.toString(), "hello");
        assertEquals(JSON.readTree(direct.stdout()).get("ids"), tokens.get("ids"),
                "after :model, tokenize uses the new model's tokenizer");
    }

    @Test
    void aCommandNamingAnotherModelUsesItWithoutSwitching() throws Exception {
        Path other = Refs.require("models/ref-llama-Q8_0.gguf");
        CliRunner.Result r = repl("generate -m " + other + " --temp 0 -n 4 --format json Hello\n:info --format json\n");
        assertEquals(0, r.exitCode(), r::toString);
        var docs = JSON.readerFor(JsonNode.class).readValues(r.stdout()).readAll();
        CliRunner.Result direct = CliRunner.cli().run("generate", "-m", other.toString(), "--temp", "0", "-n", "4",
                "--format", "json", "Hello");
        assertEquals(JSON.readTree(direct.stdout()).get("tokens"), ((JsonNode) docs.get(0)).get("tokens"));
        assertTrue(((JsonNode) docs.get(1)).get("path").asText().contains("stories260K"));
    }

    @Test
    void replInsideTheReplAndUnknownColonCommandsAreUsageErrors() {
        CliRunner.Result r = repl("repl\n:inf\n");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("already in the REPL"), r.stderr());
        assertTrue(r.stderr().contains("unknown REPL command ':inf'; did you mean :info?"), r.stderr());
    }

    @Test
    void helpAndTimingGoToStandardError() {
        CliRunner.Result r = repl(":help\n:time on\ntokenize --count hi\n");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains(":model PATH"), r.stderr());
        assertTrue(r.stderr().matches("(?s).*\\(\\d+\\.\\d ms\\).*"), r.stderr());
        assertFalse(r.stdout().contains(":model"), "standard output holds only command output");
    }

    @Test
    void aReplInsideTheReplIsRefusedWhateverOptionsComeFirst() {
        CliRunner.Result r = repl("--debug repl\n-q repl\n");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(2, r.stderr().split("already in the REPL", -1).length - 1, r.stderr());
    }

    @Test
    void optionsOfTheReplHoldForTheSessionAndALinesOptionsForThatLine() {
        String reload = ":model " + dev.llmx.model.EmbeddedModel.path() + "\n";
        assertTrue(repl(reload).stderr().startsWith("loaded "), "a REPL message");
        assertEquals("", CliRunner.cli().stdin(reload).run("repl", "-q").stderr(), "--quiet on the REPL");
        assertTrue(repl("tokenize -q --count hi\n" + reload).stderr().startsWith("loaded "),
                "a line's -q ends with the line");
        assertTrue(CliRunner.cli().stdin("tokenize hi\n").run("repl", "--color", "always").stdout()
                .contains("\u001b["), "--color always on the REPL colours its commands");
        assertFalse(repl("tokenize --color always hi\ntokenize hi\n").stdout().split("\n", -1)[5].contains("\u001b["),
                "a line's --color ends with the line");
    }

    @Test
    void aClosedStandardOutputEndsTheSessionQuietly() {
        java.io.OutputStream closed = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        };
        CliRunner.Result r = CliRunner.cli().stdin(":info\ntokenize hi\ngenerate -n 5 hi\n").stdout(closed).run("repl");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.stderr());
    }

    @Test
    void tokenizeWithoutTextAsksForItInsteadOfReadingNothing() {
        CliRunner.Result r = repl("tokenize\ntokenize --count hi\n");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx tokenize: no text to tokenize: give it as arguments or with -f FILE "
                + "(commands in the REPL have no standard input)"), r.stderr());
        assertFalse(r.stdout().contains("0 tokens"), r.stdout());
        assertTrue(r.stdout().contains("chars/token"), r.stdout());
    }
}
