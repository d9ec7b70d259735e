package dev.llmx.cli;

import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command opens a model one way ({@link ModelOpener}): a Hugging Face folder that generate rejects, quantize
 * rejects with the same line, and the output file a user already had is left as it was (issue 15, item 9).
 */
class OneOpeningPathTest {
    @TempDir
    Path dir;

    private Path folder() throws IOException {
        Path source = Refs.require("models/stories260K-hf");
        Path copy = dir.resolve("model");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private void assertBothReject(Path model) throws IOException {
        Path out = dir.resolve("out.gguf");
        byte[] mine = "a file the user had".getBytes();
        Files.write(out, mine);
        CliRunner.Result generate = CliRunner.cli().run("generate", "-m", model.toString(), "-n", "1", "hi");
        CliRunner.Result quantize = CliRunner.cli().run("quantize", "-m", model.toString(), "--type", "Q8_0", "-o",
                out.toString());
        assertEquals(1, generate.exitCode(), generate::toString);
        assertEquals(1, quantize.exitCode(), quantize::toString);
        assertTrue(generate.stderr().startsWith("llmx generate: "), generate.stderr());
        assertEquals(generate.stderr().substring("llmx generate: ".length()),
                quantize.stderr().substring("llmx quantize: ".length()));
        assertEquals(1, quantize.stderr().lines().count(), quantize.stderr());
        assertArrayEquals(mine, Files.readAllBytes(out));
    }

    @Test
    void aBrokenTokenizerJsonIsRejectedByQuantizeAsByGenerate() throws IOException {
        Path model = folder();
        Files.writeString(model.resolve("tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": 7}}");
        assertBothReject(model);
    }

    @Test
    void aHeadDimThatDoesNotFitTheWeightsIsRejectedByQuantizeAsByGenerate() throws IOException {
        Path model = folder();
        String config = Files.readString(model.resolve("config.json"));
        Files.writeString(model.resolve("config.json"), config.replace("\"num_attention_heads\": 8,",
                "\"num_attention_heads\": 8,\n  \"head_dim\": 16,"));
        assertBothReject(model);
    }
}
