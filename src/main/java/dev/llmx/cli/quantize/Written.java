package dev.llmx.cli.quantize;

import java.nio.file.Path;

/**
 * The file {@code llmx quantize -o} wrote.
 *
 * @param sourceBytes tensor bytes read from the input
 * @param nanos       time spent converting and writing
 */
public record Written(Path path, long fileSize, long sourceBytes, long nanos) {
    public double seconds() {
        return nanos / 1e9;
    }

    /** Input tensor bytes processed per second, in megabytes (10^6). */
    public double megabytesPerSecond() {
        return nanos == 0 ? 0 : sourceBytes / 1e6 / seconds();
    }
}
