package io.skyroute.sorting;

import io.skyroute.pipeline.Handoffs;

import io.skyroute.ops.ErrorPolicies;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;

/**
 * Route {@code sort-frame} sorts every landed frame: its header read ({@link FrameHeaderReader}), the rules
 * applied ({@link SortingRules}), the decision carried out ({@link Sorter}); route {@code sort-pending} sorts
 * again, periodically, frames that wait for a locked dataset or were cut off by a stop.
 */
public class SortingRoutes extends RouteBuilder {

    public static final String SORT = Handoffs.SORT_FRAME;
    /** Sorts every pending frame now (the timer does this every minute). */
    public static final String PENDING = "direct:sort-pending-now";

    private final Sorter sorter;
    private final io.skyroute.config.SortingRulesConfig rules;
    private final String rulesOrigin;

    public SortingRoutes(Sorter sorter, io.skyroute.config.SortingRulesConfig rules, String rulesOrigin) {
        this.sorter = sorter;
        this.rules = rules;
        this.rulesOrigin = rulesOrigin;
    }

    @Override
    public void configure() {
        SortingRules compiled = SortingRules.compile(getContext(), rules, rulesOrigin);
        FrameHeaderReader reader = new FrameHeaderReader();
        io.skyroute.ops.SkyrouteMetrics metrics = io.skyroute.ops.SkyrouteMetrics.of(getContext());
        Processor sortOne = exchange -> {
            Path file = Path.of(exchange.getIn().getHeader(Handoffs.PATH, String.class));
            Sorter.Frame frame = new Sorter.Frame(file, exchange.getIn().getHeader(Handoffs.SOURCE, "local", String.class),
                    exchange.getIn().getHeader(Handoffs.NATURAL_ID, file.getFileName().toString(), String.class),
                    exchange.getIn().getHeader(Handoffs.CHECKSUM, String.class), exchange.getExchangeId());
            if (!Files.isRegularFile(file)) {
                java.util.Optional<Sorter.Outcome> recovered = sorter.recoverPlaced(frame);
                if (recovered.isPresent() && recovered.get().dataset() != null) {
                    exchange.getIn().setHeader(Sorter.RULE, recovered.get().rule());
                    exchange.getIn().setHeader(Sorter.DECISION, recovered.get().action());
                    exchange.getIn().setHeader(Handoffs.PATH, recovered.get().path().toString());
                    exchange.getIn().setHeader(Handoffs.DATASET, recovered.get().dataset());
                } else if (recovered.isEmpty()) {
                    LoggerFactory.getLogger(SortingRoutes.class).warn("{} is gone before it could be sorted (sorted by another pass?)", file);
                }
                return;
            }
            Sorter.Outcome outcome;
            try {
                FrameHeader header = reader.read(file);
                outcome = sorter.apply(frame, header, compiled.decide(exchange, header));
            } catch (FrameHeaderReader.UnreadableFrame unreadable) {
                outcome = sorter.unreadable(frame, unreadable.reason());
            }
            metrics.frameSorted(frame.source(), outcome.action().toLowerCase(java.util.Locale.ROOT));
            if (io.skyroute.config.SortingRulesConfig.Action.QUARANTINE.name().equals(outcome.action())) {
                metrics.frameQuarantined("sort-frame");
                metrics.deadLetter("sort-frame"); // the sorter records its quarantines as dead letters itself
            }
            exchange.getIn().setHeader(Sorter.RULE, outcome.rule());
            exchange.getIn().setHeader(Sorter.DECISION, outcome.action());
            if (outcome.dataset() != null) {
                exchange.getIn().setHeader(Handoffs.PATH, outcome.path().toString());
                exchange.getIn().setHeader(Handoffs.DATASET, outcome.dataset());
            }
        };

        from(SORT)
                .routeId("sort-frame").routeGroup("sorting")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(sortOne).id("sort-decide-and-move")
                // the reduction manager re-reduces a dataset once its new frames stop arriving
                .filter(header(Handoffs.DATASET).isNotNull())
                    .to(Handoffs.DATASET_CHANGED).id("sort-tell-reduction")
                .end();

        from("timer:sort-pending?period={{skyroute.sort.pending-period-ms}}&delay={{skyroute.sort.pending-period-ms}}")
                .routeId("sort-pending").routeGroup("sorting").autoStartup("{{skyroute.triggers.start}}")
                .to(PENDING);

        from(PENDING)
                .routeId("sort-pending-run").routeGroup("sorting")
                .split(method(sorter, "pending(" + Long.parseLong(getContext().resolvePropertyPlaceholders("{{skyroute.sort.pending-settle-ms}}")) + ")"))
                    .process(e -> e.getIn().setHeaders(e.getIn().getBody(Map.class)))
                    .to(SORT)
                .end();
    }
}
