package io.skyroute.reduction;

import io.skyroute.photometry.ensemble.RunningTally;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running tallies ({@link RunningTally}) of the datasets a long-lived pipeline reduces, so that choosing
 * comparison stars after one new frame counts that frame, not every frame again. A dataset gets one from its second
 * run on (a one-shot command reduces each dataset once and would only pay for building it); the least recently used
 * go once they hold more measurements than the stored-table cache ({@code reduction.stored_table_cache}, the same
 * frames: ~50 bytes each here against ~150 there). Thread-safe: the daemon reduces datasets in parallel, each dataset
 * one run at a time.
 */
final class RunningTallies {

    /** A dataset seen once: no tally yet. */
    private static final RunningTally SEEN_ONCE = new RunningTally(Double.NaN);

    private final long capacity;
    private final Map<Path, RunningTally> tallies = new LinkedHashMap<>(16, 0.75f, true);

    /** @param capacity measurements held at most over all datasets; 0 keeps none */
    RunningTallies(long capacity) {
        this.capacity = capacity;
    }

    /** The dataset's tally for a run judging saturation at {@code maxPeakFraction}, or null (its first run, or none kept). */
    synchronized RunningTally forRun(Path dataset, double maxPeakFraction) {
        if (capacity <= 0) {
            return null;
        }
        Path key = dataset.toAbsolutePath().normalize();
        RunningTally tally = tallies.get(key);
        if (tally == null) {
            tallies.put(key, SEEN_ONCE);
            return null;
        }
        if (tally == SEEN_ONCE || Double.compare(tally.maxPeakFraction(), maxPeakFraction) != 0) {
            tally = new RunningTally(maxPeakFraction);
            tallies.put(key, tally);
        }
        return tally;
    }

    /** Measurements held over all datasets. */
    synchronized long held() {
        long held = 0;
        for (RunningTally tally : tallies.values()) {
            held += tally.measurements();
        }
        return held;
    }

    /** After a run: the least recently used tallies go while all of them hold more than the capacity. */
    synchronized void trim() {
        long held = held();
        for (Iterator<RunningTally> it = tallies.values().iterator(); it.hasNext() && held > capacity; ) {
            RunningTally tally = it.next();
            held -= tally.measurements();
            if (tally != SEEN_ONCE) {
                it.remove();
            }
        }
    }
}
