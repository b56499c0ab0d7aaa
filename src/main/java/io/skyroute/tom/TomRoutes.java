package io.skyroute.tom;

import io.skyroute.ledger.UploadLedger;
import io.skyroute.ops.ErrorPolicies;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;

/**
 * Route {@code tom-upload}: delivers one dataset's lightcurve (an {@link UploadRequest} in the body)
 * under the standard error policy — the TOM away or overloaded is retried with backoff, its refusals
 * and unknown or ambiguous targets go to the dead-letter table with the reason. Route
 * {@code tom-retry} sends again, on a schedule, every version the ledger holds as not delivered
 * (PENDING, or UNCERTAIN: reconciled first), so a TOM that is down for hours ends in delivery.
 */
public class TomRoutes extends RouteBuilder {

    public static final String UPLOAD = "direct:tom-upload";

    private final TomConnections connections;
    private final UploadLedger ledger;
    private final UploadRequests requests;

    public TomRoutes(TomConnections connections, UploadLedger ledger, UploadRequests requests) {
        this.connections = connections;
        this.ledger = ledger;
        this.requests = requests;
    }

    @Override
    public void configure() {
        from(UPLOAD)
                .routeId("tom-upload")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(e -> {
                    UploadRequest request = e.getIn().getBody(UploadRequest.class);
                    e.getIn().setBody(connections.delivery(request.tomConfig())
                            .deliver(request.dataset(), request.lightcurve(), request.target(), request.label()));
                }).id("tom-deliver");

        from("timer:tom-retry?period={{skyroute.tom.retry-period-ms:900000}}&delay={{skyroute.tom.retry-period-ms:900000}}")
                .routeId("tom-retry")
                .process(e -> e.getIn().setBody(ledger.undelivered().stream().map(UploadLedger.Entry::datasetPath).distinct()
                        .map(path -> requests.forDataset(Path.of(path))).flatMap(java.util.Optional::stream).toList()))
                .id("tom-find-undelivered")
                .split(body())
                    .to(UPLOAD)
                .end();
    }
}
