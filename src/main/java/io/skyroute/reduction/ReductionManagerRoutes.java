package io.skyroute.reduction;

import io.skyroute.pipeline.Handoffs;

import io.skyroute.config.ReductionManagerConfig;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The reduction manager (the LCO pipeline's reduction_manager.py) as routes:
 * <ul>
 * <li>{@code reduce-manage} on its Quartz schedule, and {@code direct:reduce-manage-now} (the
 * {@code manage} command): the selected datasets, at most {@code max_parallel} reduced at once on a
 * bounded thread pool, each through {@code reduce-dataset}; a failing dataset is dead-lettered there
 * and the others go on. The reply is the list of {@link ManagedDataset}s.</li>
 * <li>{@code reduce-changed}: sorting reports each dataset that received a frame; {@code reduce-due}
 * reduces those that have been quiet for the debounce window, and puts one that is locked (being
 * reduced) back, so it is reduced again once the current run ends.</li>
 * </ul>
 */
public class ReductionManagerRoutes extends RouteBuilder {

    public static final String MANAGE = "direct:reduce-manage-now";
    public static final String CHANGED = Handoffs.DATASET_CHANGED;
    /** Header carrying the dataset path in {@value #CHANGED} (sorting sets it on every placed frame). */
    public static final String DATASET = Handoffs.DATASET;

    /** One dataset's outcome in a manager pass. */
    public record ManagedDataset(String dataset, DatasetReducer.Outcome outcome, String failure) {
    }

    private final ReductionManagerConfig config;
    private final DatasetSelector selector;
    private final ChangedDatasets changed;
    private final Clock clock;

    private final String dueEndpoint;
    private final java.util.function.Supplier<List<String>> cutOff;

    public ReductionManagerRoutes(ReductionManagerConfig config, DatasetSelector selector, ChangedDatasets changed, Clock clock) {
        this(config, selector, changed, clock, "direct:reduce-each", List::of);
    }

    /**
     * @param dueEndpoint where datasets that came due go: reduced here ({@code direct:reduce-each}) or queued for the cluster's workers
     * @param cutOff      the datasets whose reduction a stop cut off (the ledger's view), marked changed once at start-up
     */
    public ReductionManagerRoutes(ReductionManagerConfig config, DatasetSelector selector, ChangedDatasets changed, Clock clock, String dueEndpoint,
                                  java.util.function.Supplier<List<String>> cutOff) {
        this.config = config;
        this.selector = selector;
        this.changed = changed;
        this.clock = clock;
        this.dueEndpoint = dueEndpoint;
        this.cutOff = cutOff;
    }

    @Override
    public void configure() {
        ExecutorService pool = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "reduce-pool", Math.max(1, config.maxParallel()));

        from("quartz:reduction/manage?cron={{skyroute.schedules.reduce-manage}}&stateful=true&trigger.misfireInstruction=2")
                .routeId("reduce-manage").routeGroup("reduction").autoStartup("{{skyroute.triggers.start}}")
                .to(MANAGE);

        from(MANAGE)
                .routeId("reduce-manage-run").routeGroup("reduction")
                .process(e -> e.getIn().setBody(selector.select(config).stream().map(Path::toString).toList())).id("reduce-select")
                .log("reduction manager: ${body.size} dataset(s) selected (group " + DatasetSelector.describe(config)
                        + ", at most " + config.maxParallel() + " at once)")
                .to("direct:reduce-each");

        from("direct:reduce-each")
                .routeId("reduce-each").routeGroup("reduction")
                .split(body(), new Outcomes()).parallelProcessing().executorService(pool)
                    .to(ReductionRoutes.REDUCE).id("reduce-one")
                .end();

        from(CHANGED)
                .routeId("reduce-changed").routeGroup("reduction")
                .process(e -> changed.changed(e.getIn().getHeader(DATASET, String.class), clock.instant())).id("reduce-mark-changed");

        // the marks above live in memory: after a stop, the ledger says which datasets still wait for their new frames
        from("timer:reduce-recover?repeatCount=1&delay={{skyroute.reduction.due-check-ms}}")
                .routeId("reduce-recover").routeGroup("reduction").autoStartup("{{skyroute.triggers.ingest}}")
                .process(e -> {
                    List<String> behind = cutOff.get();
                    behind.forEach(dataset -> changed.changed(dataset, clock.instant()));
                    e.getIn().setBody(behind.size());
                }).id("reduce-mark-cut-off")
                .filter(simple("${body} > 0"))
                    .log(LoggingLevel.WARN, "${body} dataset(s) have frames their last reduction did not see (a stop cut it off): reducing them again")
                .end();

        Duration debounce = Duration.ofMillis(Long.parseLong(getContext().resolvePropertyPlaceholders("{{skyroute.reduction.debounce-ms}}")));
        from("timer:reduce-due?period={{skyroute.reduction.due-check-ms}}&delay={{skyroute.reduction.due-check-ms}}")
                .routeId("reduce-due").routeGroup("reduction").autoStartup("{{skyroute.triggers.ingest}}")
                .process(e -> e.getIn().setBody(changed.due(clock.instant(), debounce))).id("reduce-take-due")
                .filter(simple("${body.size} > 0"))
                    .to(dueEndpoint)
                    .process(e -> requeueLocked(e.getIn().getBody(List.class))).id("reduce-requeue-locked")
                .end();
    }

    /** A dataset that was locked when it came due is marked again: the holder's run did not see its new frames. */
    private void requeueLocked(List<?> outcomes) {
        for (Object o : outcomes) {
            if (o instanceof ManagedDataset m && m.outcome() != null && m.outcome().locked()) {
                changed.changed(m.dataset(), clock.instant());
            }
        }
    }

    /** Collects each split part's outcome (or failure) into the reply list. */
    private static final class Outcomes implements AggregationStrategy {
        @Override
        public Exchange aggregate(Exchange collected, Exchange part) {
            Exchange target = collected == null ? part : collected;
            @SuppressWarnings("unchecked")
            List<ManagedDataset> list = collected == null ? new ArrayList<>() : collected.getIn().getBody(List.class);
            Throwable failure = part.getException() != null ? part.getException() : part.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            Object body = part.getIn().getBody();
            synchronized (list) {
                if (body instanceof DatasetReducer.Outcome outcome) {
                    list.add(new ManagedDataset(outcome.dataset(), outcome, null));
                } else {
                    list.add(new ManagedDataset(String.valueOf(body), null, failure == null ? "no result" : String.valueOf(failure.getMessage())));
                }
            }
            part.setException(null);
            target.getIn().setBody(list);
            return target;
        }
    }
}
