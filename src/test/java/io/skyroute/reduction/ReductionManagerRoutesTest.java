package io.skyroute.reduction;

import io.skyroute.app.SkyrouteCamel;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.DropConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.SortingConfig;
import io.skyroute.ledger.DatasetLeases;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.reduction.ReductionManagerRoutes.ManagedDataset;
import io.skyroute.testing.TestDatabases;
import org.apache.camel.CamelContext;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.camel.builder.Builder.simple;
import static org.assertj.core.api.Assertions.assertThat;

/** The reduction manager routes in the daemon's own assembly, on the real sample frames. */
@CamelMainTest(properties = {"skyroute.reduction.debounce-ms=700", "skyroute.reduction.due-check-ms=200",
        "skyroute.sort.pending-delay-ms=600000"})
class ReductionManagerRoutesTest {

    @TempDir
    static Path root;

    @BeanInject
    CamelContext context;

    Path home;
    Path red;
    LedgerDatabase ledger;

    @Configure
    protected void configure(MainConfigurationProperties main) throws Exception {
        home = root.resolve(UUID.randomUUID().toString());
        red = Files.createDirectories(home.resolve("red"));
        Path manager = Files.writeString(home.resolve("reduction_manager.yaml"), """
                data_reduction_dir: %s
                instrument_list: []
                dataset_selection:
                  group: all
                max_parallel: 2
                """.formatted(red));
        SkyrouteConfig config = new SkyrouteConfig(home.resolve("var"), TestDatabases.h2(home), home.resolve("routes"),
                new DropConfig(home.resolve("drop"), false),
                new SortingConfig(true, red, Path.of("config/default_red_config.yaml"), null),
                null, null, null, manager, null, null);
        ledger = LedgerDatabase.connect(config.database(), new Secrets(Map.of())).open();
        SkyrouteSetup setup = SkyrouteSetup.load(config, new ConfigLoader(Map.of()), new Secrets(Map.of()));
        SkyrouteCamel.configure(main, setup, ledger, SkyrouteCamel.Mode.DAEMON);
    }

    @AfterEach
    void stop() {
        context.stop();
        ledger.close();
    }

