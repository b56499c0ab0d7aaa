package io.skyroute.sources;

import io.skyroute.ledger.FrameLedger;
import io.skyroute.ledger.FrameListRepository;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.ops.SkyrouteMetrics;
import io.skyroute.ops.ProgressLog;
import io.skyroute.pipeline.AuthenticationFailure;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.ops.ListingHealthCheck;
import io.skyroute.pipeline.PassReport;
import org.apache.camel.Exchange;
import org.apache.camel.Service;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The source template: the routes every {@link FrameSource} gets, so that no source re-implements the
 * landing contract.
 * <ul>
 * <li>{@code <name>-poll} (Quartz, non-overlapping) and, when the source has one, {@code <name>-reconcile}
 * (a longer window; failed items requeued) run a pass; both start only in the daemon
 * ({@code {{skyroute.triggers.start}}});</li>
 * <li>{@code <name>-pass} lists every feed and returns a {@link PassReport};</li>
 * <li>{@code <name>-list} lists one feed and admits each item through the frame list (key
 * {@code feed|id|checksum}; admission counts the first try);</li>
 * <li>{@code <name>-download} fetches one item verified into place (a redelivery counts its own try),
 * records it as downloaded only after the rename, and hands frames to sorting ({@link Handoffs#FRAME_LANDED}).</li>
 * </ul>
 * Listing and fetching run under the standard error policy.
 */
public class SourceRoutes extends RouteBuilder {

    /** Exchange property: true for a reconcile pass. */
    public static final String RECONCILE = "SkyrouteReconcile";
    private static final String ITEM = "SkyrouteSourceItem";

    private final FrameSource source;
    private final FrameListRepository frameList;
    private final FrameLedger frames;
    private SkyrouteMetrics metrics;

    public SourceRoutes(FrameSource source, FrameListRepository frameList, FrameLedger frames) {
        this.source = source;
        this.frameList = frameList;
        this.frames = frames;
    }

    /** The endpoint that runs one pass of the named source now (what {@code skyroute download} sends to). */
    public static String passOf(String sourceName) {
        return "direct:" + sourceName + "-pass";
    }

    @Override
    public void configure() throws Exception {
        String name = source.name();
        metrics = SkyrouteMetrics.of(getContext());
        ExecutorService fetchers = getContext().getExecutorServiceManager().newFixedThreadPool(this, name + "-download",
                Math.max(1, source.parallelFetches()));
        ListingHealthCheck.registerIn(getContext());
        if (source instanceof Service service) {
            getContext().addService(service, true, true); // closes its connections with the context
        }

        from("quartz:" + name + "/poll?cron=" + source.pollSchedule() + "&stateful=true&trigger.misfireInstruction=2")
                .routeId(name + "-poll").routeGroup("sources").autoStartup("{{skyroute.triggers.ingest}}")
                .to(passOf(name));

        source.reconcileSchedule().ifPresent(cron -> from("quartz:" + name + "/reconcile?cron=" + cron + "&stateful=true&trigger.misfireInstruction=2")
                .routeId(name + "-reconcile").routeGroup("sources").autoStartup("{{skyroute.triggers.ingest}}")
                .setProperty(RECONCILE, constant(true))
                .setProperty(FrameListRepository.REQUEUE_FAILED, constant(true))
                .to(passOf(name)));

        from(passOf(name))
                .routeId(name + "-pass").routeGroup("sources")
                .process(e -> {
                    if (e.getProperty(PassReport.PROPERTY) == null) {
                        ProgressLog progress = new ProgressLog(LOG);
                        e.setProperty(PassReport.PROPERTY, new PassReport(r -> progress.tick(() -> name + " pass so far: " + r)));
                    }
                })
                .split(method(this, "feeds"))
                    .to("direct:" + name + "-list")
                .end()
                .process(e -> source.afterPass()).id(name + "-after-pass")
                .process(e -> e.getIn().setBody(report(e)))
                .log(name.toUpperCase(java.util.Locale.ROOT) + " pass: ${body}");

        from("direct:" + name + "-list")
                .routeId(name + "-list").routeGroup("sources")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .setHeader(Handoffs.SOURCE, body())
                .process(this::list).id(name + "-list-items")
                .split(body()).parallelProcessing().executorService(fetchers)
                    .process(this::describe)
                    .idempotentConsumer(simple("${header." + Handoffs.SOURCE + "}|${header." + Handoffs.NATURAL_ID
                            + "}|${header." + Handoffs.CHECKSUM + "}"), frameList).eager(true).removeOnFailure(true)
                        .process(e -> report(e).addFresh())
                        .to("direct:" + name + "-download")
                    .end()
                .end();

        from("direct:" + name + "-download")
                .routeId(name + "-download").routeGroup("sources")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(this::fetch).id(name + "-download-fetch")
                .filter(exchangeProperty(LANDS_AS_FRAME).isEqualTo(true))
                    .to(Handoffs.FRAME_LANDED)
                .end();
    }

    private static final String LANDS_AS_FRAME = "SkyrouteLandsAsFrame";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceRoutes.class);

    /** The feeds to list in this pass (used by the pass route's split). */
    public List<String> feeds() {
        return source.feeds();
    }

    private void list(Exchange exchange) throws Exception {
        String feed = exchange.getIn().getHeader(Handoffs.SOURCE, String.class);
        exchange.getIn().setHeader(Handoffs.PAYLOAD_REF, "the " + feed + " listing");
        try {
            List<FrameSource.Item> items = source.list(feed, exchange.getProperty(RECONCILE, false, Boolean.class));
            report(exchange).addFound(items.size());
            ListingHealthCheck.of(exchange.getContext()).succeeded(source.name() + ":" + feed);
            metrics.framesFound(source.name(), feed, items.size());
            exchange.getIn().setBody(items);
        } catch (AuthenticationFailure refused) {
            source.refused(feed, refused);
            report(exchange).addArchiveFailed();
            throw refused;
        }
    }

    private void describe(Exchange exchange) {
        FrameSource.Item item = exchange.getIn().getBody(FrameSource.Item.class);
        exchange.getIn().setHeader(Handoffs.SOURCE, item.feed());
        exchange.getIn().setHeader(Handoffs.NATURAL_ID, item.naturalId());
        exchange.getIn().setHeader(Handoffs.CHECKSUM, item.checksum() == null ? "" : item.checksum());
        exchange.getIn().setHeader(Handoffs.PAYLOAD_REF, item.description());
        exchange.setProperty(ITEM, item);
    }

    private void fetch(Exchange exchange) throws Exception {
        FrameSource.Item item = exchange.getProperty(ITEM, FrameSource.Item.class);
        if (exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) > 0) {
            frames.startAttempt(item.feed(), item.naturalId()); // the first try was counted when the frame list admitted it
        }
        long started = System.nanoTime();
        FrameSource.Fetched fetched = source.fetch(item);
        metrics.frameDownloaded(source.name(), item.feed(), sizeOf(fetched.path()), java.time.Duration.ofNanos(System.nanoTime() - started));
        frames.markDownloaded(item.feed(), item.naturalId(), fetched.path().getFileName().toString(), fetched.checksum(),
                fetched.path().toString());
        report(exchange).addDownloaded();
        exchange.getIn().setHeader(Handoffs.PATH, fetched.path().toString());
        source.headers(item).forEach(exchange.getIn()::setHeader);
        exchange.getIn().setBody(fetched.path().toFile());
        exchange.setProperty(LANDS_AS_FRAME, source.isFrame(item, fetched));
    }

    private static long sizeOf(java.nio.file.Path path) {
        try {
            return java.nio.file.Files.size(path);
        } catch (java.io.IOException gone) {
            return 0;
        }
    }

    static PassReport report(Exchange exchange) {
        PassReport report = exchange.getProperty(PassReport.PROPERTY, PassReport.class);
        return report != null ? report : new PassReport(null);
    }
}
