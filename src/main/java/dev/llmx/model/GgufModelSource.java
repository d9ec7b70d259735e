package dev.llmx.model;

import dev.llmx.gguf.GgufArray;
import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufValueType;
import dev.llmx.gguf.LlamaFileType;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A model in one GGUF file: tensors keep their names, the config comes from the metadata. */
final class GgufModelSource implements ModelSource {
    private final GgufFile file;
    private final ModelConfig config;
    private final List<ModelTensor> tensors;

    GgufModelSource(GgufFile file) {
        this.file = file;
        this.config = GgufConfigMapping.map(file.metadata(), file.tensors());
        List<ModelTensor> list = new ArrayList<>();
        for (TensorInfo t : file.tensors()) {
            list.add(new ModelTensor(t.name(), t.name(), t, file.path()));
        }
        this.tensors = List.copyOf(list);
    }

    @Override
    public Optional<GgufFile> ggufFile() {
        return Optional.of(file);
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public Format format() {
        return Format.GGUF;
    }

    @Override
    public String formatDescription() {
        return "GGUF v" + file.version();
    }

    @Override
    public List<Path> files() {
        return List.of(file.path());
    }

    @Override
    public long fileBytes() {
        return file.fileSize();
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
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    @Override
    public Tensor tensor(String name) {
        return file.tensor(name);
    }

    @Override
    public List<MetadataEntry> metadata() {
        List<MetadataEntry> out = new ArrayList<>();
        for (Map.Entry<String, GgufValue> e : file.metadata().asMap().entrySet()) {
            GgufValue v = e.getValue();
            out.add(new MetadataEntry(e.getKey(), v.typeName(), displayValue(v)));
        }
        return out;
    }

    private static Object displayValue(GgufValue v) {
        if (v.type() == GgufValueType.ARRAY) {
            return listView(v.asArray());
        }
        if (v.type() == GgufValueType.UINT64 && v.asLong() < 0) {
            return new BigInteger(v.integerText());
        }
        return v.toJava();
    }

    /** The array as a read-only list, elements converted when read (nothing is copied up front). */
    private static List<Object> listView(GgufArray a) {
        return new AbstractList<>() {
            @Override
            public Object get(int i) {
                Object o = a.get(i);
                if (o instanceof GgufArray nested) {
                    return listView(nested);
                }
                if (a.elementType() == GgufValueType.UINT64 && o instanceof Long l && l < 0) {
                    return new BigInteger(Long.toUnsignedString(l));
                }
                return o;
            }

            @Override
            public int size() {
                return a.length();
            }
        };
    }

    @Override
    public Optional<String> fileType() {
        return file.metadata().getLong("general.file_type").stream().mapToObj(id -> {
            LlamaFileType t = LlamaFileType.byId(id);
            return t != null ? t.label() : "unknown (" + id + ")";
        }).findFirst();
    }

    @Override
    public TokenizerSummary tokenizer() {
        Optional<String> model = file.metadata().getString("tokenizer.ggml.model");
        Optional<String> pre = file.metadata().getString("tokenizer.ggml.pre");
        boolean template = file.metadata().contains("tokenizer.chat_template");
        if (model.isEmpty()) {
            return new TokenizerSummary(null, "none", template);
        }
        String kind = switch (model.get()) {
            case "llama" -> "SentencePiece";
            case "gpt2" -> "byte-level BPE";
            case "bert" -> "WordPiece";
            case "t5" -> "Unigram";
            case "rwkv" -> "RWKV trie";
            case "none", "no_vocab" -> "none";
            default -> "unknown kind";
        };
        String detail = model.get() + pre.filter(p -> !p.equals("default")).map(p -> ", pre: " + p).orElse("");
        return new TokenizerSummary(model.get(), kind + " (" + detail + ")", template);
    }

    @Override
    public void close() {
        file.close();
    }
}
