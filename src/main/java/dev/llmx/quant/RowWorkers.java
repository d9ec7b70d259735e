package dev.llmx.quant;

import dev.llmx.Cancellation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs work on the rows of a tensor in parallel: a run of rows is cut into one contiguous slice per thread. Rows are
 * independent in every quantization type (no block spans two rows), so results do not depend on the thread count.
 */
public final class RowWorkers implements AutoCloseable {
    /** The work on one row; {@code index} counts from 0 within the run, {@code buffer} belongs to the slice. */
    @FunctionalInterface
    public interface RowTask {
        void run(long row, int index, float[] buffer);
    }

    /** The work on rows {@code from … to − 1}; a slice keeps its own buffers and partial results. */
    @FunctionalInterface
    public interface SliceTask {
        void run(long from, long to);
    }

    private final int threads;
    private final ExecutorService pool;

    public RowWorkers(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "llmx-rows");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} on rows {@code first … first + count − 1}, with buffers of {@code rowLength} floats. */
    public void run(long first, int count, int rowLength, RowTask task) {
        slices(first, count, (from, to) -> {
            float[] buffer = new float[rowLength];
            for (long row = from; row < to; row++) {
                task.run(row, (int) (row - first), buffer);
            }
        });
    }

    /** Cuts rows {@code first … first + count − 1} into one slice per thread and runs them; rethrows a failure. */
    public void slices(long first, long count, SliceTask task) {
        int slices = (int) Math.min(threads, count);
        if (slices <= 1) {
            task.run(first, first + count);
            Cancellation.checkpoint();
            return;
        }
        List<Future<?>> futures = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            long from = first + count * s / slices;
            long to = first + count * (s + 1) / slices;
            futures.add(pool.submit(() -> task.run(from, to)));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : e.getCause() instanceof Error err ? new IllegalStateException(err) : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        // A cancel (Ctrl-C in the REPL) is honoured between runs of rows, once every slice has finished writing.
        Cancellation.checkpoint();
        if (failure != null) {
            if (failure.getCause() instanceof OutOfMemoryError oom) {
                throw oom;
            }
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
