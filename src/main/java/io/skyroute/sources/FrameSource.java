package io.skyroute.sources;

import io.skyroute.pipeline.AuthenticationFailure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One place frames come from, as the source template ({@link SourceRoutes}) drives it: list what a feed
 * holds now, fetch one item verified into the landing folder, say what it is. The template owns the rest
 * — the schedule, admission through the frame list (tries counted once), parallel fetches, the error
 * policy, recording, and the hand-off to sorting — so every source behaves the same.
 */
public interface FrameSource {

    /** One thing a feed holds: its id within the feed, its checksum (the frame list reprocesses it when that changes). */
    record Item(String feed, String naturalId, String checksum, String fileName, String description, Object detail) {
    }

    /** A fetched item: where it landed (verified, renamed into place) and its checksum. */
    record Fetched(Path path, String checksum) {
    }

    /** Route ids ({@code <name>-poll}, {@code -pass}, {@code -list}, {@code -download}) and the schedule's placeholder. */
    String name();

    /** The Quartz cron placeholder of the poll, e.g. {@code {{skyroute.schedules.lco-poll}}}. */
    default String pollSchedule() {
        return "{{skyroute.schedules." + name() + "-poll}}";
    }

    /** A second schedule that re-lists a longer window and requeues failed items (LCO's nightly reconcile), if any. */
    default Optional<String> reconcileSchedule() {
        return Optional.empty();
    }

    /** The feeds a pass lists; each is a source in the frame list (LCO: one per active archive). */
    default List<String> feeds() {
        return List.of(name());
    }

    /** Everything the feed holds now (in a reconcile pass: over the longer window). The frame list decides what is new. */
    List<Item> list(String feed, boolean reconcile) throws Exception;

    /** Fetches one admitted item into the landing folder: streamed to a temporary name, verified, renamed. */
    Fetched fetch(Item item) throws Exception;

    /** Items fetched at once. */
    default int parallelFetches() {
        return 1;
    }

    /** Whether a fetched item goes on to sorting (a release may hold catalogues and logs besides images). */
    default boolean isFrame(Item item, Fetched fetched) {
        return true;
    }

    /** Extra message headers the sorting rules may use (e.g. a survey's field and epoch). */
    default Map<String, Object> headers(Item item) {
        return Map.of();
    }

    /** A feed refused the credentials: the source may stop asking it (and say so in its health). */
    default void refused(String feed, AuthenticationFailure failure) {
    }

    /** After every pass (e.g. the seed's human-readable frame list export). */
    default void afterPass() throws Exception {
    }
}
