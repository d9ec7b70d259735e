package dev.llmx.quant.model;

import dev.llmx.gguf.GgufValue;
import dev.llmx.model.ModelFiles;
import dev.llmx.model.ModelSource;
import dev.llmx.quant.recipe.ModelShape;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model as llama-quantize sees it: GGUF metadata and tensors in llama.cpp's loader order. For a GGUF file that is
 * the file itself; for a Hugging Face folder it is what convert_hf_to_gguf.py would write (see
 * {@link HfConversion}).
 */
public interface SourceModel extends AutoCloseable {
    /** Opens {@code path} (a GGUF file or a Hugging Face folder). */
    static SourceModel open(Path path) {
        return of(ModelFiles.open(path));
    }

    /** The view of an opened model (which this view then owns and closes). */
    static SourceModel of(ModelSource model) {
        try {
            if (model.ggufFile().isPresent()) {
                return new GgufSourceModel(model);
            }
            return HfConversion.of(model);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** The opened model (config, file list) behind this view. */
    ModelSource model();

    /** "GGUF v3", "Hugging Face folder, converted as convert_hf_to_gguf.py does". */
    String description();

    /** The metadata to write, in order; quantization keys ({@code general.file_type} …) are the writer's business. */
    Map<String, GgufValue> metadata();

    /** Tensors in {@link dev.llmx.quant.recipe.TensorOrder#LLAMA} order. */
    List<SourceTensor> tensors();

    /** What the type rules need to know about the model. */
    ModelShape shape();

    default Path path() {
        return model().path();
    }

    @Override
    default void close() {
        model().close();
    }
}
