package dev.llmx.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.engine.Model;
import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;
import dev.llmx.engine.Session;
import dev.llmx.model.EmbeddedModel;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.safetensors.SafetensorsFile;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.kernel.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probes exported for a prompt (and for decode steps) read back bit for bit — through llmx's safetensors reader and
 * through a check of the raw bytes against the safetensors specification.
 */
class ProbeExportTest {
    @TempDir
    Path dir;

    /** Copies of every tensor the pass handed over, by export name. */
    private static final class Reference implements Probe {
        final Map<String, float[]> tensors = new LinkedHashMap<>();

        @Override
        public boolean wants(String name) {
            return true;
        }

        @Override
        public void observe(ProbeTensor t) {
            tensors.put(t.name() + "@" + t.firstPosition(),
                    Arrays.copyOf(t.values(), t.positions() * t.rowLength()));
        }
    }

    @Test
    void everyProbeOfAPromptAndTwoDecodeStepsReadsBackBitForBit() throws Exception {
        Path file = dir.resolve("probes.safetensors");
        Reference reference = new Reference();
        try (ModelSource source = ModelFiles.open(EmbeddedModel.path());
             Session session = Session.open(Model.load(source, Kernels.best()), 0, 2)) {
            int layers = session.model().layerCount();
            try (ProbeRecorder recorder = new ProbeRecorder(file, ProbeSelection.of(List.of("*"), layers))) {
                int[] prompt = {1, 403, 407, 261, 378};
                recorder.promptLength(prompt.length);
                Probe both = ProbeChain.of(recorder, reference);
                session.prefill(prompt, both);
                session.decode(432, both);
                session.decode(412, both);
                recorder.finish(Map.of("model", "stories260K"));
                // 18 stages with 5 layers: 3 outside the layers + 15 per layer; three passes.
                assertEquals(3 * (3 + 15 * layers), recorder.entries().size());
                assertEquals(2, recorder.entries().get(recorder.entries().size() - 1).step());
            }
        }
        assertEquals(reference.tensors.keySet().size(), 3 * (3 + 15 * 5));

        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals("llmx-probes", st.metadata().get("format"));
            assertEquals(reference.tensors.size(), st.entries().size());
            for (Map.Entry<String, float[]> e : reference.tensors.entrySet()) {
                Tensor t = st.tensor(e.getKey());
                float[] back = new float[(int) (t.rows() * t.rowLength())];
                for (long r = 0; r < t.rows(); r++) {
                    t.dequantizeRow(r, back, (int) (r * t.rowLength()));
                }
                assertBits(e.getValue(), back, e.getKey());
            }
        }

        // The raw format, checked independently of llmx's reader (huggingface/safetensors' specification).
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        assertEquals(0, (8 + n) % 8, "the data starts 8-byte aligned");
        String headerText = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(headerText.startsWith("{"), headerText);
        JsonNode header = new ObjectMapper().readTree(headerText.strip());
        long dataStart = 8 + n;
        long expected = 0;
        Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
        int tensors = 0;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("__metadata__")) {
                f.getValue().fields().forEachRemaining(m -> assertTrue(m.getValue().isTextual()));
                continue;
            }
            tensors++;
            JsonNode t = f.getValue();
            assertEquals("F32", t.get("dtype").asText());
            long begin = t.get("data_offsets").get(0).asLong();
            long end = t.get("data_offsets").get(1).asLong();
            assertEquals(expected, begin, "tensors tile the data in order");
            long elements = 1;
            for (JsonNode d : t.get("shape")) {
                elements *= d.asLong();
            }
            assertEquals(4 * elements, end - begin);
            float[] want = reference.tensors.get(f.getKey());
            assertEquals(want.length, elements, f.getKey());
            float[] got = new float[want.length];
            ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(got);
            assertBits(want, got, f.getKey());
            expected = end;
        }
        assertEquals(reference.tensors.size(), tensors);
        assertEquals(bytes.length - dataStart, expected, "no bytes after the last tensor");

        JsonNode index = new ObjectMapper().readTree(dir.resolve("probes.json").toFile());
        assertEquals(tensors, index.get("tensors").size());
        JsonNode firstDecode = null;
        for (JsonNode t : index.get("tensors")) {
            if (t.get("name").asText().equals("blk.4.resid_out@5")) {
                firstDecode = t;
            }
        }
        assertEquals(1, firstDecode.get("step").asInt());
        assertEquals("[1,64]", firstDecode.get("shape").toString());
        assertEquals(4, firstDecode.get("layer").asInt());
        try (var listing = Files.list(dir)) {
            assertEquals(2, listing.count(), "no temporary file is left behind");
        }
    }

    private static void assertBits(float[] want, float[] got, String name) {
        assertEquals(want.length, got.length, name);
        int[] a = new int[want.length];
        int[] c = new int[got.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits(want[i]);
            c[i] = Float.floatToRawIntBits(got[i]);
        }
        assertArrayEquals(a, c, name);
    }
}
