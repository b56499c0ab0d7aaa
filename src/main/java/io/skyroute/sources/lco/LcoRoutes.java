package io.skyroute.sources.lco;

import io.skyroute.ledger.FrameListRepository;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.sources.AuthenticationFailure;
import io.skyroute.sources.FrameHeaders;
import io.skyroute.sources.LandedFrameRoutes;
import io.skyroute.sources.PassReport;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;

import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The LCO archive source:
 * <ul>
 * <li>{@code lco-poll} (Quartz, non-overlapping) and {@code lco-reconcile} (nightly, requeues failed
 * frames over a longer look-back) both run a pass,</li>
 * <li>{@code lco-pass} lists every active archive and returns a {@link PassReport},</li>
 * <li>{@code lco-list} lists one archive and admits each frame through the frame list,</li>
 * <li>{@code lco-download} fetches, verifies and lands one frame, then hands it on.</li>
 * </ul>
 */
public class LcoRoutes extends RouteBuilder {

    public static final String PASS = "direct:lco-pass";
    /** Exchange property: true for a reconcile pass. */
    public static final String RECONCILE = "SkyrouteReconcile";
    private static final String WINDOW = "SkyrouteLcoWindow";
    private static final String FRAME = "SkyrouteLcoFrame";

    private final LcoSource source;
    private final FrameListRepository frameList;

    public LcoRoutes(LcoSource source, FrameListRepository frameList) {
        this.source = source;
        this.frameList = frameList;
    }

    @Override
    public void configure() throws Exception {
        ExecutorService downloads = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "lco-download", source.config().maxParallelDownloads());
        getContext().getRegistry().bind("lcoArchiveStates", source.archiveStates());
        HealthCheckRegistry health = HealthCheckRegistry.get(getContext());
        if (health != null) {
            health.register(new ArchiveHealthCheck(source.archiveStates()));
        }
        getContext().addService(source, true, true); // closes its HTTP connections with the context
        getContext().addStartupListener((context, alreadyStarted) -> {
            if (context.getManagementStrategy().getManagementAgent() != null) {
                context.getManagementStrategy().manageObject(source.archiveStates());
            }
        });

        from("quartz:lco/poll?cron={{skyroute.schedules.lco-poll}}&stateful=true")
                .routeId("lco-poll")
                .to(PASS);

        from("quartz:lco/reconcile?cron={{skyroute.schedules.lco-reconcile}}&stateful=true")
                .routeId("lco-reconcile")
                .setProperty(RECONCILE, constant(true))
                .setProperty(FrameListRepository.REQUEUE_FAILED, constant(true))
                .to(PASS);

        from(PASS)
                .routeId("lco-pass")
                .process(this::startPass)
                .split(method(source, "archivesToPoll"))
                    .to("direct:lco-list")
                .end()
                .process(e -> source.exportFrameList()).id("lco-export-frame-list")
                .process(this::finishPass)
                .log("LCO pass (${exchangeProperty.SkyrouteLcoWindow}): ${body}");

        from("direct:lco-list")
                .routeId("lco-list")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .setHeader(FrameHeaders.SOURCE, body())
                .process(this::listArchive).id("lco-list-frames")
                .split(body()).parallelProcessing().executorService(downloads)
                    .process(this::describeFrame)
                    .idempotentConsumer(simple("${header." + FrameHeaders.SOURCE + "}|${header." + FrameHeaders.NATURAL_ID
                            + "}|${header." + FrameHeaders.CHECKSUM + "}"), frameList).eager(true).removeOnFailure(true)
                        .process(e -> report(e).addFresh())
                        .to("direct:lco-download")
                    .end()
                .end();

        from("direct:lco-download")
                .routeId("lco-download")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(this::download).id("lco-download-fetch")
                .to(LandedFrameRoutes.LANDED);
    }

    private void startPass(Exchange exchange) {
        boolean reconcile = exchange.getProperty(RECONCILE, false, Boolean.class);
        if (exchange.getProperty(PassReport.PROPERTY) == null) {
            exchange.setProperty(PassReport.PROPERTY, new PassReport(null));
        }
        LcoSource.Window window = source.window(reconcile);
        exchange.setProperty(WINDOW, window);
    }

    private void finishPass(Exchange exchange) {
        PassReport report = report(exchange);
        exchange.getIn().setBody(report);
    }

    private void listArchive(Exchange exchange) throws Exception {
        String archive = exchange.getIn().getHeader(FrameHeaders.SOURCE, String.class);
        exchange.getIn().setHeader(FrameHeaders.PAYLOAD_REF, "the " + archive + " archive's frame list");
        try {
            List<LcoFrame> frames = source.list(archive, exchange.getProperty(WINDOW, LcoSource.Window.class));
            report(exchange).addFound(frames.size());
            exchange.getIn().setBody(frames);
        } catch (AuthenticationFailure refused) {
            source.archiveStates().markFailed(archive, refused.getMessage());
            report(exchange).addArchiveFailed();
            throw refused;
        }
    }

    private void describeFrame(Exchange exchange) {
        LcoFrame frame = exchange.getIn().getBody(LcoFrame.class);
        String archive = exchange.getIn().getHeader(FrameHeaders.SOURCE, String.class);
        exchange.getIn().setHeader(FrameHeaders.NATURAL_ID, String.valueOf(frame.id()));
        exchange.getIn().setHeader(FrameHeaders.CHECKSUM, frame.md5().orElse(""));
        exchange.getIn().setHeader(FrameHeaders.PAYLOAD_REF, frame.describe(archive));
        exchange.setProperty(FRAME, frame);
    }

    private void download(Exchange exchange) throws Exception {
        LcoFrame frame = exchange.getProperty(FRAME, LcoFrame.class);
        String archive = exchange.getIn().getHeader(FrameHeaders.SOURCE, String.class);
        boolean retry = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) > 0;
        var path = source.download(archive, frame, retry, report(exchange));
        exchange.getIn().setHeader(FrameHeaders.PATH, path.toString());
        exchange.getIn().setBody(path.toFile());
    }

    static PassReport report(Exchange exchange) {
        PassReport report = exchange.getProperty(PassReport.PROPERTY, PassReport.class);
        return report != null ? report : new PassReport(null);
    }
}
