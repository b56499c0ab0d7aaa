package io.skyroute.timetag;

import io.skyroute.ops.ErrorPolicies;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.pipeline.SubscriberOutcomes;
import org.apache.camel.builder.RouteBuilder;

/**
 * The time-tag room's routes: {@code timetag-scan} looks at the ingest folder every {@code scan_period_ms}
 * and hands over to {@code timetag-ingest} (standard error policy), which ingests what is there and
 * publishes each rebuilt composite as "lightcurve ready" (analysis and the dashboard take it; TOM delivery
 * only when asked for the folder), one {@code timetag-publish} exchange each.
 */
public class TimetagRoutes extends RouteBuilder {

    public static final String INGEST = "direct:timetag-ingest";
    private static final String PUBLISH = "direct:timetag-publish";

    private final TimetagIngest ingest;

    public TimetagRoutes(TimetagIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public void configure() {
        from("timer:timetag-scan?period={{skyroute.timetag.scan-period-ms}}&delay=2000")
                .routeId("timetag-scan").routeGroup("timetag").autoStartup("{{skyroute.triggers.start}}")
                .to(INGEST);

        from(INGEST)
                .routeId("timetag-ingest").routeGroup("timetag")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .setHeader(Handoffs.PAYLOAD_REF, constant("the time-tag ingest folder"))
                .process(e -> e.getIn().setBody(ingest.ingestAll())).id("timetag-ingest-folder")
                .setProperty("timetagResult", body())
                .split(simple("${body.composites}"))
                    .to(PUBLISH)
                .end()
                .setBody(exchangeProperty("timetagResult"));

        from(PUBLISH)
                .routeId("timetag-publish").routeGroup("timetag")
                .setProperty(Handoffs.SUBSCRIBER_OUTCOMES, () -> new SubscriberOutcomes())
                .process(e -> e.getIn().setHeader(Handoffs.PAYLOAD_REF, e.getIn().getBody(LightcurveReady.class).dataset().toString()))
                .to(Handoffs.LIGHTCURVE_READY).id("timetag-publish-lightcurve");
    }
}
