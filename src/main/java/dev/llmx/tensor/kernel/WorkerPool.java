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
 * <p>Jobs do not nest and one thread submits at a time (the engine's).
 */
public final class WorkerPool implements AutoCloseable {
    /** How long an idle worker spins before parking: long enough to bridge the gap between two matrix products. */
    private static final long SPIN_NANOS = 200_000;

    private final Worker[] workers;
    private final AtomicInteger nextTask = new AtomicInteger();
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;
    private IntConsumer body;
    private int taskCount;

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
        this.body = body;
        this.taskCount = tasks;
        this.failure = null;
        nextTask.set(0);
        busyWorkers.set(workers.length);
        generation++; // the volatile write that publishes the job to the workers
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
        work();
        while (busyWorkers.get() != 0) {
            Thread.onSpinWait();
        }
        this.body = null;
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    private void work() {
        IntConsumer job = body;
        int n = taskCount;
        for (int i = nextTask.getAndIncrement(); i < n; i = nextTask.getAndIncrement()) {
            try {
                job.accept(i);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        generation++;
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
            int seen = 0; // workers exist before the first job, which is generation 1
            while (true) {
                seen = awaitJob(seen);
                if (closed) {
                    return;
                }
                work();
                busyWorkers.decrementAndGet();
            }
        }

        private int awaitJob(int seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            int g;
            while ((g = generation) == seen) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                // Announce the park, then look once more: the submitter either sees the flag or we see its job.
                parked = true;
                if (generation == seen && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
            }
            return g;
        }
    }
}
