package io.skyroute.app;

import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.DropConfig;
import io.skyroute.ledger.DeadLetter;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.FrameStatus;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.Checksums;
import io.skyroute.testing.TestDatabases;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's Camel context, assembled by the same code the daemon uses, on the embedded ledger. */
@CamelMainTest(useJmx = true, properties = {
        "skyroute.retry.initial-delay-ms=10", "skyroute.retry.max=2", "skyroute.drop.min-age-ms=200", "skyroute.drop.poll-ms=100"})
class SkyrouteContextTest {

    static final String FRAME = "ogg0m404-kb82-20170815-1160-e91.fits.fz";

    @TempDir
    static Path root;

    @BeanInject
    CamelContext context;

    Path home;
    SkyrouteConfig config;
    LedgerDatabase ledger;

    @Configure
    protected void configure(MainConfigurationProperties main) throws IOException {
        home = root.resolve(UUID.randomUUID().toString());
        Path routes = Files.createDirectories(home.resolve("routes"));
        Files.writeString(routes.resolve("ping.yaml"), """
                - route:
                    id: ops-ping
                    from:
                      uri: direct:ping
                      steps:
                        - setBody:
                            simple: "pong from skyroute {{skyroute.version}} in {{skyroute.data-dir}}"
                """);
        Files.copy(Path.of("routes/ops.yaml"), routes.resolve("ops.yaml")); // the shipped routes must load too
        config = new SkyrouteConfig(home.resolve("data"), TestDatabases.h2(home), routes,
                new DropConfig(home.resolve("drop"), true), null, null, null, null, null, null, null);
        Files.createDirectories(config.drop().folder());
        ledger = LedgerDatabase.connect(config.database(), new Secrets(Map.of())).open();
        SkyrouteCamel.configure(main, SkyrouteSetup.withDownload(config, null, new io.skyroute.config.ConfigLoader(Map.of()), new Secrets(Map.of())), ledger, SkyrouteCamel.Mode.DAEMON);
    }

    @AfterEach
    void stopThenCloseTheLedger() {
        context.stop();
        ledger.close();
    }

