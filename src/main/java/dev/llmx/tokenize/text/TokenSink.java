package dev.llmx.tokenize.text;

/** Where an encoder puts each token it finds: its id and the half-open range of input it stands for. */
@FunctionalInterface
public interface TokenSink {
    void token(int id, int start, int end);
}
