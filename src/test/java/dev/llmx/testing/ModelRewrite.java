package dev.llmx.testing;

import dev.llmx.gguf.GgufFile;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufWriter;
import dev.llmx.tensor.Tensor;
import dev.llmx.tensor.TensorInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Copies a GGUF model with one change, to see how the engine treats a broken or foreign file. */
public final class ModelRewrite {
    private ModelRewrite() {
    }

    /** {@code source} with metadata key {@code key} set to {@code value}. */
    public static Path withMetadata(Path source, Path target, String key, GgufValue value) throws IOException {
        try (GgufFile in = GgufFile.open(source)) {
            GgufWriter w = new GgufWriter();
            w.putAll(in.metadata());
            w.put(key, value);
            for (TensorInfo t : in.tensors()) {
                w.addTensor(in.tensor(t.name()));
            }
            w.write(target);
        }
        return target;
    }

    /** {@code source} with tensor {@code name} replaced by a zero tensor of the same type and shape {@code shape}. */
    public static Path withTensorShape(Path source, Path target, String name, long[] shape) throws IOException {
        try (GgufFile in = GgufFile.open(source)) {
            GgufWriter w = new GgufWriter();
            w.putAll(in.metadata());
            for (TensorInfo t : in.tensors()) {
                if (t.name().equals(name)) {
                    long bytes = t.type().bytesFor(TensorInfo.elementsOf(shape));
                    w.addTensor(name, t.type(), shape, GgufWriter.TensorSource.of(ByteBuffer.allocate((int) bytes)));
                } else {
                    Tensor tensor = in.tensor(t.name());
                    w.addTensor(tensor);
                }
            }
            w.write(target);
        }
        return target;
    }

    /** {@code source} with the F32 tensor {@code name} filled with {@code value} everywhere. */
    public static Path withF32TensorFilled(Path source, Path target, String name, float value) throws IOException {
        try (GgufFile in = GgufFile.open(source)) {
            GgufWriter w = new GgufWriter();
            w.putAll(in.metadata());
            for (TensorInfo t : in.tensors()) {
                if (t.name().equals(name)) {
                    ByteBuffer values = ByteBuffer.allocate((int) (4 * t.elements())).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    while (values.hasRemaining()) {
                        values.putFloat(value);
                    }
                    values.flip();
                    w.addTensor(name, t.type(), t.shape(), GgufWriter.TensorSource.of(values));
                } else {
                    w.addTensor(in.tensor(t.name()));
                }
            }
            w.write(target);
        }
        return target;
    }
}
