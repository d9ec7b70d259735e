package dev.llmx.cli.inspect;

import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;
import dev.llmx.tensor.TensorInfo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code llmx inspect --tensor NAME --dump FILE}: what was written where. */
public final class TensorDumpReport implements Report {
    private final TensorInfo info;
    private final Path file;
    private final long bytes;

    public TensorDumpReport(TensorInfo info, Path file, long bytes) {
        this.info = info;
        this.file = file;
        this.bytes = bytes;
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tensor", info.name());
        m.put("type", info.type().name());
        m.put("shape", info.shape());
        m.put("elements", info.elements());
        m.put("file", file.toString());
        m.put("dtype", "f32le");
        m.put("bytes", bytes);
        return m;
    }

    @Override
    public Table toTable() {
        return new Table().left("tensor", "type", "file", "dtype").right("elements", "bytes")
                .row(info.name(), info.type().name(), file.toString(), "f32le", info.elements(), bytes);
    }

    @Override
    public void writeText(TextOut out) {
        out.line("wrote " + describe() + " to " + file + " (" + Units.bytes(bytes) + ")");
    }

    /** What was written: the tensor, its type and shape, and how many values. */
    public String describe() {
        return info.name() + " (" + info.type() + ", " + info.shapeText() + ") as " + Units.count(info.elements())
                + " little-endian float32 values";
    }
}
