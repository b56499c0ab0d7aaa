package io.skyroute.ops;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A progress line for long work (a download pass, a reduction), written at most once per interval
 * ({@code management.progress_log_seconds}, set once when the daemon starts) so a pass of thousands of
 * frames says where it is without a line per frame.
 */
public final class ProgressLog {

    private static volatile long intervalNanos = Duration.ofSeconds(30).toNanos();

    private final Logger log;
    private final AtomicLong last = new AtomicLong(System.nanoTime());

    public ProgressLog(Logger log) {
        this.log = log;
    }

    /** The interval every progress log uses from now on. */
    public static void every(Duration interval) {
        intervalNanos = interval.toNanos();
    }

    /** Logs the message when the interval has passed since the last line (or since this progress began). */
    public void tick(Supplier<String> message) {
        long now = System.nanoTime();
        long previous = last.get();
        if (now - previous >= intervalNanos && last.compareAndSet(previous, now)) {
            log.info(message.get());
        }
    }
}
