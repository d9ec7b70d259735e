package dev.llmx.gguf;

import dev.llmx.LlmxException;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorData;
import dev.llmx.tensor.TensorInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An open GGUF file: its validated header (metadata and tensor infos) read onto the heap, its tensor data left in
 * the file and memory-mapped on demand ({@link #tensor}). Opening reads only the header, so it costs the same for
 * a 100 MB and a 100 GB model.
 */
public final class GgufFile implements AutoCloseable {
    /** The four bytes every GGUF file starts with. */
    public static final String MAGIC = "GGUF";

    /**
     * Whether {@code path} starts with {@link #MAGIC}: the one test of "is this GGUF" that opening a model and
     * opening a tokenizer both use (by content, not by file name).
     */
    public static boolean startsWithMagic(Path path) {
        try (java.io.InputStream in = Files.newInputStream(path)) {
            return new String(in.readNBytes(4), java.nio.charset.StandardCharsets.ISO_8859_1).equals(MAGIC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final GgufReader.Header header;
    private final Map<String, TensorInfo> byName;

    private GgufFile(Path path, FileChannel channel, long fileSize, GgufReader.Header header) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.header = header;
        Map<String, TensorInfo> map = new LinkedHashMap<>();
        for (TensorInfo t : header.tensors()) {
            map.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** Opens and validates {@code path}; any problem with the file is a one-line {@link LlmxException}. */
    public static GgufFile open(Path path) {
        if (Files.isDirectory(path)) {
            throw new LlmxException(path + " is a directory, not a GGUF file");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            long size = channel.size();
            GgufReader.Header header = GgufReader.read(new GgufInput(channel, size, path.getFileName().toString()));
            return new GgufFile(path, channel, size, header);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    /** 2 or 3. */
    public int version() {
        return header.version();
    }

    public GgufMetadata metadata() {
        return header.metadata();
    }

    /** Tensor infos in file order, with absolute offsets. */
    public List<TensorInfo> tensors() {
        return header.tensors();
    }

    public Optional<TensorInfo> tensorInfo(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public int alignment() {
        return header.alignment();
    }

    /** Where the data section starts. */
    public long dataOffset() {
        return header.dataOffset();
    }

    /** The tensor {@code name}, its data mapped read-only (in windows below 2 GiB). */
    public Tensor tensor(String name) {
        return tensor(name, TensorData.DEFAULT_WINDOW);
    }

    /** As {@link #tensor(String)}, with a chosen window size (tests use small windows to cross window borders). */
    public Tensor tensor(String name, long maxWindow) {
        TensorInfo info = byName.get(name);
        if (info == null) {
            throw new LlmxException(path.getFileName() + " has no tensor named '" + name + "'");
        }
        return new Tensor(info, TensorData.map(channel, info, maxWindow));
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the file was only read, and mappings stay valid after the channel closes.
        }
    }
}
