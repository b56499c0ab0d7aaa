package io.skyroute.sources.lco;

import io.skyroute.testing.LcoArchiveStandIn;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.skyroute.app.OneShotContext;
import io.skyroute.app.SkyrouteCamel;
import io.skyroute.config.Secrets;
import io.skyroute.ledger.DeadLetter;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.FrameStatus;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.pipeline.PassReport;
import io.skyroute.testing.LcoArchiveStandIn.Fault;
import io.skyroute.testing.LcoArchiveStandIn.Request;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import io.skyroute.pipeline.Handoffs;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The LCO routes against a loopback stand-in of the archive, on the daemon's own Camel assembly. */
@CamelMainTest(properties = {"skyroute.retry.initial-delay-ms=20", "skyroute.retry.max=3", "skyroute.retry.max-delay-ms=5000"})
class LcoRoutesTest {

    @TempDir
    static Path root;

    @BeanInject
    CamelContext context;

    LcoTestFixture fixture;
    LedgerDatabase ledger;

    @Configure
    protected void configure(MainConfigurationProperties main) throws IOException {
        fixture = new LcoTestFixture(root.resolve(UUID.randomUUID().toString()), null);
        ledger = LedgerDatabase.connect(fixture.setup.daemon().database(), new Secrets(Map.of())).open();
        SkyrouteCamel.configure(main, fixture.setup, ledger, SkyrouteCamel.Mode.ONE_SHOT);
    }

    @AfterEach
    void closeStandInsAndLedger() {
        context.stop();
        fixture.close();
        ledger.close();
    }

