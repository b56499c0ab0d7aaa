package io.skyroute.tom;

import io.skyroute.ledger.LedgerQueries;

import io.skyroute.app.SkyrouteCamel;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.DropConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.SortingConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.Upload;
import io.skyroute.ledger.UploadLedger;
import io.skyroute.reduction.DatasetReducer;
import io.skyroute.reduction.ReductionRoutes;
import io.skyroute.testing.TestDatabases;
import io.skyroute.testing.TomStandIn;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes tom-upload and reduce-dataset with tom.upload on, in the daemon's assembly, against the loopback TOM. */
@CamelMainTest(properties = {"skyroute.retry.initial-delay-ms=50", "skyroute.retry.max-delay-ms=200", "skyroute.retry.max=8",
        "skyroute.sort.pending-delay-ms=600000", "skyroute.tom.retry-period-ms=500"})
class TomRoutesTest {

    @TempDir
    static Path root;

    @BeanInject
    CamelContext context;

    Path home;
    LedgerDatabase ledger;
    TomStandIn tom;

    @Configure
    protected void configure(MainConfigurationProperties main) throws Exception {
        home = root.resolve(UUID.randomUUID().toString());
        tom = new TomStandIn("pipeline", "s3cret");
        Path tomConfig = Files.writeString(Files.createDirectories(home).resolve("tom_config.yaml"), """
                url: %s
                tom_user_id: pipeline
                tom_password_envvar: TEST_TOM_PASSWORD
                """.formatted(tom.url()));
        SkyrouteConfig config = new SkyrouteConfig(home.resolve("var"), TestDatabases.h2(home), home.resolve("routes"),
                new DropConfig(home.resolve("drop"), false), new SortingConfig(true, home.resolve("red"), Path.of("config/default_red_config.yaml"), null),
                null, null, null, null, tomConfig, null);
        ledger = LedgerDatabase.connect(config.database(), new Secrets(Map.of())).open();
        SkyrouteSetup setup = SkyrouteSetup.load(config, new ConfigLoader(Map.of()), new Secrets(Map.of("TEST_TOM_PASSWORD", "s3cret")));
        SkyrouteCamel.configure(main, setup, ledger, SkyrouteCamel.Mode.DAEMON);
    }

    @AfterEach
    void stop() {
        context.stop();
        ledger.close();
        tom.close();
    }

    private Path dataset(String tomYaml) throws Exception {
        Path dataset = Files.createDirectories(home.resolve("red/PDS_110/sbig/gp"));
        for (Path frame : List.of(Path.of("samples/frames/coj0m403-kb98-20170816-0392-e91.fits.fz"),
                Path.of("samples/frames/ogg0m404-kb82-20170816-0336-e91.fits.fz"))) {
            Files.copy(frame, dataset.resolve(frame.getFileName()));
        }
        Files.writeString(dataset.resolve(DatasetReducer.CONFIG_FILE), """
                target: {name: PDS_110, RA: "05:23:30.99", Dec: "-01:04:24.0"}
                photometry: {aperture_arcsec: 6.96}
                """ + tomYaml);
        return dataset;
    }

    @Test
    void aReductionWithTomUploadOnDeliversItsLightcurve() throws Exception {
        tom.addTarget("PDS 110", "PDS_110");
        Path dataset = dataset("tom: {upload: true}\n");

        Exchange result = context.createProducerTemplate().request(ReductionRoutes.REDUCE, e -> e.getIn().setBody(dataset.toString()));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody(DatasetReducer.Outcome.class).result().lightcurve()).hasSize(2);
        TomDelivery.Outcome delivered = (TomDelivery.Outcome) tomOutcome(result).value();
        assertThat(delivered.action()).isEqualTo("uploaded");
        assertThat(tom.products()).singleElement().satisfies(p -> {
            assertThat(p.fileName()).isEqualTo("PDS_110_sbig_gp.csv");
            assertThat(p.content()).isEqualTo(Files.readString(dataset.resolve("PDS_110_gp_lc.csv")));
        });

