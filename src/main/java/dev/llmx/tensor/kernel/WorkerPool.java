package dev.llmx.tensor.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads that split one job at a time: {@link #run} hands out task indices until all are done,
 * the calling thread working too. A token's forward pass runs a hundred or so jobs of a few hundred microseconds,
 * so dispatch must cost far less than an executor's futures: workers spin briefly on a generation counter after
 * each job (the next one is usually a moment away) and only then park.
 *
 * <p>A job is finished when its tasks are, not when every worker has looked at it: on a busy machine a parked worker
 * may take a scheduler tick to wake, and the caller then simply does the tasks itself. A worker that wakes late finds
 * the job drained and goes back to waiting.
 *
 * <p>Jobs do not nest and one thread submits at a time (the engine's).
 */
public final class WorkerPool implements AutoCloseable {
    /** How long an idle worker spins before parking: long enough to bridge the gap between two matrix products. */
    private static final long SPIN_NANOS = 100_000;
    /**
     * Below this many values a {@link #forRanges} job stays on the calling thread: at about a nanosecond a value
     * (a vector SiLU, a norm's sum of squares) it is ~16 µs of work, several times a hand-over's cost.
     */
    private static final long MIN_SPLIT_VALUES = 1 << 14;

    /** One call of {@link #run}: its tasks, which index is next, how many are done. */
    private static final class Job {
        final IntConsumer body;
        final int tasks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(IntConsumer body, int tasks) {
            this.body = body;
            this.tasks = tasks;
        }

        /** Runs tasks until none is left. */
        void work() {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private final Worker[] workers;
    private volatile Job current;
    private volatile boolean closed;

    /** A pool that runs jobs on {@code threads} threads in all: the caller and {@code threads − 1} workers. */
    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("llmx-worker-" + (i + 1));
            workers[i].start();
        }
    }

    /** Threads taking part in a job, the caller included. */
    public int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code body.accept(i)} for every i in [0, tasks) over the pool and returns when all are done. The first
     * exception a task throws is rethrown here (the other tasks still run to the end).
     */
    public void run(int tasks, IntConsumer body) {
        if (tasks <= 0) {
            return;
        }
        if (workers.length == 0 || tasks == 1) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        if (closed) {
            throw new IllegalStateException("worker pool is closed");
        }
        Job job = new Job(body, tasks);
        current = job; // the volatile write that publishes the job
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
        job.work();
        while (job.done.get() < tasks) {
            Thread.onSpinWait();
        }
        Throwable f = job.failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /** A piece of work over a contiguous range of units (tokens, rows). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, units) cut into contiguous ranges, two per thread (a late-waking worker leaves its
     * half to the others), or as one range on the calling thread when the whole job, {@code units × workPerUnit}
     * values, is below {@link #MIN_SPLIT_VALUES}. For the per-token steps between matrix products (norms, the
     * feed-forward's activation): in a prefill they are a fifth of the calling thread's time, during which the other
     * threads would otherwise wait.
     */
    public void forRanges(int units, long workPerUnit, Range body) {
        if (units <= 0) {
            return;
        }
        int pieces = threads() == 1 || (long) units * workPerUnit < MIN_SPLIT_VALUES ? 1
                : Math.min(units, 2 * threads());
        if (pieces == 1) {
            body.run(0, units);
            return;
        }
        run(pieces, p -> body.run((int) ((long) units * p / pieces), (int) ((long) units * (p + 1) / pieces)));
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private final class Worker extends Thread {
        volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            while (!closed) {
                Job job = awaitJob(seen);
                if (job != null) {
                    job.work();
                    seen = job;
                }
            }
        }

        /** The next job after {@code seen}, or null when the pool closes. */
        private Job awaitJob(Job seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (!closed) {
                Job job = current;
                if (job != seen) {
                    return job;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                // Announce the park, then look once more: the submitter either sees the flag or we see its job.
                parked = true;
                if (current == seen && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
            }
            return null;
        }
    }
}
