package io.skyroute.tom;

import io.skyroute.ledger.UploadLedger;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.ops.SkyrouteMetrics;
import io.skyroute.pipeline.Checksums;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.pipeline.SubscriberOutcomes;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Route {@code tom-upload}: delivers one dataset's lightcurve (an {@link UploadRequest} in the body)
 * under the standard error policy — the TOM away or overloaded is retried with backoff, its refusals
 * and unknown or ambiguous targets go to the dead-letter table with the reason. Route
 * {@code tom-retry} sends again, on a schedule, every version the ledger holds as not delivered
 * (PENDING, or UNCERTAIN: reconciled first), so a TOM that is down for hours ends in delivery.
 */
public class TomRoutes extends RouteBuilder {

    public static final String UPLOAD = "direct:tom-upload";
    /** Where TOM delivery takes "lightcurve ready" (a {@link io.skyroute.pipeline.LightcurveReady}): delivered when the dataset asks. */
    public static final String LIGHTCURVE = "direct:tom-lightcurve";
    /** The subscriber's name in the outcomes of "lightcurve ready". */
    public static final String SUBSCRIBER = "tom";
    /** Sends every version the ledger holds as undelivered again (the retry timer's work, also run on demand). */
    public static final String RETRY_NOW = "direct:tom-retry-now";
    /** Offers the vouched-for lightcurves no one ever offered (done once at start-up, also on demand). */
    public static final String RECOVER_NOW = "direct:tom-recover-now";

    private final TomConnections connections;
    private final UploadLedger ledger;
    private final UploadRequests requests;
    private final java.util.function.Supplier<List<String>> vouchedFor;

    /**
     * @param vouchedFor the datasets whose current lightcurve their last reduction vouched for (the ledger's view):
     *                   at start-up, those whose lightcurve no one ever offered to the TOM are offered
     */
    public TomRoutes(TomConnections connections, UploadLedger ledger, UploadRequests requests, java.util.function.Supplier<List<String>> vouchedFor) {
        this.connections = connections;
        this.ledger = ledger;
        this.requests = requests;
        this.vouchedFor = vouchedFor;
    }

    @Override
    public void configure() {
        SkyrouteMetrics metrics = SkyrouteMetrics.of(getContext());
        from(UPLOAD)
                .routeId("tom-upload").routeGroup("tom")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(e -> {
                    UploadRequest request = e.getIn().getBody(UploadRequest.class);
                    try {
                        TomDelivery.Outcome outcome = connections.delivery(request.tomConfig())
                                .deliver(request.dataset(), request.lightcurve(), request.target(), request.label());
                        metrics.upload(outcome.action());
                        e.getIn().setBody(outcome);
                    } catch (RuntimeException failed) {
                        metrics.upload("failed");
                        throw failed;
                    }
                }).id("tom-deliver");

        from(LIGHTCURVE)
                .routeId("tom-lightcurve").routeGroup("tom")
                .filter(e -> requests.wanted(e.getIn().getBody(LightcurveReady.class).dataset().folder()))
                    .process(e -> {
                        LightcurveReady ready = e.getIn().getBody(LightcurveReady.class);
                        e.getIn().setBody(requests.forLightcurve(ready.dataset().folder(), ready.lightcurveCsv()));
                    }).id("tom-upload-request")
                    .to(UPLOAD).id("tom-lightcurve-deliver")
                    .process(e -> {
                        Throwable failure = e.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class);
                        SubscriberOutcomes outcomes = e.getProperty(Handoffs.SUBSCRIBER_OUTCOMES, SubscriberOutcomes.class);
                        if (outcomes == null) {
                            return;
                        }
                        if (failure != null) {
                            outcomes.failed(SUBSCRIBER, "TOM upload failed: " + failure.getMessage());
                        } else {
                            outcomes.succeeded(SUBSCRIBER, e.getIn().getBody());
                        }
                    }).id("tom-lightcurve-outcome")
                .end();

        from("timer:tom-retry?period={{skyroute.tom.retry-period-ms}}&delay={{skyroute.tom.retry-period-ms}}")
                .routeId("tom-retry").routeGroup("tom").autoStartup("{{skyroute.triggers.start}}")
                .to(RETRY_NOW);

        // a stop between "reduction succeeded" and "lightcurve ready" reaching this room leaves a version no one offered
        from("timer:tom-recover?repeatCount=1&delay=1000")
                .routeId("tom-recover").routeGroup("tom").autoStartup("{{skyroute.triggers.start}}")
                .to(RECOVER_NOW);

        from(RECOVER_NOW)
                .routeId("tom-recover-run").routeGroup("tom")
                .process(e -> e.getIn().setBody(neverOffered())).id("tom-find-never-offered")
                .filter(simple("${body.size} > 0"))
                    .log(LoggingLevel.WARN, "${body.size} lightcurve(s) were never offered to the TOM (a stop cut them off): offering them now")
                    .split(body())
                        .to(UPLOAD)
                    .end()
                .end();

        from(RETRY_NOW)
                .routeId("tom-retry-run").routeGroup("tom")
                .process(e -> e.getIn().setBody(ledger.undelivered().stream().map(UploadLedger.Entry::datasetPath).distinct()
                        .map(path -> requests.forDataset(Path.of(path))).flatMap(java.util.Optional::stream).toList()))
                .id("tom-find-undelivered")
                .split(body())
                    .to(UPLOAD)
                .end();
    }

    /** Upload requests for the vouched-for datasets that want uploads and whose current lightcurve has no upload row at all. */
    private List<UploadRequest> neverOffered() {
        List<UploadRequest> offers = new ArrayList<>();
        for (String path : vouchedFor.get()) {
            try {
                Path dataset = Path.of(path);
                if (!requests.wanted(dataset)) {
                    continue;
                }
                Optional<UploadRequest> request = requests.forDataset(dataset);
                if (request.isPresent() && !ledger.offered(dataset.toAbsolutePath().normalize().toString(), Checksums.sha256(request.get().lightcurve()))) {
                    offers.add(request.get());
                }
            } catch (IOException | RuntimeException unreadable) {
                log.warn("{}: not looked at for an unoffered lightcurve: {}", path, unreadable.getMessage());
            }
        }
        return offers;
    }
}
