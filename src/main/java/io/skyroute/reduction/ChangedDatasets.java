package io.skyroute.reduction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datasets that received frames, waiting to be reduced again: a dataset is due once no frame has
 * arrived for the debounce window (a night's frames arrive in bursts), and one that is being reduced
 * when it becomes due is simply marked again and taken on the next round, after the run ends.
 */
public final class ChangedDatasets {

    private final Map<String, Instant> lastChange = new ConcurrentHashMap<>();

    public void changed(String dataset, Instant at) {
        lastChange.merge(dataset, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Removes and returns the datasets whose last change is at least {@code window} old. */
    public List<String> due(Instant now, Duration window) {
        List<String> due = new ArrayList<>();
        for (Map.Entry<String, Instant> entry : lastChange.entrySet()) {
            if (!entry.getValue().plus(window).isAfter(now) && lastChange.remove(entry.getKey(), entry.getValue())) {
                due.add(entry.getKey());
            }
        }
        due.sort(null);
        return due;
    }

    public int waiting() {
        return lastChange.size();
    }
}