    @Test
    void aPassFetchesEveryProposalVerifiesLandsRecordsAndHandsOn() throws Exception {
        fixture.addRealFrames();
        byte[] spectrum = "spectrum bytes".getBytes();
        fixture.archive.add(new StoredFrame(2001, "coj2m002-en12-20170817-0001-e00", "KEY2024-004", Instant.parse("2017-08-17T10:00:00Z"),
                "SPECTRUM", 0, "en12", "PDS 110", "air", spectrum));
        fixture.archive.add(new StoredFrame(2002, "ogg0m404-kb82-20170817-0002-b91", "KEY2024-004", Instant.parse("2017-08-17T10:00:00Z"),
                "BIAS", 91, "kb82", "", "air", new byte[]{1, 2, 3}));
        fixture.archive.add(new StoredFrame(2003, "ogg0m404-kb82-20170817-0003-e00", "KEY2024-004", Instant.parse("2017-08-17T10:00:00Z"),
                "EXPOSE", 0, "kb82", "PDS 110", "rp", new byte[]{4, 5, 6}));
        fixture.archive.add(new StoredFrame(2004, "ogg0m404-kb82-20170901-0004-e91", "KEY2024-004", Instant.parse("2017-09-03T10:00:00Z"),
                "EXPOSE", 91, "kb82", "PDS 110", "rp", new byte[]{7}));
        AdviceWith.adviceWith(context, "sources-landed", route -> route.weaveAddLast().to("mock:landed"));
        MockEndpoint landed = context.getEndpoint("mock:landed", MockEndpoint.class);
        landed.expectedMessageCount(5);
        landed.expectedHeaderReceived(Handoffs.SOURCE, "lco");

        PassReport report = pass(false);

        assertThat(report.found()).as("4 images at level 91 + 1 spectrum at level 0; no bias, raw image or out-of-window frame").isEqualTo(5);
        assertThat(report.fresh()).isEqualTo(5);
        assertThat(report.downloaded()).isEqualTo(5);
        assertThat(report.failed()).isZero();
        landed.assertIsSatisfied(10_000);
        assertThat(landed.getExchanges()).extracting(e -> Path.of(e.getIn().getHeader(Handoffs.PATH, String.class)).getParent())
                .containsOnly(fixture.downloads());
        for (String basename : LcoTestFixture.REAL_FRAMES) {
            assertThat(Files.readAllBytes(fixture.downloads().resolve(basename + ".fits.fz"))).isEqualTo(LcoTestFixture.realFrame(basename));
        }
        assertThat(fixture.downloads().resolve("coj2m002-en12-20170817-0001-e00.fits.fz")).hasBinaryContent(spectrum);
        try (Stream<Path> files = Files.list(fixture.downloads())) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(5).noneMatch(n -> n.startsWith("."));
        }
        List<Frame> frames = frames();
        assertThat(frames).hasSize(5).allSatisfy(f -> {
            assertThat(f.getSource()).isEqualTo("lco");
            assertThat(f.getStatus()).isEqualTo(FrameStatus.DOWNLOADED);
            assertThat(f.getTries()).isEqualTo(1);
        });
        assertThat(frames).filteredOn(f -> f.getNaturalId().equals("1000")).singleElement()
                .satisfies(f -> assertThat(f.getChecksum()).isEqualTo("98d10c3fec9c1ce80de33aaad06b58e4"));
        assertThat(fixture.archive.requests()).filteredOn(r -> r.path().equals("/frames/"))
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Token " + LcoTestFixture.TOKEN))
                .extracting(Request::query)
                .anySatisfy(q -> assertThat(q).contains("proposal_id=LCO2017AB-003").contains("reduction_level=91").contains("exclude_calibrations=true"))
                .anySatisfy(q -> assertThat(q).contains("proposal_id=KEY2024-004").contains("reduction_level=0"));
        assertThat(fixture.archive.requests()).filteredOn(r -> r.path().startsWith("/storage/"))
                .allSatisfy(r -> assertThat(r.authorization()).as("presigned URLs get no token").isNull());
        assertThat(Files.readAllLines(fixture.home.resolve("frame_list.txt"))).hasSize(6)
                .anySatisfy(l -> assertThat(l).startsWith("ogg0m404-kb82-20170815-1160-e91.fits.fz lco 1000 98d10c3fec9c1ce80de33aaad06b58e4 DOWNLOADED 1 "));
    }

    @Test
    void followsPaginationPastAThousandFrames() throws Exception {
        int n = 2100;
        for (int i = 0; i < n; i++) {
            fixture.archive.add(new StoredFrame(10_000 + i, "ogg0m404-kb82-20170816-" + (10_000 + i) + "-e91", "LCO2017AB-003",
                    Instant.parse("2017-08-16T00:00:00Z").plusSeconds(i), "EXPOSE", 91, "kb82", "PDS 110", "rp", ("frame " + i).getBytes()));
        }
        PassReport report = pass(false);
        assertThat(report.found()).isEqualTo(n);
        assertThat(report.downloaded()).isEqualTo(n);
        assertThat(fixture.archive.requests()).filteredOn(r -> r.path().equals("/frames/") && r.query().contains("reduction_level=91")
                        && r.query().contains("LCO2017AB-003"))
                .extracting(r -> r.query().replaceAll(".*offset=(\\d+).*", "$1")).containsExactly("0", "1000", "2000");
        assertThat(new LedgerQueries(ledger).status().framesByStatus().get(FrameStatus.DOWNLOADED)).isEqualTo(n);
    }

    @Test
    void aRestartFetchesNothingAgainAndAChangedMd5IsFetchedAgain() throws Exception {
        fixture.addRealFrames();
        assertThat(pass(false).downloaded()).isEqualTo(4);
        context.stop();

        // a new daemon on the same ledger: nothing is downloaded again
        try (LedgerDatabase again = LedgerDatabase.connect(fixture.setup.daemon().database(), new Secrets(Map.of())).open()) {
            fixture.archive.clearRequests();
            PassReport second = passInNewContext(again);
            assertThat(second.found()).isEqualTo(4);
            assertThat(second.fresh()).isZero();
            assertThat(fixture.archive.count("/storage/")).isZero();

            byte[] reprocessed = "a re-reduced version of the frame".getBytes();
            fixture.archive.replaceContent(1001, reprocessed);
            PassReport third = passInNewContext(again);
            assertThat(third.fresh()).isEqualTo(1);
            assertThat(third.downloaded()).isEqualTo(1);
            assertThat(fixture.archive.count("/storage/")).isEqualTo(1);
            assertThat(fixture.downloads().resolve(LcoTestFixture.REAL_FRAMES[1] + ".fits.fz")).hasBinaryContent(reprocessed);
            Frame changed = again.inTransaction(em -> em.createQuery("select f from Frame f where f.naturalId = '1001'", Frame.class).getSingleResult());
            assertThat(changed.getChecksum()).isEqualTo(md5(reprocessed));
            assertThat(changed.getStatus()).isEqualTo(FrameStatus.DOWNLOADED);
        }
    }

    @Test
    void transientFaultsAreRetriedUntilTheFrameLands() throws Exception {
        fixture.addRealFrames();
        fixture.archive.fault("/storage/1000/", Fault.answer(503, "{\"detail\":\"unavailable\"}"));
        fixture.archive.fault("/storage/1001/", Fault.truncate(100_000));
        fixture.archive.fault("/storage/1002/", Fault.corrupt());
        fixture.archive.fault("/storage/1003/", Fault.delay(2_500)); // longer than http_timeout_seconds: 1

        PassReport report = pass(false);

        assertThat(report.downloaded()).isEqualTo(4);
        assertThat(report.failed()).isZero();
        for (long id = 1000; id <= 1003; id++) {
            assertThat(fixture.archive.count("/storage/" + id + "/")).as("frame %d: one failed try, one good", id).isEqualTo(2);
        }
        for (String basename : LcoTestFixture.REAL_FRAMES) {
            assertThat(Files.readAllBytes(fixture.downloads().resolve(basename + ".fits.fz"))).isEqualTo(LcoTestFixture.realFrame(basename));
        }
        try (Stream<Path> files = Files.list(fixture.downloads())) {
            assertThat(files).as("no temporary file is left").hasSize(4);
        }
        assertThat(frames()).allSatisfy(f -> assertThat(f.getStatus()).isEqualTo(FrameStatus.DOWNLOADED));
        assertThat(frames()).extracting(Frame::getTries).as("tries are counted before each attempt").containsOnly(2);
    }

    /**
     * Found by the fault suite: a listing that succeeded only on its last redelivery handed its redelivery counter to
     * every item it split off (Camel counts redeliveries in a header), so each download met its first fault with no
     * tries left and was dead-lettered at once. Each download has its own tries.
     */
    @Test
    void aListingThatSucceededOnItsLastTryLeavesEachDownloadItsOwnTries() throws Exception {
        fixture.addRealFrames();
        for (int i = 0; i < 3; i++) {
            fixture.archive.fault("/frames/", Fault.answer(500, "{\"detail\":\"boom\"}"));
        }
        fixture.archive.fault("/storage/1000/", Fault.answer(503, "{\"detail\":\"unavailable\"}"));

        PassReport report = pass(false);

        assertThat(report.downloaded()).isEqualTo(4);
        assertThat(report.failed()).isZero();
        assertThat(fixture.archive.count("/storage/1000/")).as("the faulted download tried again").isEqualTo(2);
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheServersRetryAfter() throws Exception {
        fixture.addRealFrames();
        fixture.archive.fault("/frames/", Fault.tooManyRequests(1));
        PassReport report = pass(false);
        assertThat(report.downloaded()).isEqualTo(4);
        List<Instant> listings = fixture.archive.requests().stream().filter(r -> r.path().equals("/frames/"))
                .map(Request::at).toList();
        assertThat(Duration.between(listings.get(0), listings.get(1))).as("waited for Retry-After, not the 20 ms backoff")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void anExpiredDownloadUrlIsRenewedFromTheArchive() throws Exception {
        fixture.addRealFrames();
        fixture.archive.fault("/storage/1002/", Fault.answer(403, "<Error><Code>AccessDenied</Code></Error>"));
        PassReport report = pass(false);
        assertThat(report.downloaded()).isEqualTo(4);
        assertThat(fixture.archive.count("/frames/1002/")).as("re-queried for a fresh URL").isEqualTo(1);
        assertThat(fixture.downloads().resolve(LcoTestFixture.REAL_FRAMES[2] + ".fits.fz")).exists();
    }

    @Test
    void aFrameThatKeepsFailingIsDeadLetteredNotRefetchedAndRequeuedByReconcile() throws Exception {
        fixture.addRealFrames();
        for (int i = 0; i < 4; i++) { // first try + 3 redeliveries
            fixture.archive.fault("/storage/1003/", Fault.answer(500, "{\"detail\":\"boom\"}"));
        }
        PassReport first = pass(false);
        assertThat(first.downloaded()).isEqualTo(3);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(fixture.archive.count("/storage/1003/")).isEqualTo(4);
        Frame failed = frame("1003");
        assertThat(failed.getStatus()).isEqualTo(FrameStatus.FAILED);
        assertThat(failed.getTries()).isEqualTo(4);
        assertThat(failed.getLastError()).contains("HTTP 500");
        DeadLetter letter = new LedgerQueries(ledger).recentDeadLetters(1).get(0);
        assertThat(letter.getRouteId()).isEqualTo("lco-download");
        assertThat(letter.getReason()).contains("HTTP 500");
        assertThat(letter.getPayloadRef()).isEqualTo("lco frame 1003 (" + LcoTestFixture.REAL_FRAMES[3] + ".fits.fz)");
        assertThat(fixture.downloads().resolve(LcoTestFixture.REAL_FRAMES[3] + ".fits.fz")).doesNotExist();

        PassReport second = pass(false);
        assertThat(second.fresh()).as("a failed frame waits for reconcile; no retry storm").isZero();
        assertThat(fixture.archive.count("/storage/1003/")).isEqualTo(4);

        PassReport reconcile = pass(true);
        assertThat(reconcile.fresh()).isEqualTo(1);
        assertThat(reconcile.downloaded()).isEqualTo(1);
        assertThat(frame("1003").getStatus()).isEqualTo(FrameStatus.DOWNLOADED);
        assertThat(fixture.archive.requests()).filteredOn(r -> r.path().equals("/frames/")).last()
                .satisfies(r -> assertThat(r.query()).as("reconcile looks back from now, not the configured window").doesNotContain("start=2017-08-01"));
    }

    @Test
    void aRefusedTokenStopsThatArchiveOnlyOnceAndNeverReachesTheLogs() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLogger.addAppender(logs);
        try {
            fixture.addRealFrames();
            fixture.mirror.add(new StoredFrame(1, "lsc1m009-fa04-20170816-0001-e91", "MIRROR-1", Instant.parse("2017-08-16T10:00:00Z"),
                    "EXPOSE", 91, "fa04", "PDS 110", "ip", new byte[]{9}));
            fixture.mirror.acceptOnlyToken("a-token-we-do-not-have");
            fixture.archive.fault("/storage/1000/", Fault.answer(500, "{}"));

            PassReport first = pass(false);
            assertThat(first.downloaded()).as("the other archive is unaffected").isEqualTo(4);
            assertThat(first.archivesFailed()).isEqualTo(1);
            assertThat(listings(fixture.mirror)).as("401 is not retried").isEqualTo(1);
            assertThat(new LedgerQueries(ledger).recentDeadLetters(5)).anySatisfy(d -> {
                assertThat(d.getRouteId()).isEqualTo("lco-list");
                assertThat(d.getReason()).contains("HTTP 401").contains("credentials refused");
            });
            HealthCheck.Result health = HealthCheckHelper.invoke(context).stream()
                    .filter(r -> r.getCheck().getId().equals("lco-archives")).findFirst().orElseThrow();
            assertThat(health.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(health.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("lco-mirror"));

            pass(false);
            assertThat(listings(fixture.mirror)).as("a stopped archive is not polled again").isEqualTo(1);

            ArchiveStates states = context.getRegistry().lookupByNameAndType("lcoArchiveStates", ArchiveStates.class);
            fixture.mirror.acceptOnlyToken(LcoTestFixture.MIRROR_TOKEN);
            assertThat(states.reset("lco-mirror")).isTrue();
            assertThat(pass(false).downloaded()).as("after a reset the archive is polled again").isEqualTo(1);
        } finally {
            rootLogger.detachAppender(logs);
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .containsAnyOf(LcoTestFixture.TOKEN, LcoTestFixture.MIRROR_TOKEN, "X-Amz-Signature"));
        assertThat(new LedgerQueries(ledger).recentDeadLetters(10)).noneSatisfy(d ->
                assertThat(d.getReason() + d.getPayloadRef()).containsAnyOf(LcoTestFixture.TOKEN, "X-Amz-Signature"));
    }

    /** Issue 42: a listing that fails for good is counted as such and the `listings` health check says DEGRADED until one succeeds. */
    @Test
    void aListingThatKeepsFailingIsAFailedPassAndDegradesHealthUntilTheNextGoodOne() throws Exception {
        fixture.addRealFrames();
        for (int i = 0; i < 4; i++) {  // the first try and the three retries
            fixture.mirror.fault("/frames/", Fault.answer(503, "{\"detail\": \"down\"}"));
        }
        PassReport down = pass(false);
        assertThat(down.listingsFailed()).isEqualTo(1);
        assertThat(down.succeeded()).isFalse();
        assertThat(down.toString()).contains("listings failed 1");
        HealthCheck.Result degraded = listingsHealth();
        assertThat(degraded.getState()).as("an archive away is no reason to restart the daemon").isEqualTo(HealthCheck.State.UP);
        assertThat(degraded.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("DEGRADED", "lco:lco-mirror"));
        assertThat(degraded.getDetails()).containsEntry("state", "DEGRADED");

        PassReport back = pass(false);
        assertThat(back.listingsFailed()).isZero();
        assertThat(listingsHealth().getDetails()).containsEntry("state", "UP");
    }

    private HealthCheck.Result listingsHealth() {
        // called directly: Camel's default exposure level leaves UP checks out of its summary
        return org.apache.camel.health.HealthCheckRegistry.get(context).getCheck("listings")
                .orElseThrow(() -> new AssertionError("no 'listings' health check")).call();
    }

    private PassReport pass(boolean reconcile) {
        PassReport report = new PassReport(null);
        Exchange result = context.createProducerTemplate().send(LcoSource.PASS, ExchangePattern.InOut, e -> {
            e.setProperty(PassReport.PROPERTY, report);
            if (reconcile) {
                e.setProperty(io.skyroute.sources.SourceRoutes.RECONCILE, true);
                e.setProperty(io.skyroute.ledger.FrameListRepository.REQUEUE_FAILED, true);
            }
        });
        assertThat(result.getException()).isNull();
        return report;
    }

    private PassReport passInNewContext(LedgerDatabase again) throws Exception {
        try (OneShotContext camel = OneShotContext.start(fixture.setup, again)) {
            PassReport report = new PassReport(null);
            camel.request(LcoSource.PASS, Map.of(PassReport.PROPERTY, report));
            return report;
        }
    }

    private List<Frame> frames() {
        return ledger.inTransaction(em -> em.createQuery("select f from Frame f order by f.id", Frame.class).getResultList());
    }

    private Frame frame(String naturalId) {
        return ledger.inTransaction(em -> em.createQuery("select f from Frame f where f.naturalId = :id", Frame.class)
                .setParameter("id", naturalId).getSingleResult());
    }

    private static String md5(byte[] content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
    }

    /** Frame-list requests of a pass (not the health check's one-frame reachability probe). */
    private static long listings(LcoArchiveStandIn archive) {
        return archive.requests().stream().filter(r -> r.path().equals("/frames/") && !"limit=1".equals(r.query())).count();
    }
}
