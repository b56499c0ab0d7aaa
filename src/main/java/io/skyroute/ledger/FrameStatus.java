package io.skyroute.ledger;

/** Where a frame is in its life: discovered at a source, fetched, sorted into a dataset, or stopped. */
public enum FrameStatus {
    /** Listed by a source; not yet fetched. */
    DISCOVERED,
    /** Fetched, checksum verified and landed in the download folder. */
    DOWNLOADED,
    /** Placed in a dataset. */
    SORTED,
    /** Could not be sorted; moved to quarantine with a reason. */
    QUARANTINED,
    /** Deliberately not kept (a rule dropped it, e.g. a calibration frame). */
    DROPPED,
    /** Gave up after retries; see the dead letters. */
    FAILED
}
