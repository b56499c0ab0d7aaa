package io.skyroute.sorting;

import io.skyroute.pipeline.Dataset;

import io.skyroute.config.SortingRulesConfig;
import io.skyroute.config.SortingRulesConfig.Action;
import io.skyroute.ledger.DeadLetters;
import io.skyroute.ledger.SortingLedger;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Handoffs;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.spi.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where one landed frame goes and puts it there: reads its header, applies the sorting rules
 * in order (drop / quarantine / place), places it by the dataset layout, prepares a new dataset, moves
 * the file atomically and records the decision — with the rule that made it — in the ledger. A frame
 * whose dataset is locked by a reduction stays where it landed and is sorted again later.
 */
public class Sorter {

    /** The decision, as the exchange carries it afterwards (header {@value #DECISION}). */
    public static final String DECISION = "SkyrouteSortDecision";
    public static final String RULE = "SkyrouteSortRule";
    private static final Logger LOG = LoggerFactory.getLogger(Sorter.class);

    private record CompiledRule(String name, Predicate when, Action action, Expression reason, Expression layout) {
    }

    private final FrameHeaderReader reader = new FrameHeaderReader();
    private final DatasetLayout layout;
    private final DatasetPreparation preparation;
    private final SortingLedger ledger;
    private final DeadLetters deadLetters;
    private final Path quarantineDir;
    private final Path droppedDir;
    private final List<CompiledRule> rules = new ArrayList<>();
    /** The cards set as FITS_ headers: the usual ones plus every card a rule names (not all ~300, which costs). */
    private final java.util.Set<String> exposedCards = new java.util.LinkedHashSet<>(STANDARD_CARDS);
    private static final List<String> STANDARD_CARDS = List.of("OBJECT", "INSTRUME", "FILTER", "OBSTYPE", "RLEVEL", "WCSERR", "PROPID",
            "SITEID", "TELESCOP", "EXPTIME", "DATE-OBS", "DAY-OBS", "MJD-OBS", "REQNUM");
    private static final java.util.regex.Pattern CARD_REFERENCE = java.util.regex.Pattern.compile("FITS_([A-Z0-9_]+)");

    public Sorter(Path reductionDir, Path defaultRedConfig, SortingLedger ledger, DeadLetters deadLetters, Path dataDir) {
        this.layout = new DatasetLayout(reductionDir);
        this.preparation = new DatasetPreparation(defaultRedConfig);
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.quarantineDir = dataDir.resolve("quarantine").resolve("sort-frame");
        this.droppedDir = dataDir.resolve("dropped");
    }

