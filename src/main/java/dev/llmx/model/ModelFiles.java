package dev.llmx.model;

import dev.llmx.LlmxException;
import dev.llmx.gguf.GgufFile;
import dev.llmx.safetensors.HfFolder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens whatever the user pointed {@code -m} at: a GGUF file, a Hugging Face model folder, or a .safetensors file
 * inside such a folder. Decides by content (a GGUF file starts with "GGUF"), not by file name.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static ModelSource open(Path path) {
        if (!Files.exists(path)) {
            throw new LlmxException(path + ": no such file or folder");
        }
        if (Files.isDirectory(path)) {
            return new HfModelSource(HfFolder.open(path));
        }
        if (!Files.isReadable(path)) {
            throw new LlmxException(path + ": permission denied");
        }
        if (path.getFileName().toString().endsWith(".safetensors") && !GgufFile.startsWithMagic(path)) {
            Path dir = path.toAbsolutePath().getParent();
            if (dir != null && Files.isRegularFile(dir.resolve(HfFolder.CONFIG))) {
                return new HfModelSource(HfFolder.open(dir));
            }
            throw new LlmxException(path + ": a safetensors file alone does not describe a model; point -m at its folder"
                    + " (with config.json)");
        }
        return new GgufModelSource(GgufFile.open(path));
    }
}
