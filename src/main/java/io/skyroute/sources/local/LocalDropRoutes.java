package io.skyroute.sources.local;

import io.skyroute.ledger.FrameLedger;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.pipeline.Handoffs;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;

/**
 * Route {@code local-drop}: files put into the drop folder are taken once they have stopped growing,
 * landed in the download folder and recorded in the frame list (source {@code local}), under a safe name. Dot-files
 * (temporary names) are never taken, and what is left is said in the log ({@link DropFolderFilter}). Route {@code local-recover} records, at start and then periodically,
 * any landed file the frame list lacks (see {@link LocalLanding}).
 */
public class LocalDropRoutes extends RouteBuilder {

    public static final String SOURCE = "local";
    private static final String FILTER_BEAN = "skyrouteDropFolderFilter";

    private final LocalLanding landing;

    public LocalDropRoutes(Path downloadDir, FrameLedger ledger) {
        this.landing = new LocalLanding(downloadDir.resolve(SOURCE), ledger);
    }

    @Override
    public void configure() {
        io.skyroute.ops.SkyrouteMetrics metrics = io.skyroute.ops.SkyrouteMetrics.of(getContext());
        getContext().getRegistry().bind(FILTER_BEAN, new DropFolderFilter(java.time.Clock.systemUTC()));
        // readLockMinLength=0: an empty file is taken too, to be quarantined with its reason rather than left forever
        from("file:{{skyroute.drop.folder}}?noop=true&idempotent=false&readLock=changed&readLockMinLength=0"
                + "&readLockMinAge={{skyroute.drop.min-age-ms}}&readLockCheckInterval=250&delay={{skyroute.drop.poll-ms}}"
                + "&includeHiddenFiles=true&filter=#" + FILTER_BEAN)
                .routeId("local-drop").routeGroup("sources").autoStartup("{{skyroute.triggers.ingest}}")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(e -> {
                    long started = System.nanoTime();
                    metrics.framesFound(SOURCE, SOURCE, 1);
                    landing.land(e);
                    metrics.frameDownloaded(SOURCE, SOURCE, e.getIn().getBody(java.io.File.class).length(),
                            java.time.Duration.ofNanos(System.nanoTime() - started));
                }).id("local-drop-land")
                .log("Landed ${header.SkyrouteFramePath} from the drop folder (${header.SkyrouteArrival})")
                .to(Handoffs.FRAME_LANDED);

        from("timer:local-recover?delay=2000&period={{skyroute.drop.recover-period-ms}}")
                .routeId("local-recover").routeGroup("sources").autoStartup("{{skyroute.triggers.ingest}}")
                .split(method(landing, "unrecorded"))
                    .doTry()
                        .process(landing::recover).id("local-recover-record")
                        .to(Handoffs.FRAME_LANDED)
                    .doCatch(Exception.class)
                        .log(org.apache.camel.LoggingLevel.WARN, "local-recover: ${body}: ${exception.message}; tried again next period")
                    .end()
                .end();
    }
}