    /** Compiles the rules' predicates and reasons with the context's simple language (fails fast on a bad rule). */
    public void compile(CamelContext context, SortingRulesConfig config, String origin) {
        Language simple = context.resolveLanguage("simple");
        rules.clear();
        exposedCards.clear();
        exposedCards.addAll(STANDARD_CARDS);
        for (SortingRulesConfig.Rule rule : config.rules()) {
            var referenced = CARD_REFERENCE.matcher(rule.when() + " " + (rule.reason() == null ? "" : rule.reason()) + " "
                    + (rule.layout() == null ? "" : rule.layout()));
            while (referenced.find()) {
                String card = referenced.group(1);
                exposedCards.add(STANDARD_CARDS.contains(card.replace('_', '-')) ? card.replace('_', '-') : card);
            }
        }
        for (int i = 0; i < config.rules().size(); i++) {
            SortingRulesConfig.Rule rule = config.rules().get(i);
            try {
                rules.add(new CompiledRule(rule.name(), simple.createPredicate(rule.when()), rule.action(),
                        rule.reason() == null ? null : simple.createExpression(rule.reason()),
                        rule.layout() == null ? null : simple.createExpression(rule.layout())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(origin + ": rules[" + i + "] (" + rule.name() + "): " + e.getMessage(), e);
            }
        }
    }

    public void sort(Exchange exchange) throws IOException {
        Path file = Path.of(exchange.getIn().getHeader(Handoffs.PATH, String.class));
        String source = exchange.getIn().getHeader(Handoffs.SOURCE, "local", String.class);
        String naturalId = exchange.getIn().getHeader(Handoffs.NATURAL_ID, file.getFileName().toString(), String.class);
        String checksum = exchange.getIn().getHeader(Handoffs.CHECKSUM, String.class);
        Frame frame = new Frame(file, source, naturalId, checksum, exchange.getExchangeId());
        if (!Files.isRegularFile(file)) {
            LOG.warn("{} is gone before it could be sorted (sorted by another pass?)", file);
            return;
        }
        FrameHeader header;
        try {
            header = reader.read(file);
        } catch (FrameHeaderReader.UnreadableFrame unreadable) {
            decide(exchange, "unreadable", Action.QUARANTINE);
            quarantine(frame, "unreadable", unreadable.reason());
            return;
        }
        for (String key : exposedCards) {
            header.text(key).ifPresent(value -> exchange.getIn().setHeader("FITS_" + key.replace('-', '_'), typed(value)));
        }
        for (CompiledRule rule : rules) {
            if (rule.when().matches(exchange)) {
                String reason = rule.reason() == null ? "rule " + rule.name() : rule.reason().evaluate(exchange, String.class);
                decide(exchange, rule.name(), rule.action());
                switch (rule.action()) {
                    case DROP -> drop(frame, rule.name(), reason);
                    case QUARANTINE -> quarantine(frame, rule.name(), reason);
                    case PLACE -> place(exchange, frame, header, rule.name(),
                            rule.layout() == null ? layout.place(header) : layout.custom(rule.layout().evaluate(exchange, String.class)));
                }
                return;
            }
        }
        decide(exchange, "layout", Action.PLACE);
        place(exchange, frame, header, "layout", layout.place(header));
    }

    private void place(Exchange exchange, Frame frame, FrameHeader header, String rule, DatasetLayout.Placement placement) throws IOException {
        if (placement.problem().isPresent()) {
            decide(exchange, "layout", Action.QUARANTINE);
            quarantine(frame, "layout", placement.problem().get());
            return;
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
            exchange.getIn().setHeader(Handoffs.PATH, moved.get());
            exchange.getIn().setHeader(Handoffs.DATASET, datasetPath);
            LOG.info("{} -> {} (rule {})", frame.name(), datasetPath, rule);
        } else if (Files.exists(frame.file())) {
            ledger.waiting(frame.source(), frame.naturalId(), frame.name(), frame.checksum(), frame.file().toString(),
                    "waiting: dataset " + datasetPath + " is locked by a reduction");
            exchange.getIn().setHeader(DECISION, "WAIT");
            LOG.info("{} waits: dataset {} is locked by a reduction", frame.name(), datasetPath);
        } else {
            LOG.info("{} was sorted by a concurrent arrival of the same frame", frame.name());
        }
    }

    private void quarantine(Frame frame, String rule, String reason) throws IOException {
        Path moved = AtomicFiles.moveInto(frame.file(), quarantineDir);
        deadLetters.record("sort-frame", frame.name() + ": " + reason, moved.toString(), frame.exchangeId(), frame.source(), frame.naturalId());
        ledger.quarantined(frame.source(), frame.naturalId(), frame.name(), frame.checksum(), moved.toString(), rule, reason);
        LOG.warn("{} quarantined by rule {}: {}", frame.name(), rule, reason);
    }

    private void drop(Frame frame, String rule, String reason) throws IOException {
        Path moved = AtomicFiles.moveInto(frame.file(), droppedDir);
        ledger.dropped(frame.source(), frame.naturalId(), frame.name(), frame.checksum(), moved.toString(), rule, reason);
        LOG.info("{} dropped by rule {}: {}", frame.name(), rule, reason);
    }

    /** Numbers as numbers, so rules compare them as numbers ({@code ${header.FITS_EXPTIME} < 10.0}). */
    static Object typed(String value) {
        String v = value.trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }

    private static void decide(Exchange exchange, String rule, Action action) {
        exchange.getIn().setHeader(RULE, rule);
        exchange.getIn().setHeader(DECISION, action.name());
    }

    /** The headers of every frame that waits to be sorted again, for the {@code sort-pending} route. */
    public List<Map<String, Object>> pending() {
        return ledger.pending(java.time.Duration.ofMinutes(5)).stream()
                .map(p -> Map.<String, Object>of(Handoffs.PATH, p.path(), Handoffs.SOURCE, p.source(),
                        Handoffs.NATURAL_ID, p.naturalId(), Handoffs.CHECKSUM, p.checksum() == null ? "" : p.checksum()))
                .toList();
    }

    private record Frame(Path file, String source, String naturalId, String checksum, String exchangeId) {
        String name() {
            return file.getFileName().toString();
        }
    }
}
