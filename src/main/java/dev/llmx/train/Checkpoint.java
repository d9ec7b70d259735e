package dev.llmx.train;

import dev.llmx.gguf.GgufMetadata;
import dev.llmx.gguf.GgufValue;
import dev.llmx.gguf.GgufWriter;
import dev.llmx.gguf.LlamaFileType;
import dev.llmx.tensor.GgmlType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the parameters as an F32 GGUF llama model that llmx and llama.cpp load: the base model's metadata (its
 * tokenizer above all) with the architecture's sizes set to the trained shape, every tensor F32 under its llama.cpp
 * name. The project's {@link GgufWriter} writes it atomically: a checkpoint either replaces the file whole or not
 * at all, so an interrupted save keeps the last good one.
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /**
     * @param base  metadata to start from (the model that was fine-tuned, or the one whose tokenizer a new model
     *              uses); its {@code llama.*} sizes and file type are replaced
     * @param extra keys to add (what training did: steps, loss)
     */
    public static void write(Path target, Parameters p, GgufMetadata base, Map<String, GgufValue> extra)
            throws IOException {
        LlamaShape s = p.shape();
        GgufWriter w = new GgufWriter();
        w.putString(GgufWriter.ARCHITECTURE_KEY, "llama");
        for (Map.Entry<String, GgufValue> e : base.asMap().entrySet()) {
            String key = e.getKey();
            // Keys about another architecture's sizes or the old file's encoding do not describe this file.
            if (key.startsWith("llama.") || key.equals(GgufWriter.FILE_TYPE_KEY)
                    || key.equals(GgufWriter.QUANTIZATION_VERSION_KEY) || key.equals("general.alignment")
                    || key.equals(GgufWriter.ARCHITECTURE_KEY)) {
                continue;
            }
            w.put(key, e.getValue());
        }
        w.putUint32("llama.context_length", Math.max(s.context(), 1));
        w.putUint32("llama.embedding_length", s.dModel());
        w.putUint32("llama.block_count", s.layers());
        w.putUint32("llama.feed_forward_length", s.ffn());
        w.putUint32("llama.attention.head_count", s.heads());
        w.putUint32("llama.attention.head_count_kv", s.kvHeads());
        w.putUint32("llama.rope.dimension_count", s.ropeDims());
        w.putFloat32("llama.rope.freq_base", (float) s.ropeBase());
        w.putFloat32("llama.attention.layer_norm_rms_epsilon", (float) s.eps());
        w.putUint32("llama.vocab_size", s.vocab());
        w.putUint32(GgufWriter.FILE_TYPE_KEY, LlamaFileType.forMainType(GgmlType.F32).id());
        extra.forEach(w::put);
        for (Parameter t : p.all()) {
            ByteBuffer bytes = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(t.values());
            w.addTensor(t.name(), GgmlType.F32, t.ggmlShape(), GgufWriter.TensorSource.of(bytes));
        }
        w.write(target);
    }
}
