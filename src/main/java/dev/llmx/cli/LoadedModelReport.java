package dev.llmx.cli;

import dev.llmx.engine.Model;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelSource;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;

import java.util.LinkedHashMap;
import java.util.Map;

/** The REPL's {@code :info}: which model is loaded, its shape, the kernels it runs on and what loading it cost. */
final class LoadedModelReport implements Report {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    LoadedModelReport(ModelSource source, Model model, long loadNanos) {
        ModelConfig c = model.config();
        fields.put("path", source.path().toString());
        fields.put("format", source.format().jsonName());
        fields.put("file_bytes", source.fileBytes());
        fields.put("architecture", c.architecture());
        fields.put("file_type", source.fileType().orElse(null));
        fields.put("parameters", source.tensors().stream().mapToLong(t -> t.info().elements()).sum());
        fields.put("layers", c.layers());
        fields.put("d_model", c.embeddingLength());
        fields.put("heads", c.heads());
        fields.put("kv_heads", c.kvHeads());
        fields.put("context_length", model.trainedContext());
        fields.put("vocab_size", model.vocabSize());
        fields.put("kernels", model.kernels().description());
        fields.put("load_ms", loadNanos / 1_000_000.0);
    }

    @Override
    public Object toJson() {
        return fields;
    }

    @Override
    public Table toTable() {
        Table t = new Table().left("field", "value");
        fields.forEach((k, v) -> t.row(k, v == null ? "" : v));
        return t;
    }

    @Override
    public void writeText(TextOut out) {
        int w = 14;
        out.field("model", fields.get("path") + "  (" + fields.get("format") + ", "
                + Units.bytes((Long) fields.get("file_bytes")) + ")", w);
        Object fileType = fields.get("file_type");
        out.field("architecture", fields.get("architecture") + (fileType != null ? ", " + fileType : ""), w);
        out.field("parameters", Units.count((Long) fields.get("parameters")), w);
        out.field("shape", fields.get("layers") + " layers, d_model " + fields.get("d_model") + ", "
                + fields.get("heads") + " heads (" + fields.get("kv_heads") + " KV), vocabulary "
                + fields.get("vocab_size"), w);
        out.field("context", fields.get("context_length") + " tokens", w);
        out.field("kernels", fields.get("kernels"), w);
        out.field("loaded in", String.format("%.0f ms", (Double) fields.get("load_ms")), w);
    }
}
