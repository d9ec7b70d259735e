package dev.llmx.cli.inspect;

import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.safetensors.HfFolder;
import dev.llmx.safetensors.SafetensorsFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code llmx inspect} on a safetensors file that is not part of a model (no config.json beside it), such as the
 * probes {@code --probe-out} writes: the file's {@code __metadata__} and its tensors (name, dtype, shape in the
 * file's own row-major order, bytes). JSON in docs/inspect.md.
 */
public final class TensorFileReport implements Report {
    private final SafetensorsFile file;
    private final List<SafetensorsFile.Entry> shown;

    public TensorFileReport(SafetensorsFile file, String glob) {
        this.file = file;
        Predicate<String> match = glob == null ? n -> true : Glob.matcher(glob);
        this.shown = file.entries().stream().filter(e -> match.test(e.name())).toList();
    }

    /** Whether {@code path} is a safetensors file with no model folder around it. */
    public static boolean isBareSafetensors(Path path) {
        if (!Files.isRegularFile(path) || !path.getFileName().toString().endsWith(".safetensors")) {
            return false;
        }
        Path dir = path.toAbsolutePath().getParent();
        return dir == null || !Files.isRegularFile(dir.resolve(HfFolder.CONFIG));
    }

    public int shownTensorCount() {
        return shown.size();
    }

    @Override
    public Object toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.path().toString());
        m.put("format", "safetensors");
        m.put("file_bytes", file.fileSize());
        m.put("metadata", file.metadata());
        m.put("n_tensors", file.entries().size());
        List<Object> tensors = new ArrayList<>();
        for (SafetensorsFile.Entry e : shown) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", e.name());
            t.put("dtype", e.dtype().name());
            t.put("shape", e.safetensorsShape());
            t.put("bytes", e.info().byteSize());
            tensors.add(t);
        }
        m.put("tensors", tensors);
        return m;
    }

    @Override
    public Table toTable() {
        Table t = new Table().left("name", "dtype", "shape").right("bytes");
        for (SafetensorsFile.Entry e : shown) {
            t.row(e.name(), e.dtype().name(), shape(e.safetensorsShape()), e.info().byteSize());
        }
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        out.heading(file.path().getFileName() + ": safetensors, " + file.entries().size() + " tensors, "
                + dev.llmx.render.Units.bytes(file.fileSize()));
        for (Map.Entry<String, String> e : file.metadata().entrySet()) {
            String v = e.getValue();
            out.field(e.getKey(), v.length() > 200 ? v.substring(0, 199) + "…" : v, 16);
        }
        out.line();
        out.table(toTable());
    }

    private static String shape(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(']').toString();
    }
}
