package io.skyroute.reduction;

import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.Secrets;
import io.skyroute.ledger.DatasetLeases;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reductions under the dataset lease, on H2 and PostgreSQL. */
class DatasetReducerTest {

    @TempDir
    Path dir;

    private static Long countReductions(LedgerDatabase db, String status) {
        return db.inTransaction(em -> (Long) em.createQuery("select count(r) from Reduction r where r.status = :s")
                .setParameter("s", io.skyroute.ledger.Reduction.Status.valueOf(status)).getSingleResult());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aLiveLeaseKeepsOthersOutAndAnExpiredOneIsTakenOver(String kind) throws Exception {
        Path dataset = SampleDatasets.dataset(dir.resolve("red"), "gp", "  aperture_arcsec: 6.96\n");
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            DatasetLeases leases = new DatasetLeases(db);
            DatasetReducer reducer = new DatasetReducer(leases, new ConfigLoader(Map.of()), "test", Duration.ofMinutes(1));
            String key = DatasetLock.key(dataset);

            assertThat(leases.acquire(key, "PDS_110", "sbig", "gp", "other-host/42", Duration.ofMinutes(10))).isTrue();
            DatasetReducer.Outcome locked = reducer.reduce(dataset, false);
            assertThat(locked.locked()).isTrue();
            assertThat(locked.lockedBy()).isEqualTo("other-host/42");
            assertThat(dataset.resolve("PDS_110_gp_lc.csv")).doesNotExist();

            // the other process crashed: its lease runs out and is taken over
            assertThat(leases.acquire(key, "PDS_110", "sbig", "gp", "crashed-host/7", Duration.ofMillis(-1))).isFalse();
            db.inTransactionDo(em -> em.createNativeQuery("UPDATE datasets SET lock_expires_at = ? WHERE path = ?")
                    .setParameter(1, java.time.OffsetDateTime.now().minusMinutes(1)).setParameter(2, key).executeUpdate());
            DatasetReducer.Outcome done = reducer.reduce(dataset, false);

            assertThat(done.locked()).isFalse();
            assertThat(done.result().lightcurve()).hasSize(2);
            assertThat(leases.holder(key)).isEmpty();
            assertThat(dataset.resolve(DatasetLock.FILE)).doesNotExist();
            assertThat(countReductions(db, "SUCCEEDED")).isEqualTo(1L);
        }
    }

