package dev.llmx.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmx.LlmxException;
import dev.llmx.render.Units;
import dev.llmx.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A Hugging Face model folder: {@code config.json}, the weights as {@code model.safetensors} or as shards listed by
 * {@code model.safetensors.index.json}, and, when present, {@code tokenizer.json}, {@code tokenizer_config.json},
 * {@code generation_config.json} and a chat template file. This class finds and validates the files; what the
 * configuration means is the model package's business.
 */
public final class HfFolder implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String SINGLE_WEIGHTS = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";
    /** JSON side files are small; a larger one is not a model folder's. */
    static final long MAX_JSON_BYTES = 32L << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A tensor and the shard that holds it. */
    public record HfTensor(String name, SafetensorsFile shard, SafetensorsFile.Entry entry) {
    }

    private final Path dir;
    private final JsonNode config;
    private final JsonNode generationConfig;
    private final JsonNode tokenizerConfig;
    private final List<SafetensorsFile> shards;
    private final Map<String, HfTensor> tensors;

    private HfFolder(Path dir, JsonNode config, JsonNode generationConfig, JsonNode tokenizerConfig,
                     List<SafetensorsFile> shards, Map<String, HfTensor> tensors) {
        this.dir = dir;
        this.config = config;
        this.generationConfig = generationConfig;
        this.tokenizerConfig = tokenizerConfig;
        this.shards = Collections.unmodifiableList(shards);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public static HfFolder open(Path dir) {
        Path configPath = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configPath)) {
            throw new LlmxException(dir + " has no " + CONFIG + "; a Hugging Face model folder needs config.json and safetensors weights");
        }
        JsonNode config = readJsonObject(configPath);
        JsonNode generation = optionalJson(dir.resolve("generation_config.json"));
        JsonNode tokenizer = optionalJson(dir.resolve("tokenizer_config.json"));
        List<String> shardNames = shardNames(dir);
        List<SafetensorsFile> shards = new ArrayList<>();
        try {
            Map<String, HfTensor> tensors = new LinkedHashMap<>();
            for (String name : shardNames) {
                SafetensorsFile shard = SafetensorsFile.open(dir.resolve(name));
                shards.add(shard);
                for (SafetensorsFile.Entry e : shard.entries()) {
                    HfTensor previous = tensors.putIfAbsent(e.name(), new HfTensor(e.name(), shard, e));
                    if (previous != null) {
                        throw new LlmxException("tensor '" + e.name() + "' is in both " + previous.shard().path().getFileName()
                                + " and " + name);
                    }
                }
            }
            checkIndexComplete(dir, tensors);
            return new HfFolder(dir, config, generation, tokenizer, shards, tensors);
        } catch (RuntimeException | Error e) {
            shards.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** The weight files: the shards an index names, or model.safetensors, or the folder's only .safetensors file. */
    private static List<String> shardNames(Path dir) {
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            JsonNode map = readJsonObject(index).get("weight_map");
            if (map == null || !map.isObject()) {
                throw new LlmxException(INDEX + ": weight_map is missing or not an object");
            }
            TreeSet<String> names = new TreeSet<>();
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                names.add(checkShardName(dir, e.getKey(), e.getValue()));
            }
            if (names.isEmpty()) {
                throw new LlmxException(INDEX + ": weight_map lists no tensors");
            }
            return new ArrayList<>(names);
        }
        if (Files.isRegularFile(dir.resolve(SINGLE_WEIGHTS))) {
            return List.of(SINGLE_WEIGHTS);
        }
        List<String> found = new ArrayList<>();
        boolean pytorch = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.endsWith(".safetensors")) {
                    found.add(n);
                }
                pytorch |= n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found.size() == 1) {
            return found;
        }
        if (found.isEmpty()) {
            throw new LlmxException(dir + " has no safetensors weights" + (pytorch
                    ? " (PyTorch .bin/.pt weights are not read; convert them to safetensors)" : ""));
        }
        Collections.sort(found);
        throw new LlmxException(dir + " has several .safetensors files " + found + " but no " + INDEX
                + " saying which belong to the model");
    }

    /** A shard name from the index must be a plain .safetensors file name inside the folder (no paths, no ..). */
    private static String checkShardName(Path dir, String tensor, JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw new LlmxException(INDEX + ": the file for tensor '" + tensor + "' is not a string");
        }
        String name = value.textValue();
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")
                || !name.endsWith(".safetensors")) {
            throw new LlmxException(INDEX + ": tensor '" + tensor + "' points to '" + name
                    + "', which is not a .safetensors file name in the model folder");
        }
        if (!Files.isRegularFile(dir.resolve(name))) {
            throw new LlmxException(INDEX + ": shard " + name + " (for tensor '" + tensor + "') is missing from " + dir);
        }
        return name;
    }

    private static void checkIndexComplete(Path dir, Map<String, HfTensor> tensors) {
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return;
        }
        JsonNode map = readJsonObject(index).get("weight_map");
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            HfTensor t = tensors.get(e.getKey());
            if (t == null || !t.shard().path().getFileName().toString().equals(e.getValue().textValue())) {
                throw new LlmxException(INDEX + ": tensor '" + e.getKey() + "' is listed in " + e.getValue().textValue()
                        + " but that shard does not hold it");
            }
        }
    }

    private static JsonNode optionalJson(Path p) {
        return Files.isRegularFile(p) ? readJsonObject(p) : null;
    }

    /** Reads a small JSON object file, refusing oversized or malformed ones with a one-line message. */
    public static JsonNode readJsonObject(Path p) {
        try {
            long size = Files.size(p);
            if (size > MAX_JSON_BYTES) {
                throw new LlmxException(p.getFileName() + " is " + Units.bytes(size) + "; more than the "
                        + Units.bytes(MAX_JSON_BYTES) + " a model folder's JSON file may be");
            }
            JsonNode node = JSON.readTree(Files.readAllBytes(p));
            if (node == null || !node.isObject()) {
                throw new LlmxException(p.getFileName() + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new LlmxException(p.getFileName() + " is not valid JSON: " + SafetensorsFile.shortJsonMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public JsonNode config() {
        return config;
    }

    public Optional<JsonNode> generationConfig() {
        return Optional.ofNullable(generationConfig);
    }

    public Optional<JsonNode> tokenizerConfig() {
        return Optional.ofNullable(tokenizerConfig);
    }

    public Optional<Path> tokenizerJson() {
        Path p = dir.resolve("tokenizer.json");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** A chat template kept in its own file (newer transformers write chat_template.jinja). */
    public Optional<Path> chatTemplateFile() {
        for (String n : List.of("chat_template.jinja", "chat_template.json")) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public List<SafetensorsFile> shards() {
        return shards;
    }

    /** Tensors in shard order, then header order. */
    public List<HfTensor> tensors() {
        return List.copyOf(tensors.values());
    }

    public Optional<HfTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    public Tensor tensor(String name) {
        HfTensor t = tensors.get(name);
        if (t == null) {
            throw new LlmxException(dir.getFileName() + " has no tensor named '" + name + "'");
        }
        return t.shard().tensor(name);
    }

    /** Bytes of all weight files. */
    public long weightBytes() {
        return shards.stream().mapToLong(SafetensorsFile::fileSize).sum();
    }

    @Override
    public void close() {
        shards.forEach(SafetensorsFile::close);
    }
}
