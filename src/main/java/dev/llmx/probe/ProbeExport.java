package dev.llmx.probe;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where {@code --probe-out} wrote the probes: the safetensors file, its JSON index, tensors and bytes. */
public record ProbeExport(Path file, Path index, int tensors, long bytes) {
    /** The JSON object commands print under {@code probe_out}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("index", index.toString());
        m.put("tensors", tensors);
        m.put("bytes", bytes);
        return m;
    }

    /** One line for the terminal. */
    public String line() {
        return "wrote " + tensors + " probe tensors (" + dev.llmx.render.Units.bytes(bytes) + ") to " + file
                + ", index " + index;
    }
}
