package dev.llmx.cli.inspect;

import dev.llmx.model.LayerDescription;
import dev.llmx.model.MetadataEntry;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelDescription;
import dev.llmx.model.NormKind;
import dev.llmx.model.RopeLayout;
import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;
import dev.llmx.model.RopeConfig;
import dev.llmx.model.TokenizerSummary;
import dev.llmx.render.Cells;
import dev.llmx.render.Report;
import dev.llmx.render.Table;
import dev.llmx.render.TextOut;
import dev.llmx.render.Units;
import dev.llmx.tensor.Dequantizers;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.TensorInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code llmx inspect}: what a model file holds. JSON documented in docs/inspect.md; CSV is the tensor table.
 */
public final class InspectReport implements Report {
    private static final int LABEL_WIDTH = 16;

    private final Path path;
    private final ModelSource.Format format;
    private final String formatDescription;
    private final List<Path> files;
    private final long fileBytes;
    private final ModelConfig config;
    private final ModelDescription description;
    private final TokenizerSummary tokenizer;
    private final Optional<String> fileType;
    private final Optional<String> name;
    private final List<MetadataEntry> metadata;
    private final List<ModelTensor> allTensors;
    private final List<ModelTensor> shownTensors;
    private final String tensorFilter;
    private final boolean full;

    public InspectReport(ModelSource model, String tensorFilter, boolean full) {
        this.path = model.path();
        this.format = model.format();
        this.formatDescription = model.formatDescription();
        this.files = model.files();
        this.fileBytes = model.fileBytes();
        this.config = model.config();
        this.description = ModelDescription.of(model);
        this.tokenizer = model.tokenizer();
        this.fileType = model.fileType();
        this.metadata = model.metadata();
        this.name = metadata.stream().filter(e -> e.key().equals("general.name") && e.value() instanceof String)
                .map(e -> (String) e.value()).findFirst();
        this.allTensors = model.tensors();
        Predicate<String> match = tensorFilter == null ? n -> true : Glob.matcher(tensorFilter);
        this.shownTensors = allTensors.stream().filter(t -> match.test(t.name()) || match.test(t.sourceName())).toList();
        this.tensorFilter = tensorFilter;
        this.full = full;
    }

    public int shownTensorCount() {
        return shownTensors.size();
    }

    private long parameters() {
        return allTensors.stream().mapToLong(t -> t.info().elements()).sum();
    }

    /** Elements and bytes of the routed experts' tensors ({@code ffn_*_exps}, weights and biases), all layers. */
    private long[] expertTensors() {
        long elements = 0;
        long bytes = 0;
        for (ModelTensor t : allTensors) {
            if (t.name().matches("blk\\.\\d+\\.ffn_(gate|up|down|gate_up)_exps\\..*")) {
                elements += t.info().elements();
                bytes += t.info().byteSize();
            }
        }
        return new long[] {elements, bytes};
    }

    /** Parameters one token runs through: all but the unchosen experts' share. */
    private long activeParameters() {
        ModelConfig.Experts e = config.experts();
        if (!e.present() || e.used() < 1 || e.used() > e.count()) {
            return parameters();
        }
        long experts = expertTensors()[0];
        return parameters() - experts + experts / e.count() * e.used();
    }

    /** Layers that attend through a sliding window, as the engine runs the model. */
    private List<Integer> slidingLayers() {
        return description.layers().stream().filter(LayerDescription::sliding).map(LayerDescription::index).toList();
    }

    private long tensorBytes() {
        return allTensors.stream().mapToLong(t -> t.info().byteSize()).sum();
    }

    private double bitsPerWeight() {
        long n = parameters();
        return n == 0 ? 0 : tensorBytes() * 8.0 / n;
    }

    private boolean renamed() {
        return shownTensors.stream().anyMatch(t -> !t.name().equals(t.sourceName()));
    }

    // ---------------------------------------------------------------- JSON