    /** Two managers reach for the same dataset at once: exactly one reduces it, the other is told who holds it. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoReducersOneDataset(String kind) throws Exception {
        Path dataset = SampleDatasets.dataset(dir.resolve("red"), "gp", "  aperture_arcsec: 6.96\n");
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            DatasetReducer a = new DatasetReducer(new DatasetLeases(db), new ConfigLoader(Map.of()), "test", Duration.ofMinutes(1));
            DatasetReducer b = new DatasetReducer(new DatasetLeases(db), new ConfigLoader(Map.of()), "test", Duration.ofMinutes(1));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<DatasetReducer.Outcome>> both = List.of(() -> a.reduce(dataset, false), () -> b.reduce(dataset, false));
                List<DatasetReducer.Outcome> outcomes = new ArrayList<>();
                for (Future<DatasetReducer.Outcome> f : pool.invokeAll(both)) {
                    outcomes.add(f.get());
                }
                assertThat(outcomes.stream().filter(DatasetReducer.Outcome::locked)).hasSize(1);
                assertThat(outcomes.stream().filter(o -> !o.locked())).hasSize(1);
            } finally {
                pool.shutdown();
            }
            assertThat(countReductions(db, "SUCCEEDED")).isEqualTo(1L);
            assertThat(new DatasetLeases(db).holder(DatasetLock.key(dataset))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void aFailedReductionIsRecordedAndGivesTheDatasetBack(String kind) throws Exception {
        Path dataset = SampleDatasets.dataset(dir.resolve("red"), "gp", "  aperture_arcsec: 6.96\n  reference_image: nowhere.fits\n");
        Files.writeString(dataset.resolve("notes.txt"), "not a frame");
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            DatasetLeases leases = new DatasetLeases(db);
            DatasetReducer reducer = new DatasetReducer(leases, new ConfigLoader(Map.of()), "test", Duration.ofMinutes(1));

            assertThatThrownBy(() -> reducer.reduce(dataset, false)).hasMessageContaining("reference_image: nowhere.fits");

            assertThat(leases.holder(DatasetLock.key(dataset))).isEmpty();
            assertThat(dataset.resolve(DatasetLock.FILE)).doesNotExist();
            assertThat(countReductions(db, "FAILED")).isEqualTo(1L);

            Files.writeString(dataset.resolve(DatasetReducer.CONFIG_FILE), "target:\n  name: X\n  RA: 1\n  Dec: 2\nphotometry:\n  apperture: 3\n");
            assertThatThrownBy(() -> reducer.reduce(dataset, false)).isInstanceOf(ConfigException.class);
            assertThat(leases.holder(DatasetLock.key(dataset))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void anErrorSuchAsOutOfMemoryEndsTheRunFailedWithAReasonAndGivesTheDatasetBack(String kind) throws Exception {
        Path dataset = SampleDatasets.dataset(dir.resolve("red"), "gp", "  aperture_arcsec: 6.96\n");
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            DatasetLeases leases = new DatasetLeases(db);
            DatasetReducer reducer = new DatasetReducer(leases, new ConfigLoader(Map.of()), "test", Duration.ofMinutes(1),
                    (folder, config, hash, update) -> {
                        throw new OutOfMemoryError("Java heap space");
                    });

            assertThatThrownBy(() -> reducer.reduce(dataset, false)).isInstanceOf(io.skyroute.pipeline.PermanentFailure.class)
                    .hasMessageContaining("out of memory (Java heap space)");

            assertThat(leases.holder(DatasetLock.key(dataset))).isEmpty();
            assertThat(dataset.resolve(DatasetLock.FILE)).doesNotExist();
            assertThat(countReductions(db, "FAILED")).isEqualTo(1L);
            assertThat(countReductions(db, "RUNNING")).isZero();
            String reason = db.inTransaction(em -> em.createQuery("select r.lastError from Reduction r", String.class).getSingleResult());
            assertThat(reason).startsWith("out of memory (Java heap space)");
        }
    }

    @Test
    void theDaemonsReducerReadsAgainATableEditedWhereItsSizeAndTimeCannotTell() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && TableWatch.watchable(Files.getFileStore(dir).type()), "Linux, the temporary folder on a local file system");
        Path dataset = SampleDatasets.dataset(dir.resolve("red"), "gp", "  aperture_arcsec: 6.96\n");
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of("h2", dir), new Secrets(Map.of())).open();
             DatasetReducer daemons = new DatasetReducer(new DatasetLeases(db), new ConfigLoader(Map.of()), "test", Duration.ofMinutes(1),
                     100_000_000L, 2, 400_000L, true)) {
            AperturePipeline.Result first = daemons.reduce(dataset, false).result();
            daemons.reduce(dataset, false); // its folder watched from the first run on

            // the target's flux in one stored table changed by hand: same length, the time put back
            Path table = AperturePipeline.tableOf(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR), AperturePipeline.frames(dataset).get(1));
            java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(table);
            List<String> lines = new ArrayList<>(Files.readAllLines(table));
            int row = 1;
            while (!lines.get(row).split(",")[1].equals(first.target())) {
                row++;
            }
            String[] cells = lines.get(row).split(",", -1);
            char lead = cells[4].charAt(0);
            cells[4] = (lead == '9' ? '8' : (char) (lead + 1)) + cells[4].substring(1); // the flux's first digit
            lines.set(row, String.join(",", cells));
            Files.write(table, lines);
            Files.setLastModifiedTime(table, time);

            AperturePipeline.Result second = daemons.reduce(dataset, false).result();
            AperturePipeline.Result fresh;
            try (DatasetReducer restarted = new DatasetReducer(new DatasetLeases(db), new ConfigLoader(Map.of()), "test", Duration.ofMinutes(1),
                    100_000_000L, 2, 400_000L, true)) {
                fresh = restarted.reduce(dataset, false).result();
            }
            assertThat(second.lightcurve()).as("what a daemon started now reads from the tables").isEqualTo(fresh.lightcurve())
                    .isNotEqualTo(first.lightcurve());
        }
    }

    @Test
    void reasonsSayWhatHappenedInWords() {
        assertThat(DatasetReducer.reason(new NegativeArraySizeException("-1651507200"))).isEqualTo("NegativeArraySizeException: -1651507200");
        assertThat(DatasetReducer.reason(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(DatasetReducer.reason(new IllegalStateException("no frames"))).isEqualTo("no frames");
    }
}
