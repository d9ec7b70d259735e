package dev.llmx.embed;

import dev.llmx.engine.Model;
import dev.llmx.tensor.kernel.WorkerPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/**
 * The token embedding matrix seen as a space of vectors: rows by token id, cosine similarity between them, and the
 * rows nearest to a vector. The rows are read through the model's dequantizers, so a quantized {@code token_embd}
 * is searched exactly as the forward pass sees it.
 */
public final class EmbeddingSpace {
    /** Row blocks per search: a few per thread so that uneven blocks even out. */
    private static final int BLOCKS_PER_THREAD = 4;

    /** A vocabulary row near a query. */
    public record Neighbour(int id, double cosine) {
    }

    private final Model model;
    private final int width;

    public EmbeddingSpace(Model model) {
        this.model = model;
        this.width = model.embeddingLength();
    }

    public int width() {
        return width;
    }

    public int rows() {
        return model.embeddingRows();
    }

    /** Row {@code id} of {@code token_embd}, dequantized. */
    public float[] row(int id) {
        float[] r = new float[width];
        model.embeddingRow(id, r, 0);
        return r;
    }

    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** cos(a, b) = a·b / (|a| |b|); 0 when either vector is zero (it has no direction). */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /**
     * For each query, the {@code n} rows of highest cosine similarity, best first, leaving out the ids
     * {@code excluded} accepts for that query. One pass over the matrix for all queries: each row is decoded once,
     * normalised, and compared with every (normalised) query; blocks of rows run in parallel on {@code pool}.
     */
    public List<List<Neighbour>> nearest(float[][] queries, int n, List<IntPredicate> excluded, WorkerPool pool) {
        int rows = rows();
        float[][] unit = new float[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            unit[q] = normalised(queries[q]);
        }
        float[][] similarity = new float[queries.length][rows];
        int blocks = Math.min(rows, pool.threads() * BLOCKS_PER_THREAD);
        pool.run(blocks, b -> {
            float[] r = new float[width];
            int from = (int) ((long) rows * b / blocks);
            int to = (int) ((long) rows * (b + 1) / blocks);
            for (int id = from; id < to; id++) {
                model.embeddingRow(id, r, 0);
                double norm = norm(r);
                for (int q = 0; q < unit.length; q++) {
                    double dot = 0;
                    for (int i = 0; i < width; i++) {
                        dot += unit[q][i] * r[i];
                    }
                    similarity[q][id] = norm == 0 ? 0f : (float) (dot / norm);
                }
            }
        });
        List<List<Neighbour>> result = new ArrayList<>();
        for (int q = 0; q < queries.length; q++) {
            result.add(top(similarity[q], n, excluded.get(q)));
        }
        return result;
    }

    private float[] normalised(float[] v) {
        double norm = norm(v);
        float[] u = Arrays.copyOf(v, v.length);
        if (norm > 0) {
            for (int i = 0; i < u.length; i++) {
                u[i] = (float) (u[i] / norm);
            }
        }
        return u;
    }

    /** The {@code n} highest entries (ties: lower id first), through a min-heap of size n. */
    private static List<Neighbour> top(float[] similarity, int n, IntPredicate excluded) {
        PriorityQueue<Integer> heap = new PriorityQueue<>(n + 1, (a, b) -> similarity[a] != similarity[b]
                ? Float.compare(similarity[a], similarity[b]) : Integer.compare(b, a));
        for (int id = 0; id < similarity.length; id++) {
            if (excluded.test(id)) {
                continue;
            }
            heap.add(id);
            if (heap.size() > n) {
                heap.poll();
            }
        }
        List<Neighbour> out = new ArrayList<>();
        while (!heap.isEmpty()) {
            int id = heap.poll();
            out.add(new Neighbour(id, similarity[id]));
        }
        Collections.reverse(out);
        return out;
    }
}
