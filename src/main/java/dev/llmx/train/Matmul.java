package dev.llmx.train;

import dev.llmx.tensor.kernel.FloatOps;
import dev.llmx.tensor.kernel.WorkerPool;

/**
 * The three matrix products of a linear layer {@code y = x·Wᵀ} in training, spread over the worker pool. Each
 * output element is computed by one task in a fixed order, so the result does not depend on the thread count
 * (same seed, same run, on any machine size).
 */
final class Matmul {
    private final WorkerPool pool;
    private final FloatOps f;

    Matmul(WorkerPool pool, FloatOps floats) {
        this.pool = pool;
        this.f = floats;
    }

    WorkerPool pool() {
        return pool;
    }

    FloatOps floats() {
        return f;
    }

    /** Splits {@code n} items into tasks of consecutive ranges: several per thread, so that uneven ones balance. */
    private int tasks(int n) {
        return Math.max(1, Math.min(n, pool.threads() * 4));
    }

    /** {@code y[n × out] = x[n × in] · Wᵀ} for {@code W} of {@code out × in}, row-major. */
    void forward(float[] x, int n, int in, float[] w, int out, float[] y) {
        int tasks = tasks(n);
        pool.run(tasks, task -> {
            int from = (int) ((long) n * task / tasks);
            int to = (int) ((long) n * (task + 1) / tasks);
            for (int t = from; t < to; t++) {
                for (int o = 0; o < out; o++) {
                    y[t * out + o] = f.dot(x, t * in, w, o * in, in);
                }
            }
        });
    }

    /** {@code dx[n × in] += dy[n × out] · W}: the gradient flowing back to the layer's input. */
    void backwardInput(float[] dy, int n, int out, float[] w, int in, float[] dx) {
        int tasks = tasks(n);
        pool.run(tasks, task -> {
            int from = (int) ((long) n * task / tasks);
            int to = (int) ((long) n * (task + 1) / tasks);
            for (int t = from; t < to; t++) {
                for (int o = 0; o < out; o++) {
                    float a = dy[t * out + o];
                    if (a != 0f) {
                        f.axpy(a, w, o * in, dx, t * in, in);
                    }
                }
            }
        });
    }

    /** {@code dW[out × in] += dyᵀ · x}: the weight's gradient, summed over the {@code n} rows. */
    void backwardWeight(float[] dy, float[] x, int n, int out, int in, float[] dw) {
        int tasks = tasks(out);
        pool.run(tasks, task -> {
            int from = (int) ((long) out * task / tasks);
            int to = (int) ((long) out * (task + 1) / tasks);
            for (int o = from; o < to; o++) {
                for (int t = 0; t < n; t++) {
                    float a = dy[t * out + o];
                    if (a != 0f) {
                        f.axpy(a, x, t * in, dw, o * in, in);
                    }
                }
            }
        });
    }
}
