package dev.llmx.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmx.LlmxException;
import dev.llmx.safetensors.HfFolder;
import dev.llmx.tensor.GgmlType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model in a Hugging Face folder. Tensors are renamed to llama.cpp's names and keep their shapes (reversed into
 * ggml order); the weights stay as written, so q/k rows are in the rotate-half layout the config records
 * ({@link RopeLayout#HALVES}).
 */
final class HfModelSource implements ModelSource {
    private final HfFolder folder;
    private final ModelConfig config;
    private final List<ModelTensor> tensors;
    private final Map<String, ModelTensor> byName = new HashMap<>();
    /** llama.cpp's 3-D expert tensors made of the folder's per-expert matrices: name → their names, by expert. */
    private final Map<String, List<String>> stacked = new HashMap<>();

    /**
     * One expert's matrix as Qwen-MoE ({@code mlp.experts.E.gate_proj}) and Mixtral ({@code block_sparse_moe.experts.E
     * .w1}, w3 up, w2 down) folders store it; llama.cpp's converter stacks them into {@code ffn_*_exps}.
     */
    private static final java.util.regex.Pattern EXPERT = java.util.regex.Pattern.compile(
            "^(?:model\\.)?layers\\.(\\d+)\\.(?:mlp|block_sparse_moe)\\.experts\\.(\\d+)\\."
                    + "(gate_proj|up_proj|down_proj|w1|w2|w3)\\.weight$");

    /** The stacked GGUF tensor ({@code blk.L.ffn_gate_exps.weight} …) that an {@link #EXPERT} match belongs to. */
    private static String stackedName(java.util.regex.Matcher expert) {
        String kind = switch (expert.group(3)) {
            case "gate_proj", "w1" -> "ffn_gate_exps";
            case "up_proj", "w3" -> "ffn_up_exps";
            default -> "ffn_down_exps";
        };
        return "blk." + expert.group(1) + "." + kind + ".weight";
    }

    HfModelSource(HfFolder folder) {
        this.folder = folder;
        String arch = HfConfigMapping.architecture(folder.config());
        List<ModelTensor> list = new ArrayList<>();
        Map<String, java.util.TreeMap<Integer, HfFolder.HfTensor>> experts = new LinkedHashMap<>();
        for (HfFolder.HfTensor t : folder.tensors()) {
            java.util.regex.Matcher m = EXPERT.matcher(t.name());
            if (m.matches()) {
                experts.computeIfAbsent(stackedName(m), k -> new java.util.TreeMap<>())
                        .put(Integer.parseInt(m.group(2)), t);
            }
        }
        for (HfFolder.HfTensor t : folder.tensors()) {
            java.util.regex.Matcher m = EXPERT.matcher(t.name());
            if (m.matches()) {
                String name = stackedName(m);
                if (!byName.containsKey(name)) {
                    ModelTensor mt = stack(name, experts.get(name));
                    list.add(mt);
                    byName.put(name, mt);
                }
                continue;
            }
            String name = HfTensorNames.toGguf(t.name(), arch);
            if (byName.containsKey(name)) {
                // Two file names mapping to one llmx name would hide a tensor; keep the file's own name instead.
                name = t.name();
            }
            TensorInfo info = t.entry().info();
            ModelTensor mt = new ModelTensor(name, t.name(), new TensorInfo(name, info.type(), info.shape(),
                    info.offset(), info.byteSize()), t.shard().path());
            list.add(mt);
            byName.put(name, mt);
        }
        this.tensors = List.copyOf(list);
        ModelTensor embedding = byName.get("token_embd.weight");
        this.config = HfConfigMapping.map(folder.config(), embedding == null ? null : embedding.info(),
                byName.containsKey("output.weight"));
    }

    @Override
    public Path path() {
        return folder.dir();
    }

    @Override
    public Optional<HfFolder> hfFolder() {
        return Optional.of(folder);
    }

    @Override
    public Format format() {
        return Format.SAFETENSORS;
    }

    @Override
    public String formatDescription() {
        int n = folder.shards().size();
        return "Hugging Face folder, " + n + " safetensors file" + (n == 1 ? "" : "s");
    }

    @Override
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (String side : List.of(HfFolder.CONFIG, "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                HfFolder.INDEX)) {
            Path p = folder.dir().resolve(side);
            if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        folder.chatTemplateFile().ifPresent(out::add);
        folder.shards().forEach(s -> out.add(s.path()));
        return out;
    }

    @Override
    public long fileBytes() {
        long total = 0;
        for (Path p : files()) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public List<ModelTensor> tensors() {
        return tensors;
    }

    @Override
    public Optional<ModelTensor> findTensor(String name) {
        ModelTensor t = byName.get(name);
        if (t != null) {
            return Optional.of(t);
        }
        return tensors.stream().filter(x -> x.sourceName().equals(name)).findFirst();
    }

    @Override
    public Tensor tensor(String name) {
        ModelTensor t = findTensor(name).orElseThrow(() ->
                new LlmxException(folder.dir().getFileName() + " has no tensor named '" + name + "'"));
        List<String> parts = stacked.get(t.name());
        if (parts != null) {
            dev.llmx.tensor.TensorData[] data = new dev.llmx.tensor.TensorData[parts.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = folder.tensor(parts.get(i)).data();
            }
            return new Tensor(t.info(), dev.llmx.tensor.TensorData.stack(data));
        }
        Tensor raw = folder.tensor(t.sourceName());
        return new Tensor(t.info(), raw.data());
    }

    /**
     * The 3-D tensor {@code name} (ggml order: columns × rows × experts) over the per-expert matrices
     * {@code byExpert}, which must be experts 0 … n−1 of one type and shape.
     */
    private ModelTensor stack(String name, java.util.TreeMap<Integer, HfFolder.HfTensor> byExpert) {
        HfFolder.HfTensor first = byExpert.firstEntry().getValue();
        TensorInfo one = first.entry().info();
        List<String> parts = new ArrayList<>();
        long bytes = 0;
        int expected = 0;
        for (Map.Entry<Integer, HfFolder.HfTensor> e : byExpert.entrySet()) {
            TensorInfo info = e.getValue().entry().info();
            if (e.getKey() != expected++ || info.type() != one.type()
                    || !java.util.Arrays.equals(info.shape(), one.shape()) || one.shape().length != 2) {
                throw new LlmxException(folder.dir().getFileName() + ": the experts of '" + name + "' are not "
                        + "experts 0 … " + (byExpert.size() - 1) + " of one type and 2-D shape ('"
                        + e.getValue().name() + "' is " + info.type() + " " + info.shapeText() + ")");
            }
            parts.add(e.getValue().name());
            bytes += info.byteSize();
        }
        stacked.put(name, List.copyOf(parts));
        long[] shape = {one.shape()[0], one.shape()[1], byExpert.size()};
        String source = first.name().replaceFirst("experts\\.0\\.", "experts.*.");
        return new ModelTensor(name, source, new TensorInfo(name, one.type(), shape, one.offset(), bytes),
                first.shard().path());
    }

    @Override
    public List<MetadataEntry> metadata() {
        List<MetadataEntry> out = new ArrayList<>();
        flatten("config", folder.config(), out);
        folder.generationConfig().ifPresent(g -> flatten("generation_config", g, out));
        folder.tokenizerConfig().ifPresent(t -> flatten("tokenizer_config", t, out));
        if (!folder.shards().isEmpty()) {
            folder.shards().get(0).metadata().forEach((k, v) -> out.add(new MetadataEntry("safetensors.__metadata__." + k,
                    "string", v)));
        }
        return out;
    }

    /** Nested objects become dotted keys; arrays stay lists. */
    private static void flatten(String prefix, JsonNode node, List<MetadataEntry> out) {
        if (node.isObject() && node.size() > 0) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix + "." + e.getKey(), e.getValue(), out);
            }
            return;
        }
        out.add(new MetadataEntry(prefix, jsonType(node), jsonValue(node)));
    }

    private static String jsonType(JsonNode n) {
        if (n.isIntegralNumber()) {
            return "int";
        }
        if (n.isNumber()) {
            return "float";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isArray()) {
            return "array";
        }
        return n.isNull() ? "null" : "object";
    }

    private static Object jsonValue(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isArray()) {
            List<Object> list = new ArrayList<>(n.size());
            n.forEach(e -> list.add(jsonValue(e)));
            return list;
        }
        return n.isNull() ? null : n.toString();
    }

    /** The dtype holding most bytes, the nearest thing a folder has to a file type. */
    @Override
    public Optional<String> fileType() {
        Map<GgmlType, Long> bytes = new EnumMap<>(GgmlType.class);
        for (ModelTensor t : tensors) {
            bytes.merge(t.info().type(), t.info().byteSize(), Long::sum);
        }
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().name());
    }

    @Override
    public TokenizerSummary tokenizer() {
        Optional<JsonNode> tc = folder.tokenizerConfig();
        boolean template = folder.chatTemplateFile().isPresent()
                || tc.map(t -> t.has("chat_template") && !t.get("chat_template").isNull()).orElse(false);
        Optional<Path> json = folder.tokenizerJson();
        String tokenizerClass = tc.map(t -> t.path("tokenizer_class").asText(null)).orElse(null);
        if (json.isEmpty()) {
            return new TokenizerSummary(null, tokenizerClass == null ? "none" : tokenizerClass + " (no tokenizer.json)",
                    template);
        }
        Map<String, String> model = tokenizerModel(json.get());
        String type = model.getOrDefault("type", "unknown");
        StringBuilder description = new StringBuilder(type);
        List<String> details = new ArrayList<>();
        if ("true".equals(model.get("byte_fallback"))) {
            details.add("byte fallback");
        }
        if (tokenizerClass != null) {
            details.add(tokenizerClass);
        }
        if (!details.isEmpty()) {
            description.append(" (").append(String.join(", ", details)).append(')');
        }
        return new TokenizerSummary(type, description.toString(), template);
    }

    /**
     * The scalar fields of tokenizer.json's top-level "model" object ("type", "byte_fallback"), read by streaming:
     * the vocabulary inside can be megabytes and is skipped, not built into a tree.
     */
    private static Map<String, String> tokenizerModel(Path path) {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(path); JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new LlmxException(path.getFileName() + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("model") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v.isScalarValue()) {
                            out.put(key, p.getValueAsString());
                        } else {
                            p.skipChildren();
                        }
                    }
                    return out;
                }
                p.skipChildren();
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LlmxException(path.getFileName() + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        folder.close();
    }
}
