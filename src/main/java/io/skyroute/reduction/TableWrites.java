package io.skyroute.reduction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The newly measured frames' tables, written on another core one after another in the frames' order while the
 * reduction goes on (a lone frame's table, formatted and fsynced, was 2-3 ms on the critical path), and waited for
 * before anything reads them from disk. The first write that fails stops the ones after it and is what
 * {@link #await} throws.
 */
final class TableWrites {

    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    /** Queues {@code table}'s atomic write after those queued before it. */
    void write(Path table, Products.Content content) {
        last = last.thenRunAsync(() -> {
            try {
                Products.text(table, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, BesideWork.EXECUTOR);
    }

    /** Waits until every queued table is on disk; the first failure, as thrown. */
    void await() throws IOException {
        BesideWork.await(last, "the frames' tables were written");
    }

    /** Waits without throwing: after a failed run, so that no table is left being written. */
    void awaitQuietly() {
        try {
            await();
        } catch (IOException | RuntimeException e) {
            // the run's own failure is the one reported
        }
    }
}
