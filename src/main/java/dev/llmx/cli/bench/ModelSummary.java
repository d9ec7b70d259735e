package dev.llmx.cli.bench;

import dev.llmx.model.ModelSource;
import dev.llmx.model.ModelTensor;

/**
 * The model columns of a benchmark row, counted as llama-bench counts them: the bytes and values of the weight
 * tensors (not the file, whose metadata and tokenizer are no part of what a forward pass reads).
 *
 * @param name      the file (or Hugging Face folder) name as the user knows it
 * @param sizeBytes bytes of all tensors as stored
 * @param params    values in all tensors
 */
public record ModelSummary(String name, long sizeBytes, long params) {
    public static ModelSummary of(String name, ModelSource source) {
        long bytes = 0;
        long params = 0;
        for (ModelTensor t : source.tensors()) {
            bytes += t.info().byteSize();
            params += t.info().elements();
        }
        return new ModelSummary(name, bytes, params);
    }
}
