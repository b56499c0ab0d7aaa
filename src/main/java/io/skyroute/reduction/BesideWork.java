package io.skyroute.reduction;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Work a reduction hands to another core while it goes on (the stored tables read while new frames are measured,
 * the plot drawn while the tables are written): daemon threads, so that neither the daemon's nor a command's exit
 * waits for them; idle ones end.
 */
final class BesideWork {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "skyroute-reduction-beside");
        thread.setDaemon(true);
        return thread;
    });

    /** The same threads, for work chained with CompletableFuture (a frame's table after the one before it). */
    static final java.util.concurrent.Executor EXECUTOR = POOL;

    private BesideWork() {
    }

    static <T> Future<T> submit(Callable<T> work) {
        return POOL.submit(work);
    }

    /**
     * The work's result; what it threw (an I/O or runtime failure) as thrown, an I/O failure that chained work
     * could only carry unchecked as the I/O failure itself; an interruption as an InterruptedIOException.
     */
    static <T> T await(Future<T> work, String what) throws IOException {
        try {
            return work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof java.io.UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