        // reduced again with nothing new: the same lightcurve is not sent twice
        Exchange again = context.createProducerTemplate().request(ReductionRoutes.REDUCE, e -> e.getIn().setBody(dataset.toString()));
        assertThat(((TomDelivery.Outcome) tomOutcome(again).value()).action()).isEqualTo("unchanged");
        assertThat(tom.uploadsReceived()).isEqualTo(1);
    }

    /**
     * A stop between a reduction recorded SUCCEEDED and its lightcurve reaching the TOM's ledger (found by the fault
     * suite's kills) left that version unsent: at start-up the TOM room offers each vouched-for lightcurve that has
     * no upload row, once; a dataset whose lightcurve failed its checks is never offered.
     */
    @Test
    void aVouchedForLightcurveNoOneOfferedIsOfferedOnceAtStartUp() throws Exception {
        tom.addTarget("PDS 110", "PDS_110");
        Path dataset = dataset("tom: {upload: false}\n");
        Exchange reduced = context.createProducerTemplate().request(ReductionRoutes.REDUCE, e -> e.getIn().setBody(dataset.toString()));
        assertThat(reduced.getException()).isNull();
        assertThat(tom.uploadsReceived()).as("upload off: nothing offered").isZero();
        // as if the stop came between the reduction's end and "lightcurve ready": the configuration wants uploads, no row exists
        Files.writeString(dataset.resolve(DatasetReducer.CONFIG_FILE), Files.readString(dataset.resolve(DatasetReducer.CONFIG_FILE))
                .replace("tom: {upload: false}", "tom: {upload: true}"));
        io.skyroute.ledger.DatasetLeases leases = new io.skyroute.ledger.DatasetLeases(ledger);
        String key = dataset.toAbsolutePath().normalize().toString();

        leases.attention(key, "the target was not detected");
        context.createProducerTemplate().sendBody(TomRoutes.RECOVER_NOW, null);
        assertThat(tom.uploadsReceived()).as("a lightcurve that failed its checks").isZero();

        leases.attention(key, null);
        context.createProducerTemplate().sendBody(TomRoutes.RECOVER_NOW, null);
        assertThat(tom.uploadsReceived()).isEqualTo(1);
        assertThat(tom.products()).singleElement().satisfies(p -> assertThat(p.content()).isEqualTo(Files.readString(dataset.resolve("PDS_110_gp_lc.csv"))));
        assertThat(new UploadLedger(ledger).all()).singleElement().satisfies(u -> assertThat(u.status()).isEqualTo(Upload.Status.DELIVERED));

        context.createProducerTemplate().sendBody(TomRoutes.RECOVER_NOW, null);
        assertThat(tom.uploadsReceived()).as("offered once only").isEqualTo(1);
    }

    /** The TOM answers 503 to the first five requests: the route's backoff retries until it is delivered, once. */
    @Test
    void aTomThatIsDownForAWhileEndsInDeliveryNotLoss() throws Exception {
        tom.addTarget("PDS_110");
        Path dataset = dataset("tom: {upload: true, data_label: pds110-gp-sbig}\n");
        Files.writeString(dataset.resolve("PDS_110_gp_lc.csv"), "time,filter,magnitude,error\n57981.8,gp,14.1,0.003\n");
        tom.unavailableFor(5);

        Object body = context.createProducerTemplate().requestBody(TomRoutes.UPLOAD,
                new UploadRequests(new ConfigLoader(Map.of())).forDataset(dataset).orElseThrow());

        assertThat(body).isInstanceOf(TomDelivery.Outcome.class);
        assertThat(tom.products()).singleElement().satisfies(p -> assertThat(p.fileName()).isEqualTo("pds110-gp-sbig.csv"));
        assertThat(new UploadLedger(ledger).all()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(Upload.Status.DELIVERED);
            assertThat(e.tries()).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void anUnknownTargetIsDeadLetteredWithTheReasonAndNothingIsUploaded() throws Exception {
        tom.addTarget("PDS 1100");
        Path dataset = dataset("tom: {upload: true}\n");

        Exchange result = context.createProducerTemplate().request(ReductionRoutes.REDUCE, e -> e.getIn().setBody(dataset.toString()));

        assertThat(tomOutcome(result).failure())
                .contains("no TOM target is named or aliased 'PDS_110'");
        assertThat(tom.uploadsReceived()).isZero();
        String reason = ledger.inTransaction(em -> em.createQuery("select d.reason from DeadLetter d where d.routeId = 'tom-upload'", String.class)
                .getSingleResult());
        assertThat(reason).contains("PDS_110");
        assertThat(result.getMessage().getBody(DatasetReducer.Outcome.class).result().lightcurve()).hasSize(2);
        // the other subscriber still had its turn: analysis of the lightcurve
        var analysis = result.getProperty(io.skyroute.pipeline.Handoffs.SUBSCRIBER_OUTCOMES, io.skyroute.pipeline.SubscriberOutcomes.class)
                .of("analysis");
        assertThat(analysis.failed()).as(String.valueOf(analysis.failure())).isFalse();
        assertThat(analysis.value()).isInstanceOf(io.skyroute.analysis.AnalysisService.Outcome.class);
    }

    /**
     * The target's coordinates 3 arcmin off (blank sky): the lightcurve fails its own checks, never reaches the
     * TOM, the dataset needs attention (ledger, dead letter, health), and the next reduction after the fix
     * clears it and delivers.
     */
    @Test
    void aLightcurveThatFailsItsChecksNeverReachesTheTomAndWaitsForAttention() throws Exception {
        tom.addTarget("PDS_110");
        Path dataset = dataset("tom: {upload: true}\n");
        Path config = dataset.resolve(DatasetReducer.CONFIG_FILE);
        Files.writeString(config, Files.readString(config).replace("Dec: \"-01:04:24.0\"", "Dec: \"-01:07:24.0\""));

        Exchange wrong = context.createProducerTemplate().request(ReductionRoutes.REDUCE, e -> e.getIn().setBody(dataset.toString()));

        assertThat(wrong.getMessage().getBody(DatasetReducer.Outcome.class).result().attention()).contains("not detected");
        assertThat(tom.uploadsReceived()).isZero();
        LedgerQueries queries = new LedgerQueries(ledger);
        assertThat(queries.needingAttention()).singleElement().satisfies(a -> {
            assertThat(a.dataset()).isEqualTo(dataset.toAbsolutePath().normalize().toString());
            assertThat(a.reason()).contains("lightcurve failed", "not detected within 2.0 arcsec");
        });
        assertThat(queries.status().needingAttention()).hasSize(1);
        assertThat(queries.recentDeadLetters(5)).anySatisfy(d -> {
            assertThat(d.getRouteId()).isEqualTo("reduce-dataset");
            assertThat(d.getReason()).contains("needs attention");
        });

        var health = org.apache.camel.health.HealthCheckRegistry.get(context).getCheck("datasets").orElseThrow().call();
        assertThat(health.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("DEGRADED: 1 dataset(s) need attention"));

        Files.writeString(config, Files.readString(config).replace("Dec: \"-01:07:24.0\"", "Dec: \"-01:04:24.0\""));
        Exchange fixed = context.createProducerTemplate().request(ReductionRoutes.REDUCE, e -> e.getIn().setBody(dataset.toString()));

        assertThat(fixed.getMessage().getBody(DatasetReducer.Outcome.class).result().attention()).isNull();
        assertThat(tom.uploadsReceived()).isEqualTo(1);
        assertThat(queries.needingAttention()).isEmpty();
    }

    /** Longer than the route's retries: the version waits in the ledger and tom-retry delivers it when the TOM is back. */
    @Test
    void anUndeliveredVersionIsSentAgainByTomRetry() throws Exception {
        tom.addTarget("PDS_110");
        Path dataset = dataset("tom: {upload: true}\n");
        Files.writeString(dataset.resolve("PDS_110_gp_lc.csv"), "time,filter,magnitude,error\n57981.8,gp,14.1,0.003\n");
        tom.unavailableFor(1000);

        context.createProducerTemplate().request(TomRoutes.UPLOAD,
                e -> e.getIn().setBody(new UploadRequests(new ConfigLoader(Map.of())).forDataset(dataset).orElseThrow()));
        assertThat(tom.products()).isEmpty();
        assertThat(new UploadLedger(ledger).undelivered()).hasSize(1);
        tom.unavailableFor(0);

        long deadline = System.currentTimeMillis() + 20_000;
        while (tom.products().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(tom.products()).hasSize(1);
        Thread.sleep(1200);
        assertThat(tom.products()).hasSize(1);
        assertThat(new UploadLedger(ledger).undelivered()).isEmpty();
    }

    /** What TOM delivery, a subscriber of "lightcurve ready", made of the reduction's lightcurve. */
    private static io.skyroute.pipeline.SubscriberOutcomes.Outcome tomOutcome(Exchange reduction) {
        return reduction.getProperty(io.skyroute.pipeline.Handoffs.SUBSCRIBER_OUTCOMES, io.skyroute.pipeline.SubscriberOutcomes.class)
                .of(TomRoutes.SUBSCRIBER);
    }
}
