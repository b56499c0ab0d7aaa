package io.skyroute.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Counts one poll pass of a source: frames found, new (or changed), downloaded, failed, and the listings that
 * failed (an archive that is down or answers nonsense: "found 0" then means "could not look", not "nothing new").
 */
public class PassReport {

    /** Exchange property under which a pass carries its report. */
    public static final String PROPERTY = "SkyroutePassReport";

    private final AtomicInteger found = new AtomicInteger();
    private final AtomicInteger fresh = new AtomicInteger();
    private final AtomicInteger downloaded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger archivesFailed = new AtomicInteger();
    private final AtomicInteger listingsFailed = new AtomicInteger();
    private final Consumer<PassReport> onChange;

    public PassReport(Consumer<PassReport> onChange) {
        this.onChange = onChange == null ? r -> { } : onChange;
    }

    public void addFound(int n) { found.addAndGet(n); onChange.accept(this); }
    public void addFresh() { fresh.incrementAndGet(); onChange.accept(this); }
    public void addDownloaded() { downloaded.incrementAndGet(); onChange.accept(this); }
    public void addFailed() { failed.incrementAndGet(); onChange.accept(this); }
    public void addArchiveFailed() { archivesFailed.incrementAndGet(); onChange.accept(this); }
    public void addListingFailed() { listingsFailed.incrementAndGet(); onChange.accept(this); }

    public int found() { return found.get(); }
    public int fresh() { return fresh.get(); }
    public int downloaded() { return downloaded.get(); }
    public int failed() { return failed.get(); }
    public int archivesFailed() { return archivesFailed.get(); }
    public int listingsFailed() { return listingsFailed.get(); }

    /** Whether every listing was read and every new item fetched (a one-shot command's exit code 0). */
    public boolean succeeded() {
        return failed() == 0 && archivesFailed() == 0 && listingsFailed() == 0;
    }

    @Override
    public String toString() {
        return "found " + found() + ", new " + fresh() + ", downloaded " + downloaded() + ", failed " + failed()
                + (archivesFailed() > 0 ? ", archives failed " + archivesFailed() : "")
                + (listingsFailed() > 0 ? ", listings failed " + listingsFailed() : "");
    }
}
