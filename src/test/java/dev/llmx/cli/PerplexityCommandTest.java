package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import dev.llmx.testing.Refs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code llmx perplexity}: llama-perplexity's figure on the shared reference, KL of a model with itself, errors. */
class PerplexityCommandTest {
    private static final String STORY = "Once upon a time, there was a little girl named Lily. She loved to play "
            + "outside in the park. One day, she saw a big dog. ";

    @TempDir
    Path dir;

    static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    @Test
    void matchesLlamaPerplexityOnTheReferenceText() throws Exception {
        assumeTrue(Refs.present("perplexity/README.md"), "../shared/refs/perplexity absent");
        byte[] text = Arrays.copyOf(Files.readAllBytes(Refs.require("corpus/war-and-peace.txt")), 65536);
        Path file = dir.resolve("wp.txt");
        Files.write(file, text);
        JsonNode j = json(CliRunner.cli().run("perplexity", "-m", Refs.require("models/stories260K.gguf").toString(),
                "-f", file.toString(), "-c", "128", "--format", "json"));
        // llama-perplexity -c 128 -b 128: 45.3203 ± 1.09165 (../shared/refs/perplexity/README.md).
        assertEquals(45.3203, j.get("perplexity").asDouble(), 45.3203 * 0.005);
        assertEquals(1.09165, j.get("stderr").asDouble(), 0.02);
        assertEquals(63L * j.get("n_chunks").asLong(), j.get("n_tokens_scored").asLong());
        assertEquals(j.get("n_tokens").asInt() / 128, j.get("n_chunks").asInt());
    }

    @Test
    void aModelComparedWithItselfHasNoDivergence() throws Exception {
        Path model = dev.llmx.model.EmbeddedModel.path();
        Path png = dir.resolve("curve.png");
        JsonNode j = json(CliRunner.cli().stdin(STORY.repeat(12)).run("perplexity", "-c", "32", "--format", "json",
                "--kl-divergence", model.toString(), "--png", png.toString()));
        JsonNode kl = j.get("kl_divergence");
        assertEquals(j.get("perplexity").asDouble(), kl.get("perplexity").asDouble(), 1e-9);
        assertEquals(0, kl.get("mean_kl").asDouble(), 1e-9);
        assertEquals(0, kl.get("max_kl").asDouble(), 1e-9);
        assertEquals(1.0, kl.get("same_top_p").asDouble(), 0);
        assertEquals(0, kl.get("mean_delta_p").asDouble(), 1e-12);
        assertEquals(j.get("n_tokens_scored").asLong(), kl.get("n_positions").asLong());
        assertEquals(15 * j.get("n_chunks").asInt(), j.get("n_tokens_scored").asInt());
        assertEquals(j.get("n_chunks").asInt(), j.get("chunks").size());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
    }

    @Test
    void aStoryTheModelKnowsIsLessSurprisingThanShuffledBytes() throws Exception {
        double story = json(CliRunner.cli().stdin(STORY.repeat(12)).run("perplexity", "-c", "32", "--format",
                "json")).get("perplexity").asDouble();
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < STORY.length() * 12; i++) {
            noise.append((char) ('a' + random.nextInt(26)));
        }
        double shuffled = json(CliRunner.cli().stdin(noise.toString()).run("perplexity", "-c", "32", "--format",
                "json")).get("perplexity").asDouble();
        assertTrue(story < 10 && shuffled > 3 * story, story + " vs " + shuffled);
    }

    @Test
    void tooShortATextIsOneLine() {
        CliRunner.Result r = CliRunner.cli().stdin("Once upon a time").run("perplexity", "-c", "64");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("llmx perplexity: the text has "), r.stderr());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
    }

    @Test
    void anUnwritablePngLeavesNothing() throws Exception {
        Path png = dir.resolve("missing").resolve("c.png");
        CliRunner.Result r = CliRunner.cli().stdin(STORY.repeat(12)).run("perplexity", "-c", "32", "--png",
                png.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertFalse(Files.exists(png));
        assertEquals("", r.stdout());
        assertTrue(new String(r.stdoutBytes(), StandardCharsets.UTF_8).isEmpty());
    }

    @Test
    void modelsWithDifferentVocabulariesAreOneLine() {
        assumeTrue(Refs.present("models/ref-qwen2-Q8_0.gguf"), "../shared/refs/models absent");
        CliRunner.Result r = CliRunner.cli().stdin(STORY.repeat(12)).run("perplexity", "-c", "32", "--kl-divergence",
                Refs.require("models/ref-qwen2-Q8_0.gguf").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("llmx perplexity: the models have different vocabularies (512 and "),
                r.stderr());
    }
}
