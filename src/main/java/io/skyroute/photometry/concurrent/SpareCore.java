package io.skyroute.photometry.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Part of one frame's work handed to an idle core, so that a frame landing alone is decoded and measured on every
 * core instead of one (its ERR plane beside its SCI plane, half its stars beside the other half). The caller does
 * its own part, then {@link Handed#join} runs the handed part itself when no core has started it yet: with every
 * core busy (frames measured in parallel) handing costs nothing and waits for nothing. Results are the same as in
 * one thread; only where the work runs changes.
 */
public final class SpareCore {

    private static final int SPARE = Runtime.getRuntime().availableProcessors() - 1;
    private static final ThreadPoolExecutor POOL = SPARE < 1 ? null : pool(SPARE);

    private SpareCore() {
    }

    private static ThreadPoolExecutor pool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "skyroute-spare-core");
            thread.setDaemon(true); // neither the daemon's nor a command's exit waits for it
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Work handed over: joined by the caller when it needs the result. */
    public static final class Handed<T> {
        private final FutureTask<T> task;

        private Handed(Callable<T> work) {
            this.task = new FutureTask<>(work);
        }

        /** The result, worked out here if no core has started it; what the work threw, as thrown. */
        public T join() {
            task.run(); // does nothing when a core has started or finished it
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                task.cancel(true);
                throw new CancellationException("interrupted while waiting for a frame's handed work");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        /** No longer wanted (the caller's own part failed): not started if it has not been. */
        public void drop() {
            task.cancel(false);
        }
    }

    /** Work over the items {@code from} (inclusive) to {@code to} (exclusive) of a range. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * {@code range} over {@code 0 .. count}: when {@code worthSplitting}, in two halves, the second handed to an idle
     * core and the first done here (each half must write only its own items). What a half throws is thrown, the
     * first half's before the second's, as going through the items in order would.
     */
    public static void inHalves(int count, boolean worthSplitting, Range range) {
        if (!worthSplitting || count < 2) {
            range.run(0, count);
            return;
        }
        int half = count / 2;
        Handed<Void> rest = hand(() -> {
            range.run(half, count);
            return null;
        });
        try {
            range.run(0, half);
            rest.join();
        } finally {
            rest.drop();
        }
    }

    /** Hands {@code work} to an idle core; on a single-core machine it waits for {@link Handed#join}. */
    public static <T> Handed<T> hand(Callable<T> work) {
        Handed<T> handed = new Handed<>(work);
        if (POOL != null) {
            POOL.execute(handed.task);
        }
        return handed;
    }
}
