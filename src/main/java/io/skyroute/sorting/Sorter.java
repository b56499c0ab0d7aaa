package io.skyroute.sorting;

import io.skyroute.pipeline.Dataset;

import io.skyroute.config.SortingRulesConfig.Action;
import io.skyroute.ledger.DeadLetters;
import io.skyroute.ledger.SortingLedger;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Handoffs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts one landed frame where the rules decided ({@link SortingRules}): places it by the dataset layout (or
 * a rule's own), prepares a new dataset, moves the file atomically and records the decision — with the
 * rule that made it — in the ledger; or quarantines it (with a dead letter) or drops it. A frame whose
 * dataset is locked by a reduction stays where it landed and is sorted again later. No Camel here: the
 * route reads the message into a {@link Frame} and the {@link Outcome} back onto it.
 */
public class Sorter {

    /** The decision, as the exchange carries it afterwards (header {@value #DECISION}): PLACE, QUARANTINE, DROP or WAIT. */
    public static final String DECISION = "SkyrouteSortDecision";
    public static final String RULE = "SkyrouteSortRule";
    private static final Logger LOG = LoggerFactory.getLogger(Sorter.class);

    /** A landed frame: its file, the source and the source's id of it, its checksum, and the exchange (for dead letters). */
    public record Frame(Path file, String source, String naturalId, String checksum, String exchangeId) {
        String name() {
            return file.getFileName().toString();
        }
    }

    /** What happened: the rule and the action taken (WAIT for a locked dataset), and where the frame is now (its dataset, if placed). */
    public record Outcome(String rule, String action, Path path, String dataset) {
    }

    private final DatasetLayout layout;
    private final DatasetPreparation preparation;
    private final SortingLedger ledger;
    private final DeadLetters deadLetters;
    private final Path quarantineDir;
    private final Path droppedDir;

    public Sorter(Path reductionDir, Path defaultRedConfig, SortingLedger ledger, DeadLetters deadLetters, Path dataDir) {
        this(reductionDir, defaultRedConfig, ledger, deadLetters, dataDir, name -> java.util.Optional.empty());
    }

    /** @param positions where the team's targets are, asked for a new dataset before its frame's header */
    public Sorter(Path reductionDir, Path defaultRedConfig, SortingLedger ledger, DeadLetters deadLetters, Path dataDir,
                  io.skyroute.pipeline.TargetPositions positions) {
        this.layout = new DatasetLayout(reductionDir);
        this.preparation = new DatasetPreparation(defaultRedConfig, positions);
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.quarantineDir = dataDir.resolve("quarantine").resolve("sort-frame");
        this.droppedDir = dataDir.resolve("dropped");
    }

    /** A frame whose header cannot be read: quarantined with the reason. */
    public Outcome unreadable(Frame frame, String reason) throws IOException {
        return new Outcome("unreadable", Action.QUARANTINE.name(), quarantine(frame, "unreadable", reason), null);
    }

    /** Carries out the rules' decision for a frame. */
    public Outcome apply(Frame frame, FrameHeader header, SortingRules.Decision decision) throws IOException {
        return switch (decision.action()) {
            case DROP -> new Outcome(decision.rule(), Action.DROP.name(), drop(frame, decision.rule(), decision.reason()), null);
            case QUARANTINE -> new Outcome(decision.rule(), Action.QUARANTINE.name(), quarantine(frame, decision.rule(), decision.reason()), null);
            case PLACE -> place(frame, header, decision.rule(), decision.layout() == null ? layout.place(header) : layout.custom(decision.layout()));
        };
    }

    private Outcome place(Frame frame, FrameHeader header, String rule, DatasetLayout.Placement placement) throws IOException {
        if (placement.problem().isPresent()) {
            return new Outcome("layout", Action.QUARANTINE.name(), quarantine(frame, "layout", placement.problem().get()), null);
        }
        Dataset dataset = placement.dataset().get();
        String datasetPath = dataset.key();
        if (preparation.prepare(dataset.folder(), dataset.target(), header)) {
            LOG.info("New dataset {} with its reduction_config.yaml", datasetPath);
        }
        Optional<String> moved;
        try {
            moved = ledger.placeUnlessLocked(datasetPath, dataset.target(), dataset.instrument(), dataset.subset(),
                    frame.source(), frame.naturalId(), frame.name(), frame.checksum(), rule, () -> {
                        try {
                            return AtomicFiles.moveInto(frame.file(), dataset.folder()).toString();
                        } catch (java.nio.file.NoSuchFileException sortedMeanwhile) {
                            return null;
                        }
                    });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (moved.isPresent()) {
            LOG.info("{} -> {} (rule {})", frame.name(), datasetPath, rule);
            return new Outcome(rule, Action.PLACE.name(), Path.of(moved.get()), datasetPath);
        }
        if (Files.exists(frame.file())) {
            ledger.waiting(frame.source(), frame.naturalId(), frame.name(), frame.checksum(), frame.file().toString(),
                    "waiting: dataset " + datasetPath + " is locked by a reduction");
            LOG.info("{} waits: dataset {} is locked by a reduction", frame.name(), datasetPath);
            return new Outcome(rule, "WAIT", frame.file(), null);
        }
        LOG.info("{} was sorted by a concurrent arrival of the same frame", frame.name());
        return new Outcome(rule, Action.PLACE.name(), frame.file(), null);
    }

    /**
     * A frame whose landed file is gone but which the ledger still has as landed: a stop (kill -9) came between
     * its move into a dataset and the ledger's record of it. If the file is in a dataset folder (the ledger's
     * datasets, or any {@code TARGET/instrument/filter} folder under the reduction folder — a brand-new dataset's
     * row went with the cut-off transaction), it is recorded as sorted there; otherwise empty.
     */
    public Optional<Outcome> recoverPlaced(Frame frame) throws IOException {
        String name = frame.name();
        java.util.Set<Path> folders = new java.util.LinkedHashSet<>();
        ledger.datasetPaths().forEach(path -> folders.add(Path.of(path)));
        Path root = layout.root();
        if (Files.isDirectory(root)) {
            try (java.util.stream.Stream<Path> walk = Files.walk(root, 3)) {
                walk.filter(p -> root.relativize(p).getNameCount() == 3 && Files.isDirectory(p)).forEach(folders::add);
            }
        }
        for (Path folder : folders) {
            Path placed = folder.resolve(name);
            if (Files.isRegularFile(placed)) {
                Dataset dataset = Dataset.of(folder);
                Optional<String> recorded = ledger.placeUnlessLocked(dataset.key(), dataset.target(), dataset.instrument(), dataset.subset(),
                        frame.source(), frame.naturalId(), name, frame.checksum(), RECOVERED_RULE, placed::toString);
                if (recorded.isEmpty()) {
                    return Optional.of(new Outcome(RECOVERED_RULE, "WAIT", frame.file(), null)); // locked by a reduction: the next pending pass
                }
                LOG.warn("{} was found in {}: a stop came between its move and the ledger's record; recorded as sorted there", name, dataset.key());
                return Optional.of(new Outcome(RECOVERED_RULE, Action.PLACE.name(), placed, dataset.key()));
            }
        }
        return Optional.empty();
    }

    /** The rule a frame recovered by {@link #recoverPlaced} is recorded with. */
    public static final String RECOVERED_RULE = "(recovered after a stop)";

    private Path quarantine(Frame frame, String rule, String reason) throws IOException {
        Path moved = AtomicFiles.quarantine(frame.file(), quarantineDir, "rule " + rule + ": " + reason);
        deadLetters.record("sort-frame", frame.name() + ": " + reason, moved.toString(), frame.exchangeId(), frame.source(), frame.naturalId());
        ledger.quarantined(frame.source(), frame.naturalId(), frame.name(), frame.checksum(), moved.toString(), rule, reason);
        LOG.warn("{} quarantined by rule {}: {}", frame.name(), rule, reason);
        return moved;
    }

    private Path drop(Frame frame, String rule, String reason) throws IOException {
        Path moved = AtomicFiles.moveInto(frame.file(), droppedDir);
        ledger.dropped(frame.source(), frame.naturalId(), frame.name(), frame.checksum(), moved.toString(), rule, reason);
        LOG.info("{} dropped by rule {}: {}", frame.name(), rule, reason);
        return moved;
    }

    /** The headers of every frame that waits to be sorted again (or has waited {@code settleMs} unsorted), for the {@code sort-pending} route. */
    public List<Map<String, Object>> pending(long settleMs) {
        return ledger.pending(java.time.Duration.ofMillis(settleMs)).stream()
                .map(p -> Map.<String, Object>of(Handoffs.PATH, p.path(), Handoffs.SOURCE, p.source(),
                        Handoffs.NATURAL_ID, p.naturalId(), Handoffs.CHECKSUM, p.checksum() == null ? "" : p.checksum()))
                .toList();
    }
}
