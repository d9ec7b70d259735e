package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --png} on attend, embed and layers: real PNG files, drawn headless; a bad path leaves nothing. */
class PngOutputTest {
    private static final String PROMPT = "Once upon a time";

    @TempDir
    Path dir;

    private BufferedImage draw(String... args) throws Exception {
        Path png = dir.resolve("out.png");
        Files.deleteIfExists(png);
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--png";
        all[args.length + 1] = png.toString();
        CliRunner.Result r = CliRunner.cli().run(all);
        assertEquals(0, r.exitCode(), r::toString);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() >= 400 && image.getHeight() >= 150, image.toString());
        return image;
    }

    @Test
    void attentionOfOneHeadIsAHeatmapWithTheFutureMasked() throws Exception {
        BufferedImage image = draw("attend", "--layer", "1", "--head", "2", PROMPT);
        // The heatmap starts at (130, 50) with 28-pixel cells for 5 tokens: the cell (query 0, key 4) is masked
        // (grey), the cell (query 0, key 0) is BOS attending to itself with weight 1 (the darkest blue).
        Color masked = new Color(image.getRGB(130 + 4 * 28 + 14, 50 + 14));
        assertEquals(Color.LIGHT_GRAY, masked);
        Color self = new Color(image.getRGB(130 + 14, 50 + 14));
        assertTrue(self.getBlue() > self.getRed() + 50, self.toString());
    }

    @Test
    void attendOverGeneratedTokensDrawsPromptAndContinuation() throws Exception {
        draw("attend", "--layer", "4", "--continue", "8", PROMPT);
        draw("attend", PROMPT);
        JsonNode j = new ObjectMapper().readTree(CliRunner.cli().run("attend", "--format", "json", "--continue", "8",
                PROMPT).stdout());
        assertEquals(5 + 8, j.get("tokens").size(), j.toString().substring(0, 200));
    }

    @Test
    void embedAndLayersDraw() throws Exception {
        draw("embed", "Lily and Ben went to the park");
        draw("layers", "Once upon a time there was a little girl named");
    }

    @Test
    void aMissingFolderIsOneLineAndNoFile() {
        Path png = dir.resolve("no").resolve("x.png");
        CliRunner.Result r = CliRunner.cli().run("embed", "--png", png.toString(), PROMPT);
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("llmx embed: cannot write " + png), r.stderr());
        assertFalse(Files.exists(png));
    }

    @Test
    void routeDrawsTheExpertUsage() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.llmx.testing.Refs.present("models/ref-qwen3moe-Q8_0.gguf"),
                "../shared/refs/models absent");
        draw("route", "-m", dev.llmx.testing.Refs.require("models/ref-qwen3moe-Q8_0.gguf").toString(),
                "Hello there my friend, how are you today");
    }
}