    @Override
    public Object toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", path.toString());
        root.put("format", format.jsonName());
        root.put("format_description", formatDescription);
        root.put("files", files.stream().map(Path::toString).toList());
        root.put("file_size", fileBytes);
        root.put("summary", summaryJson());
        List<Object> md = new ArrayList<>();
        for (MetadataEntry e : metadata) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", e.key());
            m.put("type", e.type());
            m.put("value", MetadataValues.json(e.value(), full));
            if (e.value() instanceof List<?> list) {
                m.put("length", list.size());
                m.put("truncated", MetadataValues.truncated(e.value(), full));
            }
            md.add(m);
        }
        root.put("metadata", md);
        root.put("tensor_filter", tensorFilter);
        List<Object> tensors = new ArrayList<>();
        for (ModelTensor t : shownTensors) {
            tensors.add(tensorJson(t));
        }
        root.put("tensors", tensors);
        root.put("types", typesJson());
        return root;
    }

    private Map<String, Object> summaryJson() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("architecture", config.architecture());
        s.put("name", name.orElse(null));
        s.put("file_type", fileType.orElse(null));
        s.put("parameters", parameters());
        s.put("tensor_bytes", tensorBytes());
        s.put("bits_per_weight", round(bitsPerWeight()));
        s.put("context_length", config.contextLength());
        s.put("vocab_size", config.vocabSize());
        s.put("tokenizer", tokenizer.type());
        s.put("tokenizer_description", tokenizer.description());
        s.put("chat_template", tokenizer.hasChatTemplate());
        s.put("d_model", config.embeddingLength());
        s.put("n_layers", config.layers());
        s.put("n_heads", config.heads());
        s.put("n_kv_heads", config.kvHeads());
        s.put("head_dim", config.headDim());
        s.put("value_head_dim", config.valueHeadDim());
        s.put("ffn_size", config.ffnLength());
        RopeConfig r = config.rope();
        Map<String, Object> rope = new LinkedHashMap<>();
        rope.put("base", r.base());
        rope.put("dimensions", r.dimensions());
        rope.put("layout", r.layout().jsonName());
        rope.put("scaling", r.scalingType());
        rope.put("scaling_factor", r.scalingFactor());
        rope.put("original_context_length", r.originalContextLength());
        s.put("rope", rope);
        s.put("norm", config.norm().jsonName());
        s.put("norm_eps", config.normEps());
        s.put("norm_weights_plus_one", config.normWeightsPlusOne());
        s.put("tied_embeddings", config.tiedEmbeddings());
        s.put("sliding_window", config.slidingWindow());
        s.put("sliding_window_layers", slidingLayers());
        ModelConfig.Experts e = config.experts();
        s.put("n_expert", e.count());
        s.put("n_expert_used", e.used());
        s.put("expert_ffn_size", e.ffnLength());
        s.put("expert_bytes", e.present() && config.layers() > 0
                ? expertTensors()[1] / ((long) e.count() * config.layers()) : 0);
        s.put("active_parameters", activeParameters());
        s.put("missing", config.missing());
        return s;
    }

    private static Map<String, Object> tensorJson(ModelTensor t) {
        TensorInfo i = t.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("source_name", t.sourceName());
        m.put("type", i.type().name());
        m.put("shape", i.shape());
        m.put("elements", i.elements());
        m.put("bytes", i.byteSize());
        m.put("bits_per_weight", round(i.bitsPerWeight()));
        m.put("offset", i.offset());
        m.put("file", t.file().getFileName().toString());
        m.put("decodable", Dequantizers.supports(i.type()));
        return m;
    }

    private record TypeTotal(int tensors, long elements, long bytes) {
        TypeTotal plus(TensorInfo i) {
            return new TypeTotal(tensors + 1, elements + i.elements(), bytes + i.byteSize());
        }
    }

    /** Per-type totals over all tensors, most bytes first. */
    private List<Map.Entry<GgmlType, TypeTotal>> typeTotals() {
        Map<GgmlType, TypeTotal> totals = new EnumMap<>(GgmlType.class);
        for (ModelTensor t : allTensors) {
            totals.merge(t.info().type(), new TypeTotal(0, 0, 0).plus(t.info()),
                    (a, b) -> new TypeTotal(a.tensors + b.tensors, a.elements + b.elements, a.bytes + b.bytes));
        }
        List<Map.Entry<GgmlType, TypeTotal>> list = new ArrayList<>(totals.entrySet());
        list.sort((a, b) -> Long.compare(b.getValue().bytes, a.getValue().bytes));
        return list;
    }

    private List<Object> typesJson() {
        long totalBytes = tensorBytes();
        List<Object> out = new ArrayList<>();
        for (Map.Entry<GgmlType, TypeTotal> e : typeTotals()) {
            TypeTotal t = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", e.getKey().name());
            m.put("tensors", t.tensors);
            m.put("elements", t.elements);
            m.put("bytes", t.bytes);
            m.put("bits_per_weight", round(t.elements == 0 ? 0 : t.bytes * 8.0 / t.elements));
            m.put("share", round(totalBytes == 0 ? 0 : (double) t.bytes / totalBytes));
            out.add(m);
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    // ---------------------------------------------------------------- CSV

    /** CSV carries the tensor table, one row per tensor, exact numbers. */
    @Override
    public Table toTable() {
        Table t = new Table().left("name", "source_name", "type", "shape").right("elements", "bytes", "bits_per_weight", "offset")
                .left("file");
        for (ModelTensor m : shownTensors) {
            TensorInfo i = m.info();
            t.row(m.name(), m.sourceName(), i.type().name(), shapeCsv(i), i.elements(), i.byteSize(),
                    round(i.bitsPerWeight()), i.offset(), m.file().getFileName().toString());
        }
        return t;
    }

    private static String shapeCsv(TensorInfo i) {
        StringBuilder sb = new StringBuilder();
        for (long d : i.shape()) {
            sb.append(sb.length() == 0 ? "" : "x").append(d);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- text

    @Override
    public void writeText(TextOut out) {
        out.heading(path.getFileName() + "  " + formatDescription + ", " + Units.bytes(fileBytes));
        writeSummary(out);
        out.line();
        out.heading("Metadata (" + metadata.size() + " keys" + (full ? "" : "; long values abbreviated, --full shows all") + ")");
        Table md = new Table().left("key", "type", "value");
        for (MetadataEntry e : metadata) {
            md.row(e.key(), e.type(), MetadataValues.text(e.value(), full));
        }
        if (!md.isEmpty()) {
            out.table(md);
        }
        out.line();
        String filter = tensorFilter == null ? "" : ", " + shownTensors.size() + " matching " + tensorFilter;
        out.heading("Tensors (" + allTensors.size() + filter + "; shape in ggml order, row length first)");
        if (!shownTensors.isEmpty()) {
            out.table(textTensorTable());
        }
        out.line();
        boolean undecodable = allTensors.stream().anyMatch(t -> !Dequantizers.supports(t.info().type()));
        out.heading("Types" + (undecodable ? " (* = llmx cannot decode this type yet)" : ""));
        if (!allTensors.isEmpty()) {
            out.table(textTypeTable());
        }
    }

    /** "0, 2, 4" — or "0–4, 6–10" where runs are long. */
    private static String compactList(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); ) {
            int j = i;
            while (j + 1 < values.size() && values.get(j + 1) == values.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(values.get(i));
            if (j - i >= 2) {
                sb.append('–').append(values.get(j));
            } else if (j > i) {
                sb.append(", ").append(values.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    private void writeSummary(TextOut out) {
        out.field("architecture", config.architecture() + name.map(n -> "  (" + n + ")").orElse(""), LABEL_WIDTH);
        fileType.ifPresent(ft -> out.field("file type", ft, LABEL_WIDTH));
        out.field("parameters", Units.count(parameters()) + "  (" + Cells.number(round(bitsPerWeight()))
                + " bits per weight, " + Units.bytes(tensorBytes()) + " of tensors)", LABEL_WIDTH);
        out.field("context length", known(config.contextLength()), LABEL_WIDTH);
        out.field("vocabulary", known(config.vocabSize()) + "  (tokenizer: " + tokenizer.description() + ")", LABEL_WIDTH);
        out.field("chat template", tokenizer.hasChatTemplate() ? "yes" : "no", LABEL_WIDTH);
        out.field("layers", known(config.layers()) + "  (d_model " + known(config.embeddingLength()) + ", FFN "
                + known(config.ffnLength()) + ")", LABEL_WIDTH);
        String gqa = config.kvHeads() > 0 && config.kvHeads() < config.heads()
                ? ", " + (config.kvHeads() == 1 ? "MQA" : "GQA " + config.groupSize() + ":1") : "";
        out.field("attention", known(config.heads()) + " heads, " + known(config.kvHeads()) + " KV heads, head dim "
                + known(config.headDim()) + gqa + (config.slidingWindow() > 0 ? ", sliding window " + config.slidingWindow() : ""),
                LABEL_WIDTH);
        if (config.slidingWindow() > 0) {
            List<Integer> sliding = slidingLayers();
            out.field("window layers", sliding.isEmpty() ? "none (the architecture runs full attention)"
                    : sliding.size() == config.layers() ? "all " + sliding.size()
                    : sliding.size() + " of " + config.layers() + " (" + compactList(sliding) + ")", LABEL_WIDTH);
        }
        ModelConfig.Experts e = config.experts();
        if (e.present()) {
            LayerDescription.FeedForward f = description.layer(0).ffn();
            out.field("experts", e.count() + " per layer, " + e.used() + " used per token, FFN " + e.ffnLength()
                    + (f.gating() != null ? " (" + f.gating().jsonName() + ")" : ""), LABEL_WIDTH);
            if (config.layers() > 0) {
                out.field("", Units.bytes(expertTensors()[1] / ((long) e.count() * config.layers()))
                        + " per expert per layer; " + Units.count(activeParameters()) + " of "
                        + Units.count(parameters()) + " parameters active per token", LABEL_WIDTH);
            }
        }
        RopeConfig r = config.rope();
        String scaling = r.isScaled() ? ", scaling " + r.scalingType() + " ×" + Cells.number(r.scalingFactor())
                + (r.originalContextLength() > 0 ? " from " + r.originalContextLength() : "") : "";
        out.field("rope", r.layout() == RopeLayout.NONE ? "none"
                : "base " + Cells.number(r.base()) + ", " + known(r.dimensions()) + " dims, " + layoutText(r) + scaling,
                LABEL_WIDTH);
        out.field("norm", config.norm() == NormKind.UNKNOWN ? "unknown"
                : (config.norm() == NormKind.RMS ? "RMSNorm" : "LayerNorm") + ", eps " + Cells.number(config.normEps())
                + (config.normWeightsPlusOne() ? ", weights applied as 1 + w" : ""), LABEL_WIDTH);
        out.field("embeddings", allTensors.isEmpty() ? "no tensors in file"
                : config.tiedEmbeddings() ? "tied (output reuses token_embd)" : "separate output", LABEL_WIDTH);
        if (!config.missing().isEmpty()) {
            out.field("not in file", String.join(", ", config.missing()), LABEL_WIDTH);
        }
    }

    private static String layoutText(RopeConfig r) {
        return switch (r.layout()) {
            case INTERLEAVED -> "interleaved pairs (GGUF llama layout)";
            case HALVES -> "rotate-half pairs";
            default -> "layout " + r.layout().jsonName();
        };
    }

    private static String known(long v) {
        return v > 0 ? Long.toString(v) : "?";
    }

    private Table textTensorTable() {
        boolean renamed = renamed();
        Table t = new Table().left("name");
        if (renamed) {
            t.left("source_name");
        }
        t.left("type", "shape").right("elements", "bytes", "bits_per_weight");
        for (ModelTensor m : shownTensors) {
            TensorInfo i = m.info();
            String type = i.type().name() + (Dequantizers.supports(i.type()) ? "" : "*");
            List<Object> row = new ArrayList<>();
            row.add(m.name());
            if (renamed) {
                row.add(m.sourceName());
            }
            row.add(type);
            row.add(i.shapeText());
            row.add(Units.count(i.elements()));
            row.add(Units.bytes(i.byteSize()));
            row.add(round(i.bitsPerWeight()));
            t.row(row.toArray());
        }
        return t;
    }

    private Table textTypeTable() {
        long totalBytes = tensorBytes();
        Table t = new Table().left("type").right("tensors", "elements", "bytes", "share", "bits_per_weight");
        for (Map.Entry<GgmlType, TypeTotal> e : typeTotals()) {
            TypeTotal v = e.getValue();
            String share = totalBytes == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * v.bytes / totalBytes);
            t.row(e.getKey().name() + (Dequantizers.supports(e.getKey()) ? "" : "*"), v.tensors, Units.count(v.elements),
                    Units.bytes(v.bytes), share, round(v.elements == 0 ? 0 : v.bytes * 8.0 / v.elements));
        }
        return t;
    }
}
