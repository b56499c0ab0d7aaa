package io.skyroute.reduction;

import io.skyroute.config.ConfigException;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.ops.SkyrouteMetrics;
import io.skyroute.pipeline.Dataset;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.SubscriberOutcomes;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Route {@code reduce-dataset}: reduces the dataset folder named in the body (a path) under its lock.
 * A locked dataset is not an error (the outcome says who holds it); a bad configuration or dataset is
 * a permanent failure (dead letter with the reason, no retry); I/O trouble is retried by the policy.
 * A new lightcurve is published as "lightcurve ready" ({@link Handoffs#LIGHTCURVE_READY}, route
 * {@code reduce-publish}): each subscriber (TOM delivery, analysis, ...) gets it in turn, before the
 * reduction counts as done; what each made of it is on the exchange ({@link Handoffs#SUBSCRIBER_OUTCOMES}),
 * and a subscriber that fails never undoes the reduction.
 */
public class ReductionRoutes extends RouteBuilder {

    public static final String REDUCE = "direct:reduce-dataset";
    /** Header: true to measure every frame again, not only new ones. */
    public static final String UPDATE_PHOTOMETRY = "SkyrouteUpdatePhotometry";

    /** A subscriber of "lightcurve ready": its name (for the outcomes) and the endpoint it consumes from. */
    public record Subscriber(String name, String endpoint) {
    }

    private final DatasetReducer reducer;
    private final List<Subscriber> subscribers;

    public ReductionRoutes(DatasetReducer reducer, List<Subscriber> subscribers) {
        this.reducer = reducer;
        this.subscribers = List.copyOf(subscribers);
    }

    @Override
    public void configure() throws Exception {
        SkyrouteMetrics metrics = SkyrouteMetrics.of(getContext());
        getContext().addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                reducer.close(); // the stored tables' folders are no longer watched
            }
        }, true, true);
        from(REDUCE)
                .routeId("reduce-dataset").routeGroup("reduction")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(exchange -> {
                    Path dataset = Path.of(exchange.getIn().getBody(String.class));
                    boolean update = exchange.getIn().getHeader(UPDATE_PHOTOMETRY, false, Boolean.class);
                    long started = System.nanoTime();
                    String outcome = "failed";
                    try {
                        DatasetReducer.Outcome reduced = reducer.reduce(dataset, update);
                        exchange.getIn().setBody(reduced);
                        outcome = reduced.result() == null ? "skipped" : reduced.result().quality().passed() ? "passed" : "needs-attention";
                    } catch (ConfigException | IllegalArgumentException | io.skyroute.photometry.fits.BadImage e) {
                        throw new PermanentFailure(dataset + ": " + e.getMessage(), e);
                    } finally {
                        metrics.reduction(Dataset.of(dataset).label(), outcome, Duration.ofNanos(System.nanoTime() - started));
                    }
                }).id("reduce-run-pipeline")
                .filter(e -> e.getIn().getBody(DatasetReducer.Outcome.class).result() != null)
                    .choice()
                        // a lightcurve that failed its own checks is kept and flagged, recorded, and never published
                        .when(e -> !e.getIn().getBody(DatasetReducer.Outcome.class).result().quality().passed())
                            .process(e -> {
                                AperturePipeline.Result r = e.getIn().getBody(DatasetReducer.Outcome.class).result();
                                e.getIn().setHeader(Handoffs.PAYLOAD_REF, r.dataset().toString());
                                e.getContext().getRegistry().lookupByNameAndType("deadLetterRecorder", io.skyroute.ops.DeadLetterRecorder.class)
                                        .recordReason(e, r.dataset() + " needs attention: " + r.attention());
                            }).id("reduce-needs-attention")
                        .otherwise()
                            .setProperty("reduction", body())
                            .setProperty(Handoffs.SUBSCRIBER_OUTCOMES, () -> new SubscriberOutcomes())
                            .process(e -> e.getIn().setBody(ready(e.getIn().getBody(DatasetReducer.Outcome.class).result())))
                            .to(Handoffs.LIGHTCURVE_READY).id("reduce-publish-lightcurve")
                            .setBody(exchangeProperty("reduction"))
                    .end()
                .end();

        var publish = from(Handoffs.LIGHTCURVE_READY).routeId("reduce-publish").routeGroup("reduction")
                .process(e -> metrics.lightcurvePublished()).id("reduce-count-published");
        for (Subscriber subscriber : subscribers) {
            // enrich: the subscriber works on a copy; a failure is recorded as its outcome and goes no further
            publish = publish.enrich(subscriber.endpoint(), (original, delivered) -> {
                Throwable failure = delivered.getException() != null ? delivered.getException()
                        : delivered.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                if (failure != null) {
                    original.getProperty(Handoffs.SUBSCRIBER_OUTCOMES, SubscriberOutcomes.class).failed(subscriber.name(),
                            subscriber.name() + " failed: " + failure.getMessage());
                }
                return original;
            }, true).id("reduce-publish-to-" + subscriber.name());   // aggregate on exception: else Camel hands the failure on and skips the rest
        }
    }

    private static LightcurveReady ready(AperturePipeline.Result result) {
        Path csv = result.products().stream().filter(p -> p.getFileName().toString().endsWith("_lc.csv")).findFirst().orElseThrow();
        Path provenance = result.products().stream().filter(p -> p.getFileName().toString().equals(Dataset.PROVENANCE_FILE)).findFirst()
                .orElse(Dataset.of(result.dataset()).provenance());
        return new LightcurveReady(Dataset.of(result.dataset()), result.target(), result.filter(), csv, result.products(), provenance);
    }
}
