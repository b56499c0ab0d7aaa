package io.skyroute.photometry;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one step (read and measure, read and detect) over frames on a few threads and hands each frame's outcome
 * back on the caller's thread in the frames' order, so that logging, writing and the ledger stay sequential,
 * with a bounded number of frames in flight (a frame of 1.5 M pixels takes ~13 MB while it is). With one thread,
 * or one frame, the step runs on the caller's thread.
 */
public final class FramesInOrder {

    /** The step for one frame; what it throws is that frame's outcome, not the run's. */
    @FunctionalInterface
    public interface Step<R> {
        R apply(Path frame) throws Exception;
    }

    /** What a frame gave: its result, or the exception its step threw. */
    @FunctionalInterface
    public interface Sink<R, X extends Exception> {
        void accept(Path frame, R result, Exception failure) throws X;
    }

    private FramesInOrder() {
    }

    /** Threads for the steps: the cores, at most four. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param threads  steps run at once
     * @param inFlight frames submitted and not yet handed back, at most (at least {@code threads})
     */
    public static <R, X extends Exception> void run(List<Path> frames, int threads, int inFlight, String threadName, Step<R> step,
                                                    Sink<R, X> sink) throws X, InterruptedIOException {
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
        int limit = Math.max(threads, inFlight);
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<R>> pending = new ArrayDeque<>();
            Deque<Path> pendingFrames = new ArrayDeque<>();
            int next = 0;
            while (next < frames.size() || !pending.isEmpty()) {
                while (next < frames.size() && pending.size() < limit) {
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
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    failure = e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while working on " + frame.getFileName());
                }
                sink.accept(frame, result, failure);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
