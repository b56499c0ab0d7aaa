package io.skyroute.analysis;

import io.skyroute.ops.ErrorPolicies;
import io.skyroute.ops.SkyrouteMetrics;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.pipeline.SubscriberOutcomes;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The analysis room's routes. {@code analysis-lightcurve} subscribes to "lightcurve ready" (beside TOM
 * delivery) and hands the lightcurve to {@code analysis-run}, which analyses it under the standard error
 * policy (a file that cannot be read is a permanent failure: dead letter with the reason), records it in
 * the ledger, writes its page and rewrites the summary pages; what it made of it goes into the
 * subscribers' outcomes. {@code analysis-summaries} writes the summary pages once at start, so the
 * dashboard is there before the first new lightcurve.
 */
public class AnalysisRoutes extends RouteBuilder {

    /** Where analysis takes "lightcurve ready" (a {@link LightcurveReady}). */
    public static final String LIGHTCURVE = "direct:analysis-lightcurve";
    /** Analyses the {@link LightcurveSubject} (or lightcurve file path) in the body. */
    public static final String RUN = "direct:analysis-run";
    /** Header: true to analyse even when the file is unchanged since its last analysis. */
    public static final String FORCE = "SkyrouteAnalysisForce";
    public static final String SUBSCRIBER = "analysis";

    private final AnalysisService service;

    public AnalysisRoutes(AnalysisService service) {
        this.service = service;
    }

    @Override
    public void configure() {
        SkyrouteMetrics metrics = SkyrouteMetrics.of(getContext());
        from(LIGHTCURVE)
                .routeId("analysis-lightcurve").routeGroup("analysis")
                .process(e -> e.getIn().setBody(LightcurveSubject.of(e.getIn().getBody(LightcurveReady.class)))).id("analysis-subject")
                .to(RUN).id("analysis-lightcurve-run")
                .process(e -> {
                    Throwable failure = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                    SubscriberOutcomes outcomes = e.getProperty(Handoffs.SUBSCRIBER_OUTCOMES, SubscriberOutcomes.class);
                    if (outcomes == null) {
                        return;
                    }
                    if (failure != null) {
                        outcomes.failed(SUBSCRIBER, "analysis failed: " + failure.getMessage());
                    } else {
                        outcomes.succeeded(SUBSCRIBER, e.getIn().getBody());
                    }
                }).id("analysis-lightcurve-outcome");

        from(RUN)
                .routeId("analysis-run").routeGroup("analysis")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(e -> {
                    Object body = e.getIn().getBody();
                    LightcurveSubject subject = body instanceof LightcurveSubject s ? s : LightcurveSubject.ofFile(Path.of(e.getIn().getBody(String.class)));
                    e.getIn().setHeader(Handoffs.PAYLOAD_REF, subject.file().toString());
                    long started = System.nanoTime();
                    AnalysisService.Outcome outcome = service.analyse(subject, e.getIn().getHeader(FORCE, false, Boolean.class));
                    if (outcome.analysed()) {
                        Duration took = Duration.ofNanos(System.nanoTime() - started);
                        outcome.rows().forEach(row -> metrics.lightcurveAnalysed(row.statistics().kind().label(), took));
                        service.writeSummaries();
                    }
                    e.getIn().setBody(outcome);
                }).id("analysis-analyse");

        from("timer:analysis-summaries?repeatCount=1&delay=1000")
                .routeId("analysis-summaries").routeGroup("analysis").autoStartup("{{skyroute.triggers.start}}")
                .process(e -> service.writeSummaries()).id("analysis-write-summaries");
    }
}
