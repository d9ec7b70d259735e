package dev.llmx.cli.png;

import dev.llmx.embed.EmbeddingSpace;
import dev.llmx.logits.Distribution;
import dev.llmx.render.Visible;
import dev.llmx.render.png.HeatmapImage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code --png} pictures of attend, embed and layers, drawn from what those commands already computed. */
public final class CommandPictures {
    private CommandPictures() {
    }

    private static String[] labels(List<byte[]> pieces) {
        String[] out = new String[pieces.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i + " " + Visible.bytes(pieces.get(i));
        }
        return out;
    }

    /**
     * One layer's attention weights as query × key heatmaps: one head, or every head side by side (a grey column
     * between heads). Masked keys (later positions, outside a window) are grey.
     *
     * @param weights positions × heads × positions, as the attn_weights probe gives them
     */
    public static void attention(Path file, int layer, Integer head, int heads, float[] weights, List<byte[]> pieces)
            throws IOException {
        int n = pieces.size();
        int shown = head != null ? 1 : heads;
        float[][] m = new float[n][shown * (n + 1) - 1];
        String[] cols = new String[m[0].length];
        String[] keyLabels = labels(pieces);
        for (int s = 0; s < shown; s++) {
            int h = head != null ? head : s;
            for (int k = 0; k < n; k++) {
                cols[s * (n + 1) + k] = (shown > 1 ? "h" + h + " " : "") + keyLabels[k];
            }
            if (s + 1 < shown) {
                cols[s * (n + 1) + n] = "";
            }
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < n; k++) {
                    float w = weights[(q * heads + h) * n + k];
                    m[q][s * (n + 1) + k] = k > q ? Float.NaN : w;
                }
                if (s + 1 < shown) {
                    m[q][s * (n + 1) + n] = Float.NaN;
                }
            }
        }
        String title = "layer " + layer + (head != null ? ", head " + head : ", heads 0–" + (heads - 1))
                + ": attention weights";
        HeatmapImage.write(file, title, "key position" + (shown > 1 ? " (heads side by side)" : ""),
                "query position", m, keyLabels, cols);
    }

    /** Every layer's heads: the mean entropy of each head's attention weights (low = focused, high = spread). */
    public static void attentionEntropy(Path file, float[][] entropy) throws IOException {
        int heads = entropy.length == 0 ? 0 : entropy[0].length;
        String[] rows = new String[entropy.length];
        for (int l = 0; l < rows.length; l++) {
            rows[l] = "layer " + l;
        }
        String[] cols = new String[heads];
        for (int h = 0; h < heads; h++) {
            cols[h] = "head " + h;
        }
        HeatmapImage.write(file, "mean entropy of each head's attention weights (nats)", "head", "layer", entropy,
                rows, cols);
    }

    /** A mixture of experts' routing: each layer's share of tokens per expert (layers × experts). */
    public static void expertUsage(Path file, float[][] shares) throws IOException {
        String[] rows = new String[shares.length];
        for (int l = 0; l < rows.length; l++) {
            rows[l] = "layer " + l;
        }
        int experts = shares.length == 0 ? 0 : shares[0].length;
        String[] cols = new String[experts];
        for (int e = 0; e < experts; e++) {
            cols[e] = "expert " + e;
        }
        HeatmapImage.write(file, "expert usage: share of tokens routed to each expert", "expert", "layer", shares,
                rows, cols);
    }

    /** Cosine similarity between the prompt tokens' embedding rows. */
    public static void similarity(Path file, float[][] rows, List<byte[]> pieces) throws IOException {
        int n = rows.length;
        float[][] m = new float[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = (float) EmbeddingSpace.cosine(rows[i], rows[j]);
            }
        }
        String[] labels = labels(pieces);
        HeatmapImage.write(file, "cosine similarity of the token embeddings", "token", "token", m, labels, labels);
    }

    /**
     * The logit lens as layers × tokens: the probability each layer's lens gives to the tokens that are ever in a
     * layer's top {@code top} (the last layer's first).
     */
    public static void lens(Path file, List<float[]> lensLogits, int top, java.util.function.IntFunction<byte[]> bytes,
                            int position) throws IOException {
        Set<Integer> ids = new LinkedHashSet<>();
        for (int l = lensLogits.size() - 1; l >= 0; l--) {
            for (int id : Distribution.of(lensLogits.get(l)).top(top)) {
                ids.add(id);
            }
        }
        Integer[] columns = ids.toArray(Integer[]::new);
        float[][] m = new float[lensLogits.size()][columns.length];
        String[] rows = new String[lensLogits.size()];
        for (int l = 0; l < m.length; l++) {
            Distribution d = Distribution.of(lensLogits.get(l));
            rows[l] = "layer " + l;
            for (int c = 0; c < columns.length; c++) {
                m[l][c] = (float) d.prob(columns[c]);
            }
        }
        String[] cols = new String[columns.length];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = Visible.text(new String(bytes.apply(columns[c]), StandardCharsets.UTF_8));
        }
        HeatmapImage.write(file, "logit lens after position " + position + ": probability per layer", "token",
                "layer", m, rows, cols);
    }
}
