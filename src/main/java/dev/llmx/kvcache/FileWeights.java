package dev.llmx.kvcache;

/**
 * Weights as a model file stores them: its tensors take {@code fileBytes} for {@code fileParameters} values, so
 * {@code n} parameters take {@code n × fileBytes / fileParameters} (exactly {@code fileBytes} for the whole model).
 *
 * @param label the file's recipe ({@code Q4_K_M}) or a description of it
 */
public record FileWeights(String label, long fileBytes, long fileParameters) implements WeightStorage {
    public FileWeights {
        if (fileBytes < 0 || fileParameters <= 0) {
            throw new IllegalArgumentException("a model file with no weights");
        }
    }

    @Override
    public long bytes(long parameters) {
        if (parameters == fileParameters) {
            return fileBytes;
        }
        return Math.round(parameters * (double) fileBytes / fileParameters);
    }

    public double bitsPerWeight() {
        return 8.0 * fileBytes / fileParameters;
    }
}
