package dev.llmx.kvcache;

import java.util.Optional;

/**
 * Parameters of a model counted tensor by tensor from its layer sizes, the way the checkpoint stores them.
 *
 * @param total        every stored parameter (both embedding tables when they are not tied)
 * @param active       the parameters one token reads: {@code total} less the routed experts it does not use and less
 *                     the input embedding table (a token reads one row of it; with tied embeddings the table is
 *                     read whole as the output projection and stays counted). This is the "active parameters"
 *                     figure model cards give (gpt-oss-20b: 3.6 B) and the weights a decode step reads.
 * @param matmulActive the weights one token multiplies with (active linear layers and the output projection; norms,
 *                     biases and sinks left out): a token's forward pass costs {@code 2 × matmulActive} FLOPs before
 *                     attention
 * @param embedding    the input embedding table ({@code vocab × hidden})
 */
public record ParameterCount(long total, long active, long matmulActive, long embedding) {

    /** The count for {@code m}, or empty when its layer sizes are unknown and no {@code --params} was given. */
    public static Optional<ParameterCount> of(KvModel m) {
        if (m.hasLayerSizes()) {
            return Optional.of(count(m));
        }
        if (m.knownParams() > 0) {
            // Only a total is known: treat it all as dense, multiplied once per token.
            return Optional.of(new ParameterCount(m.knownParams(), m.knownParams(), m.knownParams(), 0));
        }
        return Optional.empty();
    }

    private static ParameterCount count(KvModel m) {
        long d = m.dModel();
        Tally attention = attention(m);
        long norms = m.normsPerLayer() * d;
        long layersTotal = 0;
        long layersActive = 0;
        long layersMatmul = 0;
        for (int layer = 0; layer < m.layers(); layer++) {
            Tally ffn = feedForward(m, layer);
            layersTotal += attention.total + ffn.total + norms;
            layersActive += attention.total + ffn.active + norms;
            layersMatmul += attention.matmul + ffn.matmul;
        }
        long embedding = m.vocab() * d;
        long output = m.tiedEmbeddings() ? 0 : embedding;
        long finalNorm = d;
        long total = layersTotal + embedding + output + finalNorm;
        // The output projection is read and multiplied for every token, tied or not.
        long active = layersActive + embedding + finalNorm;
        long matmul = layersMatmul + embedding;
        return new ParameterCount(total, active, matmul, embedding);
    }

    /** Parameters stored, read per token and multiplied per token in one part of a layer. */
    private record Tally(long total, long active, long matmul) {
    }

    private static Tally attention(KvModel m) {
        long d = m.dModel();
        long h = m.heads();
        if (m.mla().isPresent()) {
            Mla a = m.mla().get();
            long qHead = a.qkNopeHeadDim() + a.qkRopeHeadDim();
            long q = a.qLoraRank() > 0
                    ? d * a.qLoraRank() + a.qLoraRank() * h * qHead
                    : d * h * qHead;
            long qNorm = a.qLoraRank() > 0 ? a.qLoraRank() : 0;
            long kvA = d * (a.kvLoraRank() + a.qkRopeHeadDim());
            long kvB = a.kvLoraRank() * h * (a.qkNopeHeadDim() + a.vHeadDim());
            long o = h * a.vHeadDim() * d;
            long matmul = q + kvA + kvB + o;
            long total = matmul + qNorm + a.kvLoraRank();
            return new Tally(total, total, matmul);
        }
        long qDim = h * m.headDim();
        long kDim = (long) m.kvHeads() * m.headDim();
        long vDim = (long) m.kvHeads() * m.valueHeadDim();
        long oIn = h * m.valueHeadDim();
        long matmul = d * qDim + d * kDim + d * vDim + oIn * d;
        long extra = 0;
        if (m.qkvBias()) {
            extra += qDim + kDim + vDim;
        }
        if (m.outputBias()) {
            extra += d;
        }
        if (m.qkNorm()) {
            extra += 2L * m.headDim();
        }
        if (m.attentionSinks()) {
            extra += h;
        }
        return new Tally(matmul + extra, matmul + extra, matmul);
    }

    /** Parameters of one routed expert (0 for a dense model): what every extra expert a batch touches adds. */
    public static long routedExpertParams(KvModel m) {
        return m.moe().map(e -> gated(m.dModel(), e.expertFfn(), e.expertBias())).orElse(0L);
    }

    /** A gated feed-forward (gate, up, down) of width {@code width}, with gpt-oss style biases when asked. */
    private static long gated(long d, long width, boolean bias) {
        return 3 * d * width + (bias ? 2 * width + d : 0);
    }

    private static Tally feedForward(KvModel m, int layer) {
        long d = m.dModel();
        if (m.moe().isEmpty() || layer < m.moe().get().denseLayers()) {
            long p = 3 * d * m.ffn();
            return new Tally(p, p, p);
        }
        Moe e = m.moe().get();
        long router = d * e.experts() + (e.routerBias() ? e.experts() : 0);
        long expert = gated(d, e.expertFfn(), e.expertBias());
        long expertMatmul = 3 * d * e.expertFfn();
        long shared = e.sharedExperts() * gated(d, e.expertFfn(), false);
        long total = router + e.experts() * expert + shared;
        long active = router + e.activeExperts() * expert + shared;
        long matmul = d * e.experts() + e.activeExperts() * expertMatmul + shared;
        return new Tally(total, active, matmul);
    }
}
