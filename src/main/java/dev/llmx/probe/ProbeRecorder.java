package dev.llmx.probe;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmx.engine.Probe;
import dev.llmx.engine.ProbeTensor;
import dev.llmx.io.AtomicFile;
import dev.llmx.safetensors.SafetensorsStreamWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the selected probes of every forward pass to a safetensors file as they are computed (streamed: memory does
 * not grow with the run), one tensor per probe and forward pass, named {@code PROBE@FIRST_POSITION} and shaped
 * {@code [positions, row shape…]} — {@code blk.3.resid_out@0} is the prompt's (or its first 128 tokens'),
 * {@code blk.3.resid_out@12} the pass that ran position 12 (a generated token's). Step 0 is the prompt, step k the
 * k-th generated token. {@link #finish} writes the file and a JSON index next to it ({@link #indexPath}).
 */
public final class ProbeRecorder implements Probe, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One recorded tensor, as the index lists it. */
    public record Entry(String name, String probe, int layer, int step, int firstPosition, int positions,
                        long[] shape, long begin, long end) {
    }

    private final ProbeSelection selection;
    private final SafetensorsStreamWriter writer;
    private final Path target;
    private final List<Entry> entries = new ArrayList<>();
    private int promptLength = Integer.MAX_VALUE;

    public ProbeRecorder(Path target, ProbeSelection selection) {
        this.target = target;
        this.selection = selection;
        this.writer = new SafetensorsStreamWriter(target);
    }

    /** Tokens of the prompt: passes at positions before this are step 0, later ones the generated tokens' steps. */
    public void promptLength(int tokens) {
        this.promptLength = tokens;
    }

    /** The JSON index written beside {@code file}: {@code x.safetensors} → {@code x.json}, else {@code file.json}. */
    public static Path indexPath(Path file) {
        String name = file.getFileName().toString();
        String base = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return file.resolveSibling(base + ".json");
    }

    @Override
    public boolean wants(String name) {
        return selection.test(name);
    }

    @Override
    public void observe(ProbeTensor t) {
        long[] shape = new long[1 + t.rowShape().length];
        shape[0] = t.positions();
        for (int i = 0; i < t.rowShape().length; i++) {
            shape[i + 1] = t.rowShape()[i];
        }
        String name = t.name() + "@" + t.firstPosition();
        try {
            SafetensorsStreamWriter.Written w = writer.add(name, shape, t.values());
            int step = t.firstPosition() < promptLength ? 0 : t.firstPosition() - promptLength + 1;
            entries.add(new Entry(name, t.name(), t.layer(), step, t.firstPosition(), t.positions(), shape,
                    w.begin(), w.end()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Writes the safetensors file and its JSON index; {@code about} (model, tokens …) goes into the index and, as
     * strings, into the file's {@code __metadata__}. Returns where it wrote them (file, index, tensors, bytes).
     */
    public ProbeExport finish(Map<String, Object> about) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "llmx-probes");
        for (Map.Entry<String, Object> e : about.entrySet()) {
            metadata.put(e.getKey(), e.getValue() instanceof String s ? s : JSON.writer()
                    .without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(e.getValue()));
        }
        long size = writer.finish(metadata);
        AtomicFile.write(indexPath(target), out -> {
            // Streamed field by field: a long run's index lists tens of thousands of tensors.
            try (JsonGenerator g = JSON.getFactory().createGenerator(Channels.newOutputStream(out))) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the channel is AtomicFile's to close
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("file", target.getFileName().toString());
                g.writeStringField("format", "llmx-probes");
                for (Map.Entry<String, Object> e : about.entrySet()) {
                    g.writeObjectField(e.getKey(), e.getValue());
                }
                g.writeArrayFieldStart("tensors");
                for (Entry e : entries) {
                    g.writeStartObject();
                    g.writeStringField("name", e.name());
                    g.writeStringField("probe", e.probe());
                    g.writeNumberField("layer", e.layer());
                    g.writeNumberField("step", e.step());
                    g.writeNumberField("first_position", e.firstPosition());
                    g.writeNumberField("positions", e.positions());
                    g.writeFieldName("shape");
                    g.writeArray(e.shape(), 0, e.shape().length);
                    g.writeStringField("dtype", "F32");
                    g.writeFieldName("data_offsets");
                    g.writeArray(new long[] {e.begin(), e.end()}, 0, 2);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        });
        return new ProbeExport(target, indexPath(target), entries.size(), size);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
