package dev.llmx.quant.model;

import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufMetadata;
import dev.llmx.gguf.GgufValue;
import dev.llmx.model.ModelConfig;
import dev.llmx.model.ModelSource;
import dev.llmx.quant.recipe.ModelShape;
import dev.llmx.quant.recipe.TensorOrder;
import dev.llmx.tensor.TensorInfo;

import java.util.List;
import java.util.Map;

/** A GGUF file as a {@link SourceModel}: its metadata as it is, its tensors sorted as llama.cpp's loader sorts them. */
final class GgufSourceModel implements SourceModel {
    private final ModelSource model;
    private final GgufFile file;
    private final List<SourceTensor> tensors;

    GgufSourceModel(ModelSource model) {
        this.model = model;
        this.file = model.ggufFile().orElseThrow();
        this.tensors = file.tensors().stream().map(TensorInfo::name).sorted(TensorOrder.LLAMA)
                .map(name -> (SourceTensor) new MappedTensor(file.tensor(name))).toList();
    }

    @Override
    public ModelSource model() {
        return model;
    }

    @Override
    public String description() {
        return "GGUF v" + file.version();
    }

    @Override
    public Map<String, GgufValue> metadata() {
        return file.metadata().asMap();
    }

    @Override
    public List<SourceTensor> tensors() {
        return tensors;
    }

    @Override
    public ModelShape shape() {
        return shapeOf(model.config(), file.metadata());
    }

    static ModelShape shapeOf(ModelConfig c, GgufMetadata metadata) {
        return new ModelShape(c.architecture(), c.layers(), c.heads(), c.kvHeads(), c.experts().count());
    }
}
