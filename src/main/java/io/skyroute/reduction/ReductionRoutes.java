package io.skyroute.reduction;

import io.skyroute.config.ConfigException;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.ops.PermanentFailure;
import io.skyroute.tom.TomRoutes;
import io.skyroute.tom.UploadRequests;
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

    /** Header set after a reduction whose dataset asks for TOM uploads: the delivery's outcome, or the failure's message. */
    public static final String TOM_OUTCOME = "SkyrouteTomOutcome";

    private final DatasetReducer reducer;
    private final UploadRequests uploads;

    public ReductionRoutes(DatasetReducer reducer, UploadRequests uploads) {
        this.reducer = reducer;
        this.uploads = uploads;
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
                }).id("reduce-run-pipeline")
                // a new lightcurve of a dataset with tom.upload on goes to the TOM before the reduction counts as done
                .filter(e -> e.getIn().getBody(DatasetReducer.Outcome.class).result() != null
                        && uploads.wanted(e.getIn().getBody(DatasetReducer.Outcome.class).result().dataset()))
                    .setProperty("reduction", body())
                    .process(e -> {
                        AperturePipeline.Result result = e.getIn().getBody(DatasetReducer.Outcome.class).result();
                        Path lightcurve = result.products().stream().filter(p -> p.getFileName().toString().endsWith("_lc.csv")).findFirst()
                                .orElseThrow();
                        e.getIn().setBody(uploads.forLightcurve(result.dataset(), lightcurve));
                    }).id("reduce-upload-request")
                    // enrich: a delivery that fails (and is dead-lettered by tom-upload) must not end this route
                    .enrich(TomRoutes.UPLOAD, (original, delivery) -> {
                        Throwable failure = delivery.getException() != null ? delivery.getException()
                                : delivery.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class);
                        original.getIn().setHeader(TOM_OUTCOME, failure != null ? "TOM upload failed: " + failure.getMessage()
                                : delivery.getMessage().getBody());
                        original.getIn().setBody(original.getProperty("reduction"));
                        return original;
                    }).id("reduce-upload")
                .end();
    }
}
