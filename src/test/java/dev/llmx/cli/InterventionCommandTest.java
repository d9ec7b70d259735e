package dev.llmx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.safetensors.SafetensorsFile;
import dev.llmx.tensor.Tensor;
import dev.llmx.testing.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --ablate}, {@code --patch}, {@code --steer} on the embedded model: effects a person can check by hand. */
class InterventionCommandTest {
    private static final String PROMPT = "Once upon a time there was a little girl named";

    @TempDir
    Path dir;

    static JsonNode json(CliRunner.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r::toString);
        return new ObjectMapper().readTree(r.stdout());
    }

    private static List<String> args(String... a) {
        List<String> l = new ArrayList<>(List.of("logits", "--format", "json", "-t", "2"));
        l.addAll(List.of(a));
        l.add(PROMPT);
        return l;
    }

    private static JsonNode run(String... a) throws Exception {
        return json(CliRunner.cli().run(args(a).toArray(String[]::new)));
    }

    /** The logits of the edited run's last position, from a --probe logits export. */
    private float[] editedLogits(String name, String... edits) throws Exception {
        Path file = dir.resolve(name + ".safetensors");
        List<String> a = new ArrayList<>(List.of(edits));
        a.addAll(List.of("--probe", "logits", "--probe-out", file.toString()));
        run(a.toArray(String[]::new));
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(1, st.entries().size());
            Tensor t = st.tensor(st.entries().get(0).name());
            float[] row = new float[t.rowLength()];
            t.dequantizeRow(t.rows() - 1, row, 0);
            return row;
        }
    }

    @Test
    void ablatingEveryHeadOfALayerEqualsZeroingItsAttentionOutput() throws Exception {
        List<String> heads = new ArrayList<>();
        for (int h = 0; h < 8; h++) {
            heads.add("--ablate");
            heads.add("blk.2.head." + h);
        }
        float[] allHeads = editedLogits("heads", heads.toArray(String[]::new));
        float[] attention = editedLogits("attn", "--ablate", "blk.2.attn");
        assertArrayEquals(attention, allHeads, 0f);
        JsonNode j = run(heads.toArray(String[]::new));
        assertTrue(j.get("kl_divergence").asDouble() > 1e-4, "removing a layer's attention changes the prediction");
        assertEquals(8, j.get("edits").size());
        assertEquals("blk.2.kqv_out", j.get("edits").get(7).get("probe").asText());
        assertEquals(7, j.get("edits").get(7).get("head").asInt());
    }

    @Test
    void ablatingOneHeadChangesLessThanAblatingTheLayer() throws Exception {
        double one = run("--ablate", "blk.4.head.3").get("kl_divergence").asDouble();
        double all = run("--ablate", "blk.4.attn", "--ablate", "blk.4.ffn").get("kl_divergence").asDouble();
        assertTrue(one > 0 && one < all, one + " vs " + all);
    }

    @Test
    void patchingARunWithItselfChangesNothing() throws Exception {
        JsonNode j = run("--patch", "blk.2.l_out@3", "--patch", "blk.0.attn_out", "--from", PROMPT);
        assertEquals(0, j.get("kl_divergence").asDouble(), 0);
        assertEquals(j.get("clean").toString(), j.get("edited").toString());
        assertEquals(0, j.get("track").get("delta_prob").asDouble(), 0);
    }

    @Test
    void patchingTheLastPositionFromAnotherPromptCarriesItsPrediction() throws Exception {
        // The last layer's output at the last position decides the next token: patched in, it brings the other
        // prompt's prediction with it, exactly.
        String other = "Once upon a time there was a little boy named";
        JsonNode j = run("--patch", "blk.4.l_out@12", "--from", other);
        JsonNode otherRun = json(CliRunner.cli().run("logits", "--format", "json", "-t", "2", other));
        assertEquals(otherRun.get("positions").get(0).get("top").get(0).get("id").asInt(),
                j.get("edited").get("top").get(0).get("id").asInt());
        assertEquals(otherRun.get("positions").get(0).get("top").get(0).get("prob").asDouble(),
                j.get("edited").get("top").get(0).get("prob").asDouble(), 1e-6);
        assertTrue(j.get("kl_divergence").asDouble() > 0.01);
    }

    @Test
    void steeringWithAZeroVectorChangesNothing() throws Exception {
        Path zero = dir.resolve("zero.f32");
        Files.write(zero, new byte[64 * 4]);
        JsonNode j = run("--steer", "blk.2.l_out", "--vector", zero.toString(), "--scale", "10");
        assertEquals(0, j.get("kl_divergence").asDouble(), 0);
        assertEquals(j.get("clean").toString(), j.get("edited").toString());
        JsonNode same = run("--steer", "blk.1.l_out", "--vector", "\"a dog\"-\"a dog\"");
        assertEquals(0, same.get("kl_divergence").asDouble(), 0);
        assertEquals(0, same.get("edits").get(0).get("vector_norm").asDouble(), 0);
    }

    @Test
    void steeringFromGirlTowardsBoyLowersLily() throws Exception {
        JsonNode j = run("--steer", "blk.3.l_out", "--vector", "\"He was a boy\"-\"She was a girl\"",
                "--track", "Lily");
        assertTrue(j.get("track").get("edited_prob").asDouble() < j.get("track").get("clean_prob").asDouble() - 0.1,
                j.get("track").toString());
    }

    @Test
    void steeringAddsTheScaledVectorToTheProbe() throws Exception {
        // A one-hot vector added to the residual leaving the last layer (before the final norm) at scale 2:
        // the exported resid_out equals the clean one plus 2 in that coordinate.
        Path v = dir.resolve("onehot.f32");
        ByteBuffer b = ByteBuffer.allocate(64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(4 * 5, 1f);
        Files.write(v, b.array());
        Path clean = dir.resolve("clean.safetensors");
        Path steered = dir.resolve("steered.safetensors");
        json(CliRunner.cli().run("logits", "--format", "json", "-t", "2", "--probe", "blk.4.l_out", "--probe-out", clean.toString(),
                PROMPT));
        run("--steer", "blk.4.l_out", "--vector", v.toString(), "--scale", "2", "--probe", "blk.4.l_out",
                "--probe-out", steered.toString());
        try (SafetensorsFile a = SafetensorsFile.open(clean); SafetensorsFile s = SafetensorsFile.open(steered)) {
            Tensor ta = a.tensor("blk.4.resid_out@0");
            Tensor ts = s.tensor("blk.4.resid_out@0");
            float[] ra = new float[64];
            float[] rs = new float[64];
            for (int p = 0; p < 13; p++) {
                ta.dequantizeRow(p, ra, 0);
                ts.dequantizeRow(p, rs, 0);
                for (int i = 0; i < 64; i++) {
                    assertEquals(ra[i] + (i == 5 ? 2f : 0f), rs[i], 0f, "position " + p + " coordinate " + i);
                }
            }
        }
    }

    @Test
    void generateSteersTheStory() throws Exception {
        JsonNode clean = json(CliRunner.cli().run("generate", "-n", "12", "--temp", "0", "--format", "json",
                "Once upon a time"));
        JsonNode steered = json(CliRunner.cli().run("generate", "-n", "12", "--temp", "0", "--format", "json",
                "--steer", "blk.3.l_out", "--vector", "\"He was a boy\"-\"She was a girl\"", "Once upon a time"));
        assertTrue(clean.get("text").asText().contains("girl"), clean.get("text").asText());
        assertTrue(steered.get("text").asText().contains("boy"), steered.get("text").asText());
        assertEquals("steer", steered.get("edits").get(0).get("kind").asText());
    }

    private static void oneLineError(CliRunner.Result r, int exit, String start) {
        assertEquals(exit, r.exitCode(), r::toString);
        assertEquals("", r.stdout());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith(start), r.stderr());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        oneLineError(CliRunner.cli().run("logits", "--ablate", "blk.1.head.8", PROMPT), 2,
                "llmx logits: --ablate blk.1.head.8: head 8 is out of range; the model has 8 heads");
        oneLineError(CliRunner.cli().run("logits", "--ablate", "blk.5.ffn", PROMPT), 2,
                "llmx logits: blk.5.ffn: layer 5 is out of range; the model has 5 layers");
        oneLineError(CliRunner.cli().run("logits", "--probe", "blk.*.nothing", "--probe-out",
                dir.resolve("x.safetensors").toString(), PROMPT), 2,
                "llmx logits: --probe 'blk.*.nothing' matches no probe of this model; the probes are token_embd");
        Path wrong = dir.resolve("wrong.f32");
        Files.write(wrong, new byte[63 * 4]);
        oneLineError(CliRunner.cli().run("logits", "--steer", "blk.1.l_out", "--vector", wrong.toString(), PROMPT), 1,
                "llmx logits: --vector " + wrong + " has 63 values but blk.1.resid_out has 64 per position");
        oneLineError(CliRunner.cli().run("logits", "--patch", "blk.1.l_out@40", "--from", "Once", PROMPT), 2,
                "llmx logits: --patch blk.1.l_out@40: position 40 is past the end");
        oneLineError(CliRunner.cli().run("logits", "--patch", "blk.1.l_out", PROMPT), 2,
                "llmx logits: --patch blk.1.l_out needs --from TEXT");
        oneLineError(CliRunner.cli().run("logits", "--ablate", "blk.1.attn_weights", PROMPT), 2,
                "llmx logits: --ablate blk.1.attn_weights: the attention scores and weights are copies");
        oneLineError(CliRunner.cli().run("logits", "--probe", "blk.0.q", PROMPT), 2,
                "llmx logits: --probe needs --probe-out FILE");
    }

    @Test
    void anUnwritableProbeOutIsOneLineAndLeavesNothing() throws Exception {
        Path missing = dir.resolve("no-such-folder").resolve("p.safetensors");
        oneLineError(CliRunner.cli().run("generate", "-n", "3", "--probe", "blk.*.l_out", "--probe-out",
                missing.toString(), "Once"), 1, "llmx generate: cannot write " + missing + ": folder ");
        Path aFile = Files.writeString(dir.resolve("plain.txt"), "x");
        oneLineError(CliRunner.cli().run("logits", "--probe", "logits", "--probe-out",
                aFile.resolve("p.safetensors").toString(), "Once"), 1, "llmx logits: cannot write ");
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        assertTrue(readOnly.toFile().setWritable(false));
        try {
            if (Files.isWritable(readOnly)) {
                return; // running as root: permissions do not stop writes
            }
            Path target = readOnly.resolve("p.safetensors");
            oneLineError(CliRunner.cli().run("logits", "--probe", "logits", "--probe-out", target.toString(), "Once"),
                    1, "llmx logits: cannot write " + target + ": permission denied");
            try (var listing = Files.list(readOnly)) {
                assertEquals(0, listing.count());
            }
        } finally {
            readOnly.toFile().setWritable(true);
        }
    }

    @Test
    void aFailedRunKeepsTheOldFileAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("p.safetensors");
        Files.writeString(target, "old");
        // A prompt longer than the context: the run fails after the recorder opened its temporary data file.
        CliRunner.Result r = CliRunner.cli().run("generate", "-c", "4", "-n", "20", "--probe", "blk.*.l_out",
                "--probe-out", target.toString(), "Once upon a time");
        assertNotEquals(0, r.exitCode(), r::toString);
        assertEquals("old", Files.readString(target));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
        assertFalse(Files.exists(dir.resolve("p.json")));
    }

    @Test
    void inspectOpensAProbeFile() throws Exception {
        Path file = dir.resolve("probes.safetensors");
        json(CliRunner.cli().run("logits", "--format", "json", "--probe", "blk.*.l_out", "--probe", "blk.0.q",
                "--probe-out", file.toString(), PROMPT));
        JsonNode j = json(CliRunner.cli().run("inspect", "-m", file.toString(), "--format", "json"));
        assertEquals("llmx-probes", j.get("metadata").get("format").asText());
        assertEquals(6, j.get("n_tensors").asInt());
        assertEquals("blk.0.q@0", j.get("tensors").get(0).get("name").asText());
        assertEquals("[13,8,8]", j.get("tensors").get(0).get("shape").toString());
        CliRunner.Result stats = CliRunner.cli().run("inspect", "-m", file.toString(), "--tensor", "blk.4.resid_out@0");
        assertEquals(0, stats.exitCode(), stats::toString);
        assertTrue(stats.stdout().contains("832 values"), stats.stdout());
        CliRunner.Result missing = CliRunner.cli().run("inspect", "-m", file.toString(), "--tensor", "blk.9.q@0");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.stderr().startsWith("llmx inspect: no tensor named 'blk.9.q@0' in probes.safetensors"),
                missing.stderr());
    }
}