    @Test
    void contextAndRoutesAreManagedThroughJmx() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertThat(server.queryNames(new ObjectName("org.apache.camel:context=skyroute,type=context,*"), null)).hasSize(1);
        assertThat(server.queryNames(new ObjectName("org.apache.camel:context=skyroute,type=routes,name=\"local-drop\""), null)).hasSize(1);
        assertThat(server.queryNames(new ObjectName("org.apache.camel:context=skyroute,type=routes,name=\"ops-ping\""), null)).hasSize(1);
    }

    @Test
    void yamlRoutesFromTheRoutesFolderAreLoadedWithTheConfigurationsPlaceholders() {
        assertThat(context.getRoute("ops-ping")).isNotNull();
        String reply = context.createProducerTemplate().requestBody("direct:ping", "ping", String.class);
        assertThat(reply).isEqualTo("pong from skyroute " + SoftwareVersion.get() + " in " + config.dataDir().toAbsolutePath().normalize());
    }

    @Test
    void theShippedSummaryRouteReportsTheLedger() throws Exception {
        assertThat(context.getRouteController().getRouteStatus("ops-summary").isStarted()).isTrue();
        AdviceWith.adviceWith(context, "ops-summary", route -> route.replaceFromWith("direct:summary"));
        Object summary = context.createProducerTemplate().requestBody("direct:summary", "");
        assertThat(summary).isInstanceOf(io.skyroute.ledger.LedgerStatus.class);
        assertThat(((io.skyroute.ledger.LedgerStatus) summary).frames()).isZero();
    }

    @Test
    void aDroppedFrameIsLandedSortedIntoItsDatasetAndRecordedOnce() throws Exception {
        NotifyBuilder first = new NotifyBuilder(context).fromRoute("local-drop").whenCompleted(1).create();
        drop(FRAME);
        assertThat(first.matches(20, TimeUnit.SECONDS)).isTrue();
        Path sorted = config.sorting().reductionDir().resolve("PDS_110/sbig/rp").resolve(FRAME);
        assertThat(sorted).exists();
        assertThat(Checksums.md5(sorted)).as("md5sum of the test frame").isEqualTo("98d10c3fec9c1ce80de33aaad06b58e4");
        assertThat(sorted.resolveSibling("reduction_config.yaml")).content().contains("name: \"PDS_110\"");
        assertThat(config.drop().folder().resolve(FRAME)).doesNotExist();

        NotifyBuilder second = new NotifyBuilder(context).fromRoute("local-drop").whenCompleted(1).create();
        drop(FRAME); // the same file again: still one frame, sorted again into the same place
        assertThat(second.matches(20, TimeUnit.SECONDS)).isTrue();

        Frame frame = ledger.inTransaction(em -> em.createQuery("select f from Frame f", Frame.class).getSingleResult());
        assertThat(frame.getSource()).isEqualTo("local");
        assertThat(frame.getNaturalId()).isEqualTo(FRAME);
        assertThat(frame.getChecksum()).isEqualTo("98d10c3fec9c1ce80de33aaad06b58e4");
        assertThat(frame.getStatus()).isEqualTo(FrameStatus.SORTED);
        assertThat(frame.getPath()).isEqualTo(sorted.toString());
        assertThat(frame.getSortRule()).isEqualTo("layout");
        assertThat(new LedgerQueries(ledger).status().datasets()).isEqualTo(1);
    }

    /** Issue 42: a name with a line break, a tab, a space or an '=' is landed under a safe name; a stale dot-file is reported. */
    @Test
    void aDroppedFrameWithAHostileNameIsTakenUnderASafeOneAndADotFileIsNotLeftSilently() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger rootLogger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLogger.addAppender(logs);
        try {
            Path stale = Files.writeString(config.drop().folder().resolve(".forgotten.fits.part"), "half a frame");
            Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
            NotifyBuilder landed = new NotifyBuilder(context).fromRoute("local-drop").whenCompleted(1).create();
            String hostile = "src=x\nrow two\t" + FRAME;
            drop(FRAME, hostile);
            assertThat(landed.matches(20, TimeUnit.SECONDS)).isTrue();
            String safe = "src_x_row_two_" + FRAME;
            Path sorted = config.sorting().reductionDir().resolve("PDS_110/sbig/rp").resolve(safe);
            assertThat(sorted).exists();
            assertThat(config.drop().folder().resolve(hostile)).doesNotExist();
            Frame frame = ledger.inTransaction(em -> em.createQuery("select f from Frame f", Frame.class).getSingleResult());
            assertThat(frame.getNaturalId()).isEqualTo(safe);
            assertThat(stale).as("a dot-file is a file still being written: left").exists();
            assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("'src=x\\nrow two\\t" + FRAME + "'", "is taken as " + safe));
            assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                    .contains("'.forgotten.fits.part' is left where it is: a dot-file is taken as one still being written"));

            // a name whose bytes are not UTF-8 (made by the shell: the JVM cannot name it) is reported, once
            assertThat(System.getProperty("sun.jnu.encoding")).as("file names decoded as UTF-8").isEqualTo("UTF-8");
            Process touch = new ProcessBuilder("bash", "-c", "printf 'x' > \"$1\"/$'\\xff\\xfe'.fits", "bash", config.drop().folder().toString())
                    .inheritIO().start();
            assertThat(touch.waitFor()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && logs.list.stream().noneMatch(e -> e.getFormattedMessage().contains("not valid UTF-8"))) {
                Thread.sleep(100);
            }
            NotifyBuilder later = new NotifyBuilder(context).fromRoute("local-drop").whenCompleted(1).create();
            drop(FRAME, "later-" + FRAME);  // polls after the report: the name is not reported again
            assertThat(later.matches(20, TimeUnit.SECONDS)).isTrue();
            assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains("its name is not valid UTF-8"))).hasSize(1);
        } finally {
            rootLogger.detachAppender(logs);
        }
    }

    @Test
    void aPermanentFailureIsDeadLetteredAndItsFileQuarantined() throws Exception {
        AdviceWith.adviceWith(context, "local-drop", route -> route.weaveById("local-drop-land").replace()
                .throwException(new PermanentFailure("not a FITS file: no SIMPLE card")));
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("local-drop").whenDone(1).create();
        drop(FRAME);
        assertThat(done.matches(20, TimeUnit.SECONDS)).isTrue();

        Path quarantined = config.dataDir().resolve("quarantine/local-drop").resolve(FRAME);
        assertThat(quarantined).exists();
        DeadLetter letter = new LedgerQueries(ledger).recentDeadLetters(5).get(0);
        assertThat(letter.getRouteId()).isEqualTo("local-drop");
        assertThat(letter.getReason()).contains("PermanentFailure").contains("no SIMPLE card");
        assertThat(letter.getPayloadRef()).isEqualTo(quarantined.toString());
        assertThat(new LedgerQueries(ledger).status().deadLetters()).isEqualTo(1);
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffThenDeadLettered() throws Exception {
        AdviceWith.adviceWith(context, "local-drop", route -> route.weaveById("local-drop-land").replace()
                .throwException(new IOException("disk full")));
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("local-drop").whenDone(1).create();
        drop(FRAME);
        assertThat(done.matches(20, TimeUnit.SECONDS)).isTrue();
        DeadLetter letter = new LedgerQueries(ledger).recentDeadLetters(5).get(0);
        assertThat(letter.getReason()).isEqualTo("IOException: disk full");
        assertThat(config.dataDir().resolve("quarantine/local-drop").resolve(FRAME)).exists();
    }

    private void drop(String name) throws IOException {
        drop(name, name);
    }

    private void drop(String frame, String name) throws IOException {
        Path target = config.drop().folder().resolve(name);
        Path temporary = config.drop().folder().resolve(".dropping.part"); // dot-files are never taken
        try (InputStream in = getClass().getResourceAsStream("/frames/" + frame)) {
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

}
