package dev.llmx.quant.model;

import dev.llmx.LlmxException;
import dev.llmx.convert.HfHyperparameters;
import dev.llmx.convert.HfVocabulary;
import dev.llmx.gguf.GgufValue;
import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;
import dev.llmx.quant.recipe.ModelShape;
import dev.llmx.quant.recipe.TensorOrder;
import dev.llmx.safetensors.HfFolder;
import dev.llmx.tensor.GgmlType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face folder of a llama-family model as the GGUF file convert_hf_to_gguf.py would make of it: tensors
 * renamed to llama.cpp's names, q/k rows permuted for interleaved RoPE, 1-D tensors as F32; metadata from config.json
 * and the tokenizer (see {@link HfHyperparameters}, {@link HfVocabulary}). Nothing is written until the quantizer
 * streams the tensors out.
 *
 * <p>The {@code general.*} keys are reduced to {@code general.type} and {@code general.name} (the folder's name); the
 * converter derives more (basename, size label, licence) from a model card.
 */
final class HfConversion implements SourceModel {
    /** Hugging Face architectures whose converter is llama.cpp's LlamaModel (q/k permuted, llama metadata). */
    private static final Set<String> LLAMA_ARCHITECTURES = Set.of("LlamaForCausalLM", "LLaMAForCausalLM",
            "MistralForCausalLM", "LlamaModel");
    private static final Set<String> GGUF_TOP_LEVEL = Set.of("token_embd.weight", "output.weight", "output_norm.weight");

    private final ModelSource model;
    private final Map<String, GgufValue> metadata;
    private final List<SourceTensor> tensors;
    private final ModelShape shape;

    private HfConversion(ModelSource model, Map<String, GgufValue> metadata, List<SourceTensor> tensors, ModelShape shape) {
        this.model = model;
        this.metadata = metadata;
        this.tensors = tensors;
        this.shape = shape;
    }

    static SourceModel of(ModelSource model) {
        HfFolder folder = model.hfFolder().orElseThrow(() -> new LlmxException(model.path() + " is not a Hugging Face"
                + " folder"));
        String hfArchitecture = folder.config().path("architectures").path(0).asText("");
        if (!model.config().architecture().equals("llama") && !LLAMA_ARCHITECTURES.contains(hfArchitecture)) {
            throw new LlmxException("llmx converts Hugging Face folders of llama-family models (LlamaForCausalLM,"
                    + " MistralForCausalLM); this is " + (hfArchitecture.isEmpty() ? model.config().architecture()
                    : hfArchitecture) + ": convert it with llama.cpp's convert_hf_to_gguf.py, then quantize the GGUF");
        }
        String arch = "llama";
        HfHyperparameters hp = new HfHyperparameters(folder.config(), arch);
        long vocabSize = hp.keys().get(arch + ".vocab_size").asLong();
        Map<String, GgufValue> md = new LinkedHashMap<>();
        md.put("general.architecture", GgufValue.string(arch));
        md.put("general.type", GgufValue.string("model"));
        md.put("general.name", GgufValue.string(folder.dir().toAbsolutePath().normalize().getFileName().toString()));
        md.putAll(hp.keys());
        md.putAll(HfVocabulary.of(folder, vocabSize).keys());

        List<SourceTensor> list = new ArrayList<>();
        for (ModelTensor t : model.tensors()) {
            if (t.sourceName().endsWith("rotary_emb.inv_freq")) {
                continue; // recomputed by llama.cpp from rope.freq_base; the converter skips it too
            }
            String name = t.name();
            if (!name.startsWith("blk.") && !GGUF_TOP_LEVEL.contains(name)) {
                throw new LlmxException("cannot map tensor '" + t.sourceName() + "' to a llama.cpp name; llmx converts"
                        + " plain llama-family checkpoints (use llama.cpp's convert_hf_to_gguf.py for this one)");
            }
            GgmlType stored = t.info().type();
            if (stored != GgmlType.F32 && stored != GgmlType.F16 && stored != GgmlType.BF16) {
                throw new LlmxException("tensor '" + t.sourceName() + "' is " + stored + "; llmx converts F32, F16 and"
                        + " BF16 weights");
            }
            boolean keepFloat32 = t.info().dims() <= 1 || name.endsWith("_norm.weight");
            int heads = name.contains(".attn_q.") ? hp.heads() : name.contains(".attn_k.") ? hp.kvHeads() : 0;
            list.add(new ConvertedTensor(name, model.tensor(name), keepFloat32 ? GgmlType.F32 : stored, heads));
        }
        if ("llama3".equals(hp.ropeType())) {
            list.add(new GeneratedTensor("rope_freqs.weight", Llama3RopeFactors.compute(folder.config(), hp)));
        }
        list.sort(Comparator.comparing(SourceTensor::name, TensorOrder.LLAMA));
        ModelShape shape = new ModelShape(arch, hp.layers(), hp.heads(), hp.kvHeads(), hp.experts());
        return new HfConversion(model, md, List.copyOf(list), shape);
    }

    @Override
    public ModelSource model() {
        return model;
    }

    @Override
    public String description() {
        return "Hugging Face folder, converted as convert_hf_to_gguf.py does";
    }

    @Override
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    @Override
    public List<SourceTensor> tensors() {
        return tensors;
    }

    @Override
    public ModelShape shape() {
        return shape;
    }
}
