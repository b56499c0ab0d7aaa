package io.skyroute.sorting;

import io.skyroute.pipeline.Handoffs;

import io.skyroute.ops.ErrorPolicies;
import org.apache.camel.builder.RouteBuilder;

import java.util.Map;

/**
 * Route {@code sort-frame} sorts every landed frame ({@link Sorter}); route {@code sort-pending} sorts
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
        sorter.compile(getContext(), rules, rulesOrigin);

        from(SORT)
                .routeId("sort-frame").routeGroup("sorting")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(sorter::sort).id("sort-decide-and-move")
                // the reduction manager re-reduces a dataset once its new frames stop arriving
                .filter(header(Handoffs.DATASET).isNotNull())
                    .to(Handoffs.DATASET_CHANGED).id("sort-tell-reduction")
                .end();

        from("timer:sort-pending?period={{skyroute.sort.pending-period-ms}}&delay={{skyroute.sort.pending-period-ms}}")
                .routeId("sort-pending").routeGroup("sorting").autoStartup("{{skyroute.triggers.start}}")
                .to(PENDING);

        from(PENDING)
                .routeId("sort-pending-run").routeGroup("sorting")
                .split(method(sorter, "pending"))
                    .process(e -> e.getIn().setHeaders(e.getIn().getBody(Map.class)))
                    .to(SORT)
                .end();
    }
}
