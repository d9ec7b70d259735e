package dev.llmx.model;

import dev.llmx.LlmxException;
import dev.llmx.io.AtomicFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The small model inside the jar, used by every model command when no {@code -m} is given: Karpathy's tinyllamas
 * stories260K (a 260K-parameter Llama trained on TinyStories), as the GGUF file ggml-org published, MIT licensed
 * (see {@code dev/llmx/models/LICENSE.stories260K-gguf-source} next to it in the jar).
 *
 * <p>Model files are memory-mapped, which a jar entry cannot be, so the file is copied once into the user's cache
 * folder ({@code $XDG_CACHE_HOME/llmx} or {@code ~/.cache/llmx}, else the temporary folder) under a name that
 * carries a hash of its content: a new jar with another model never reuses an old copy.
 */
public final class EmbeddedModel {
    public static final String NAME = "stories260K.gguf";
    /** What users type for it: {@code -m stories260K} (a file or folder of that name, if one exists, wins). */
    public static final String SHORT_NAME = "stories260K";
    private static final String RESOURCE = "/dev/llmx/models/" + NAME;

    private EmbeddedModel() {
    }

    /** Whether {@code file} is a copy {@link #path()} made (named after the model and a hash of its bytes). */
    public static boolean isCopy(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().matches("stories260K-[0-9a-f]+\\.gguf");
    }

    /** Whether {@code given} (an -m value) names the embedded model rather than a file or folder. */
    public static boolean isNamedBy(String given) {
        return (given.equals(SHORT_NAME) || given.equals(NAME)) && !Files.exists(Path.of(given));
    }

    /** The model file {@code given} (an -m value) stands for: the embedded model for its name, else that path. */
    public static Path resolve(String given) {
        return isNamedBy(given) ? path() : Path.of(given);
    }

    /** The embedded model as a file, copied out of the jar on first use. */
    public static Path path() {
        byte[] bytes = bytes();
        String name = "stories260K-" + shortHash(bytes) + ".gguf";
        IOException last = null;
        for (Path dir : new Path[] {userCache(), Path.of(System.getProperty("java.io.tmpdir"), "llmx-"
                + System.getProperty("user.name", "user"))}) {
            Path file = dir.resolve(name);
            try {
                if (Files.isRegularFile(file) && Files.size(file) == bytes.length) {
                    return file;
                }
                Files.createDirectories(dir);
                AtomicFile.write(file, out -> out.write(ByteBuffer.wrap(bytes)));
                return file;
            } catch (IOException | LlmxException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage());
            }
        }
        throw new LlmxException("cannot copy the embedded model to a cache folder (" + last.getMessage()
                + "); give a model with -m PATH");
    }

    private static byte[] bytes() {
        try (InputStream in = EmbeddedModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LlmxException("this build of llmx has no embedded model; give one with -m PATH");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path userCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("llmx");
    }

    private static String shortHash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                sb.append(String.format("%02x", digest[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
