package io.skyroute.sources.dropbox;

import io.skyroute.ledger.FrameLedger;
import io.skyroute.ledger.FrameListRepository;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.sources.FrameHeaders;
import io.skyroute.sources.LandedFrameRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The survey release as a daemon source: route {@code dropbox-poll} (Quartz, non-overlapping) lists the
 * release; every file new or changed (by content hash) passes the frame list once
 * ({@code dropbox|<path>|<content hash>}), is fetched and verified by {@code dropbox-download} into
 * {@code <data>/downloads/dropbox/<release path>}, recorded as downloaded, and FITS images are handed to
 * sorting like every other source's frames.
 */
public class DropboxRoutes extends RouteBuilder {

    public static final String SOURCE = "dropbox";
    public static final String PASS = "direct:dropbox-pass";
    public static final String SURVEY_FIELD = "SkyrouteSurveyField";
    public static final String SURVEY_EPOCH = "SkyrouteSurveyEpoch";

    private final ReleaseClient client;
    private final Predicate<ReleaseFile> wanted;
    private final FrameListRepository frameList;
    private final FrameLedger frames;
    private final Path downloads;

    public DropboxRoutes(ReleaseClient client, Predicate<ReleaseFile> wanted, FrameListRepository frameList, FrameLedger frames, Path downloads) {
        this.client = client;
        this.wanted = wanted;
        this.frameList = frameList;
        this.frames = frames;
        this.downloads = downloads;
    }

    @Override
    public void configure() {
        from("quartz:dropbox/poll?cron={{skyroute.schedules.dropbox-poll}}&stateful=true")
                .routeId("dropbox-poll")
                .to(PASS);

        from(PASS)
                .routeId("dropbox-pass")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(e -> e.getIn().setBody(client.list("").stream().filter(wanted).toList())).id("dropbox-list")
                .split(body())
                    .process(this::describe)
                    .idempotentConsumer(simple("${header." + FrameHeaders.SOURCE + "}|${header." + FrameHeaders.NATURAL_ID
                            + "}|${header." + FrameHeaders.CHECKSUM + "}"), frameList).eager(true).removeOnFailure(true)
                        .to("direct:dropbox-download")
                    .end()
                .end()
                .log("Dropbox pass: ${body.size} release file(s) listed");

        from("direct:dropbox-download")
                .routeId("dropbox-download")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .process(this::download).id("dropbox-fetch")
                .filter(header(FrameHeaders.PATH).regex("(?i).*\\.fits(\\.fz)?$"))
                    .to(LandedFrameRoutes.LANDED)
                .end();
    }

    private void describe(Exchange exchange) {
        ReleaseFile file = exchange.getIn().getBody(ReleaseFile.class);
        exchange.getIn().setHeader(FrameHeaders.SOURCE, SOURCE);
        exchange.getIn().setHeader(FrameHeaders.NATURAL_ID, file.path());
        exchange.getIn().setHeader(FrameHeaders.CHECKSUM, file.contentHash() == null ? "" : file.contentHash());
        exchange.getIn().setHeader(FrameHeaders.PAYLOAD_REF, "Dropbox release file " + file.path());
    }

    private void download(Exchange exchange) throws Exception {
        ReleaseFile file = exchange.getIn().getBody(ReleaseFile.class);
        Path target = downloads.resolve(file.path().substring(1)).normalize();
        if (!target.startsWith(downloads)) {
            throw new io.skyroute.ops.PermanentFailure(file.path() + ": a release path outside the release");
        }
        java.nio.file.Files.createDirectories(target.getParent());
        frames.startAttempt(SOURCE, file.path());
        String hash = ReleaseDownloader.fetchOnce(client, file, target);
        frames.markDownloaded(SOURCE, file.path(), file.name(), hash, target.toString());
        exchange.getIn().setHeader(FrameHeaders.PATH, target.toString());
        // for the sorting rules: the survey field (the file name up to its first dot) and epoch (the EPOCHnn folder)
        exchange.getIn().setHeader(SURVEY_FIELD, file.name().contains(".") ? file.name().substring(0, file.name().indexOf('.')) : file.name());
        java.util.Arrays.stream(file.path().split("/")).filter(p -> p.toUpperCase(Locale.ROOT).startsWith("EPOCH")).findFirst()
                .ifPresent(epoch -> exchange.getIn().setHeader(SURVEY_EPOCH, epoch));
    }
}
