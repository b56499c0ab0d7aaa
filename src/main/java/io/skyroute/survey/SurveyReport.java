package io.skyroute.survey;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** What a survey run did, counted as it goes (shared by the parallel workers); {@code listener} sees each change. */
public final class SurveyReport {

    public static final String PROPERTY = "SkyrouteSurveyReport";

    final AtomicInteger sources = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger asked = new AtomicInteger();
    final AtomicInteger empty = new AtomicInteger();
    final AtomicInteger rawKept = new AtomicInteger();
    final AtomicInteger reduced = new AtomicInteger();
    final AtomicInteger alreadyReduced = new AtomicInteger();
    final AtomicInteger lightcurves = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private volatile String folder = "";
    private final Consumer<SurveyReport> listener;

    public SurveyReport(Consumer<SurveyReport> listener) {
        this.listener = listener == null ? r -> { } : listener;
    }

    void changed() {
        listener.accept(this);
    }

    void folder(String value) {
        folder = value;
    }

    public int sources() {
        return sources.get();
    }

    public int done() {
        return done.get();
    }

    public int asked() {
        return asked.get();
    }

    public int failed() {
        return failed.get();
    }

    public int lightcurves() {
        return lightcurves.get();
    }

    public String folder() {
        return folder;
    }

    @Override
    public String toString() {
        return "sources " + sources + ", surveys asked " + asked + " (" + empty + " with no data), raw already kept " + rawKept + ", reduced "
                + reduced + ", already reduced " + alreadyReduced + ", lightcurves " + lightcurves + ", failed " + failed;
    }
}
