package io.skyroute.config;

/**
 * The daemon's reductions: {@code max_image_pixels}, the largest image a frame may hold (a header claiming
 * more is refused before anything is allocated; 4096 x 4096 by default, LCO's largest imager, a Sinistro);
 * {@code frames_in_flight}, how many frames the daemon's reductions decode and measure at once, over all datasets
 * (default 2: a 4k x 4k frame takes ~170 MB while it is measured; the daemon's heap is sized from these two,
 * {@link MemoryBudget});
 * {@code debounce_ms}, how long a dataset's new frames must have stopped arriving before it is reduced
 * (default a minute); {@code due_check_ms}, how often that is looked at (default 10 s); {@code lease_seconds}, how
 * long a dataset's lease lives without renewal (default 5 min: a node that died gives the dataset up after this);
 * {@code stored_table_cache}, how many stored per-frame measurements (one per star and frame, ~150 bytes each) are
 * kept in memory between reductions, so that adding a frame to a big dataset does not read every other table
 * again (default 400,000: a dataset of 2,000 frames of 150 stars; 0 = off), and as many in the datasets' running
 * tallies for choosing comparison stars (~50 bytes each); {@code watch_stored_tables}, whether the
 * folders of those tables are watched for changes (inotify, on Linux and local file systems only) instead of each
 * table's size and time being checked on every reduction (default true; elsewhere each table is checked).
 */
public record ReductionSettings(@Range(min = 10_000, max = 2_000_000_000) Long maxImagePixels,
                                @Range(min = 0, max = 86_400_000) Long debounceMs,
                                @Range(min = 100, max = 3_600_000) Long dueCheckMs,
                                @Range(min = 3, max = 86_400) Long leaseSeconds,
                                @Range(min = 0, max = 100_000_000) Long storedTableCache,
                                Boolean watchStoredTables,
                                @Range(min = 1, max = 64) Integer framesInFlight) {

    public static final long DEFAULT_MAX_IMAGE_PIXELS = 4096L * 4096L;
    public static final long DEFAULT_STORED_TABLE_CACHE = 400_000L;

    public ReductionSettings {
        maxImagePixels = maxImagePixels == null ? DEFAULT_MAX_IMAGE_PIXELS : maxImagePixels;
        debounceMs = debounceMs == null ? 60_000L : debounceMs;
        dueCheckMs = dueCheckMs == null ? 10_000L : dueCheckMs;
        leaseSeconds = leaseSeconds == null ? 300L : leaseSeconds;
        storedTableCache = storedTableCache == null ? DEFAULT_STORED_TABLE_CACHE : storedTableCache;
        watchStoredTables = watchStoredTables == null || watchStoredTables;
        framesInFlight = framesInFlight == null ? 2 : framesInFlight;
    }
}