    @Test
    void aPassReducesAtMostMaxParallelAtOnceSkipsLockedAndSurvivesAFailure() throws Exception {
        Path rp = SampleDatasets.dataset(red, "rp", "  aperture_arcsec: 6.96\n");
        Path gp = SampleDatasets.dataset(red, "gp", "  aperture_arcsec: 6.96\n");
        Path broken = Files.createDirectories(red.resolve("PDS_110/sbig/zp"));
        Files.writeString(broken.resolve(DatasetReducer.CONFIG_FILE), "target:\n  name: PDS_110\n  RA: nowhere\n  Dec: 0\n");
        Path held = Files.createDirectories(red.resolve("OTHER/sbig/rp"));
        Files.writeString(held.resolve(DatasetReducer.CONFIG_FILE), "target:\n  name: OTHER\n  RA: 1\n  Dec: 1\n");
        new DatasetLeases(ledger).acquire(DatasetLock.key(held), "OTHER", "sbig", "rp", "another-host/1", Duration.ofMinutes(10));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AdviceWith.adviceWith(context, "reduce-dataset", a -> {
            // counted down when the part's unit of work is done: a failing dataset never reaches a step after the pipeline
            a.weaveById("reduce-run-pipeline").before().process(e -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                e.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onDone(Exchange done) {
                        running.decrementAndGet();
                    }
                });
            });
        });

        @SuppressWarnings("unchecked")
        List<ManagedDataset> outcomes = context.createProducerTemplate().requestBody(ReductionManagerRoutes.MANAGE, null, List.class);

        assertThat(outcomes).hasSize(4);
        assertThat(outcomes).filteredOn(m -> m.failure() == null && !m.outcome().locked()).extracting(ManagedDataset::dataset)
                .containsExactlyInAnyOrder(rp.toString(), gp.toString());
        assertThat(outcomes).filteredOn(m -> m.failure() == null && m.outcome().locked()).extracting(ManagedDataset::dataset)
                .containsExactly(held.toString());
        assertThat(outcomes).filteredOn(m -> m.failure() != null).singleElement()
                .satisfies(m -> assertThat(m.failure()).contains("RA"));
        assertThat(most.get()).isEqualTo(2);
        assertThat(running.get()).as("every counted run was counted down").isZero();
        assertThat(rp.resolve("PDS_110_rp_lc.csv")).isRegularFile();
        assertThat(gp.resolve("PDS_110_gp_lc.csv")).isRegularFile();
        Long deadLetters = ledger.inTransaction(em -> (Long) em.createQuery("select count(d) from DeadLetter d where d.routeId = 'reduce-dataset'")
                .getSingleResult());
        assertThat(deadLetters).isEqualTo(1L);
    }

    /** Frames arriving in a burst cause one reduction, after the burst, and none before it settles. */
    @Test
    void newFramesTriggerOneReductionOnceTheyStopArriving() throws Exception {
        Path gp = SampleDatasets.dataset(red, "gp", "  aperture_arcsec: 6.96\n");
        // a round of the due check that had a dataset to reduce (most rounds, every 200 ms, have none)
        NotifyBuilder reduced = new NotifyBuilder(context).fromRoute("reduce-due").filter(simple("${body.size} > 0")).whenCompleted(1).create();

        for (int i = 0; i < 3; i++) {
            context.createProducerTemplate().sendBodyAndHeader(ReductionManagerRoutes.CHANGED, null, ReductionManagerRoutes.DATASET, gp.toString());
            Thread.sleep(150);
        }
        assertThat(gp.resolve("PDS_110_gp_lc.csv")).doesNotExist();

        assertThat(reduced.matches(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(1500);
        Long reductions = ledger.inTransaction(em -> (Long) em.createQuery("select count(r) from Reduction r").getSingleResult());
        assertThat(reductions).isEqualTo(1L);
        assertThat(gp.resolve("PDS_110_gp_lc.csv")).isRegularFile();
    }

    /** A dataset that comes due while another run holds it is reduced again after that run gives it back. */
    @Test
    void aDatasetThatWasBusyIsReducedOnceTheRunEnds() throws Exception {
        Path gp = SampleDatasets.dataset(red, "gp", "  aperture_arcsec: 6.96\n");
        DatasetLeases leases = new DatasetLeases(ledger);
        String key = DatasetLock.key(gp);
        leases.acquire(key, "PDS_110", "sbig", "gp", "running-reduction/1", Duration.ofMinutes(10));
        NotifyBuilder twoRounds = new NotifyBuilder(context).fromRoute("reduce-due").filter(simple("${body.size} > 0")).whenCompleted(2).create();

        context.createProducerTemplate().sendBodyAndHeader(ReductionManagerRoutes.CHANGED, null, ReductionManagerRoutes.DATASET, gp.toString());

        assertThat(twoRounds.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(gp.resolve("PDS_110_gp_lc.csv")).doesNotExist();
        leases.release(key, "running-reduction/1");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.exists(gp.resolve("PDS_110_gp_lc.csv")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(gp.resolve("PDS_110_gp_lc.csv")).isRegularFile();
    }

    /** After a stop, a dataset whose sorted frames no good run saw is reduced at start-up, without any new frame. */
    @Test
    void aDatasetAStopCutOffIsReducedAtStartUp() throws Exception {
        Path gp = SampleDatasets.dataset(red, "gp", "  aperture_arcsec: 6.96\n");
        new io.skyroute.ledger.SortingLedger(ledger).placeUnlessLocked(DatasetLock.key(gp), "PDS_110", "sbig", "gp", "local", "frame-1",
                "frame-1.fits.fz", "md5", "rule", () -> gp.resolve("frame-1.fits.fz").toString());
        NotifyBuilder reduced = new NotifyBuilder(context).fromRoute("reduce-due").filter(simple("${body.size} > 0")).whenCompleted(1).create();

        context.getRouteController().stopRoute("reduce-recover"); // it ran at start with nothing to find: as a restart, run it again
        context.getRouteController().startRoute("reduce-recover");

        assertThat(reduced.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(gp.resolve("PDS_110_gp_lc.csv")).isRegularFile();
        assertThat(new DatasetLeases(ledger).behindTheirFrames()).isEmpty();
    }
}
