package io.skyroute.reduction;

import io.skyroute.config.ConfigException;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.ops.PermanentFailure;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;

/**
 * Route {@code reduce-dataset}: reduces the dataset folder named in the body (a path) under its lock.
 * A locked dataset is not an error (the outcome says who holds it); a bad configuration or dataset is
 * a permanent failure (dead letter with the reason, no retry); I/O trouble is retried by the policy.
 */
public class ReductionRoutes extends RouteBuilder {

    public static final String REDUCE = "direct:reduce-dataset";
    /** Header: true to measure every frame again, not only new ones. */
    public static final String UPDATE_PHOTOMETRY = "SkyrouteUpdatePhotometry";

    private final DatasetReducer reducer;

    public ReductionRoutes(DatasetReducer reducer) {
        this.reducer = reducer;
    }

    @Override
    public void configure() {
        from(REDUCE)
                .routeId("reduce-dataset")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(exchange -> {
                    Path dataset = Path.of(exchange.getIn().getBody(String.class));
                    boolean update = exchange.getIn().getHeader(UPDATE_PHOTOMETRY, false, Boolean.class);
                    try {
                        exchange.getIn().setBody(reducer.reduce(dataset, update));
                    } catch (ConfigException | IllegalArgumentException | io.skyroute.photometry.BadImage e) {
                        throw new PermanentFailure(dataset + ": " + e.getMessage(), e);
                    }
                }).id("reduce-run-pipeline");
    }
}
