package dev.llmx.model;

/**
 * What a model file says about its tokenizer, for summaries (the tokenizers themselves live in dev.llmx.tokenize).
 *
 * @param type            GGUF {@code tokenizer.ggml.model} ({@code llama}, {@code gpt2}, {@code bert} …) or the
 *                        tokenizer.json model type ({@code BPE}, {@code Unigram}, {@code WordPiece}); {@code null}
 *                        when the file has none
 * @param description     a readable form: "SentencePiece (llama)", "byte-level BPE (gpt2, pre: qwen2)"
 * @param hasChatTemplate whether a chat template is present
 */
public record TokenizerSummary(String type, String description, boolean hasChatTemplate) {
}
