package io.skyroute.reduction;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one step (read and detect, read and measure) over a dataset's frames on a few threads, and hands the
 * results back on the caller's thread in the frames' order, so that logging, writing and the ledger stay
 * sequential. At most {@code threads + 1} frames are in memory at once.
 */
final class FramesInParallel {

    /** The step for one frame; its exception is the frame's outcome, not the run's. */
    @FunctionalInterface
    interface Step<R> {
        R apply(Path frame) throws Exception;
    }

    /** What a frame gave: its result, or the exception its step threw. */
    @FunctionalInterface
    interface Sink<R> {
        void accept(Path frame, R result, Exception failure) throws java.io.IOException;
    }

    /** Threads for the steps: the cores, at most four (a frame of 1.5 M pixels takes ~13 MB while in flight). */
    static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private FramesInParallel() {
    }

    static <R> void run(List<Path> frames, int threads, Step<R> step, Sink<R> sink) throws java.io.IOException {
        if (threads <= 1 || frames.size() <= 1) {
            for (Path frame : frames) {
                R result = null;
                Exception failure = null;
                try {
                    result = step.apply(frame);
                } catch (Exception e) {
                    failure = e;
                }
                sink.accept(frame, result, failure);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "reduction-frame");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<R>> pending = new ArrayDeque<>();
            Deque<Path> pendingFrames = new ArrayDeque<>();
            int next = 0;
            while (next < frames.size() || !pending.isEmpty()) {
                while (next < frames.size() && pending.size() <= threads) {
                    Path frame = frames.get(next++);
                    pending.add(pool.submit(() -> step.apply(frame)));
                    pendingFrames.add(frame);
                }
                Path frame = pendingFrames.removeFirst();
                R result = null;
                Exception failure = null;
                try {
                    result = pending.removeFirst().get();
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reducing " + frame.getFileName());
                }
                sink.accept(frame, result, failure);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
