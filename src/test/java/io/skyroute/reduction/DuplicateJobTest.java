package io.skyroute.reduction;

import io.skyroute.config.Secrets;
import io.skyroute.ledger.DatasetLeases;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes that each sorted frames of one dataset both queue it: the job a worker takes after a successful
 * reduction that started later than the job was queued has nothing left to do; one queued after the reduction
 * started (frames sorted during it), one whose reduction failed, and one from a node that stamps no time do.
 */
class DuplicateJobTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobIsDoneWhenASuccessfulReductionStartedAfterItWasQueued(String kind) throws Exception {
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            DatasetLeases leases = new DatasetLeases(db);
            ReductionQueueRoutes worker = new ReductionQueueRoutes("q", new ReductionQueueRoutes.Jobs(), 0, leases, dataset -> { });
            Path dataset = Files.createDirectories(dir.resolve("red/PDS_110/sbig/rp"));
            String key = DatasetLock.key(dataset);
            assertThat(leases.acquire(key, "PDS_110", "sbig", "rp", "test", Duration.ofMinutes(1))).isTrue();
            long queuedBefore = System.currentTimeMillis() - 1_000;

            assertThat(worker.alreadyDone(ReductionQueueRoutes.job(dataset.toString(), queuedBefore))).as("never reduced").isFalse();
            long failed = leases.reductionStarted(key, "test", "v", "hash");
            leases.reductionFinished(failed, "it broke", List.of(), List.of());
            assertThat(worker.alreadyDone(ReductionQueueRoutes.job(dataset.toString(), queuedBefore))).as("only a failed run").isFalse();

            long run = leases.reductionStarted(key, "test", "v", "hash");
            leases.reductionFinished(run, null, List.of(), List.of());
            long queuedAfter = System.currentTimeMillis() + 1_000;

            assertThat(worker.alreadyDone(ReductionQueueRoutes.job(dataset.toString(), queuedBefore))).isTrue();
            assertThat(worker.alreadyDone(ReductionQueueRoutes.job(dataset.toString(), queuedAfter))).isFalse();
            assertThat(worker.alreadyDone(dataset.toString())).as("a job without its time").isFalse();
            assertThat(worker.alreadyDone(dataset + "\tnot-a-time")).isFalse();
        }
    }

    /**
     * A job queued again after an outage, while the run that would see its frames was starting, came after that run's
     * start: the run's inputs say it saw every frame sorted into the dataset, so the job is done all the same; a frame
     * sorted after it, or one the run did not use, makes the job due.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobIsDoneWhenTheLastGoodRunSawEveryFrameSortedIntoTheDataset(String kind) throws Exception {
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            DatasetLeases leases = new DatasetLeases(db);
            io.skyroute.ledger.SortingLedger sorting = new io.skyroute.ledger.SortingLedger(db);
            ReductionQueueRoutes worker = new ReductionQueueRoutes("q", new ReductionQueueRoutes.Jobs(), 0, leases, dataset -> { });
            Path rp = Files.createDirectories(dir.resolve("red/PDS_110/sbig/rp"));
            String key = DatasetLock.key(rp);
            for (String frame : List.of("a", "b")) {
                sorting.placeUnlessLocked(key, "PDS_110", "sbig", "rp", "lco", frame, frame + ".fits.fz", "md5-" + frame, "rule",
                        () -> DatasetLock.key(rp.resolve(frame + ".fits.fz")));
            }
            assertThat(leases.acquire(key, "PDS_110", "sbig", "rp", "node", Duration.ofMinutes(1))).isTrue();
            long partial = leases.reductionStarted(key, "node", "v", "h");
            leases.reductionFinished(partial, null, List.of(), List.of(DatasetLock.key(rp.resolve("a.fits.fz"))));
            String queuedLater = ReductionQueueRoutes.job(rp.toString(), System.currentTimeMillis() + 60_000);
            assertThat(worker.alreadyDone(queuedLater)).as("the last good run did not use b").isFalse();

            long full = leases.reductionStarted(key, "node", "v", "h");
            leases.reductionFinished(full, null, List.of(), List.of(DatasetLock.key(rp.resolve("a.fits.fz")),
                    DatasetLock.key(rp.resolve("b.fits.fz"))));
            assertThat(worker.alreadyDone(queuedLater)).as("queued after the run started, but the run saw a and b").isTrue();
            assertThat(worker.alreadyDone(rp.toString())).as("a job without its time, likewise").isTrue();

            long broken = leases.reductionStarted(key, "node", "v", "h");
            leases.reductionFinished(broken, "it broke", List.of(), List.of());
            assertThat(worker.alreadyDone(queuedLater)).as("a failed run since does not undo what the good one saw").isTrue();

            leases.release(key, "node");
            sorting.placeUnlessLocked(key, "PDS_110", "sbig", "rp", "lco", "c", "c.fits.fz", "md5-c", "rule",
                    () -> DatasetLock.key(rp.resolve("c.fits.fz")));
            assertThat(worker.alreadyDone(queuedLater)).as("c was sorted after the good run").isFalse();
        }
    }

    /** A holder killed mid-run leaves its reduction RUNNING; the next run of the dataset (which holds the lease) closes it as FAILED. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRunWhoseProcessDiedIsClosedByTheNextRun(String kind) throws Exception {
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            DatasetLeases leases = new DatasetLeases(db);
            Path dataset = Files.createDirectories(dir.resolve("red/PDS_110/sbig/gp"));
            String key = DatasetLock.key(dataset);
            assertThat(leases.acquire(key, "PDS_110", "sbig", "gp", "dead-node", Duration.ofMillis(1))).isTrue();
            long killed = leases.reductionStarted(key, "dead-node", "v", "hash"); // and then kill -9: never finished
            Thread.sleep(20);
            assertThat(leases.acquire(key, "PDS_110", "sbig", "gp", "live-node", Duration.ofMinutes(1))).as("the lease expired").isTrue();
            long next = leases.reductionStarted(key, "live-node", "v", "hash");
            leases.reductionFinished(next, null, List.of(), List.of());

            Map<Long, String[]> runs = new java.util.HashMap<>();
            db.inTransaction(em -> {
                for (Object row : em.createNativeQuery("SELECT id, status, last_error FROM reductions").getResultList()) {
                    Object[] r = (Object[]) row;
                    runs.put(((Number) r[0]).longValue(), new String[]{(String) r[1], (String) r[2]});
                }
                return null;
            });
            assertThat(runs.get(killed)[0]).isEqualTo("FAILED");
            assertThat(runs.get(killed)[1]).contains("stopped before it ended", "live-node");
            assertThat(runs.get(next)[0]).isEqualTo("SUCCEEDED");
        }
    }

    /** What survives a kill between sorting and reduction: the ledger says which datasets have frames their last good run did not see. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void datasetsWhoseNewFramesNoRunSawAreFoundAfterAStop(String kind) throws Exception {
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            DatasetLeases leases = new DatasetLeases(db);
            io.skyroute.ledger.SortingLedger sorting = new io.skyroute.ledger.SortingLedger(db);
            Path rp = Files.createDirectories(dir.resolve("red/PDS_110/sbig/rp"));
            String key = DatasetLock.key(rp);
            assertThat(leases.behindTheirFrames()).isEmpty();

            sorting.placeUnlessLocked(key, "PDS_110", "sbig", "rp", "lco", "1", "a.fits.fz", "md5-a", "rule", () -> rp.resolve("a.fits.fz").toString());
            assertThat(leases.behindTheirFrames()).as("sorted, never reduced (killed before the debounce)").containsExactly(key);

            Thread.sleep(10);
            assertThat(leases.acquire(key, "PDS_110", "sbig", "rp", "node", Duration.ofMinutes(1))).isTrue();
            long failed = leases.reductionStarted(key, "node", "v", "h");
            leases.reductionFinished(failed, "broke", List.of(), List.of());
            assertThat(leases.behindTheirFrames()).as("only a failed run saw it").containsExactly(key);
            assertThat(leases.vouchedFor()).as("no successful run yet").isEmpty();
            long run = leases.reductionStarted(key, "node", "v", "h");
            leases.reductionFinished(run, null, List.of(), List.of());
            leases.release(key, "node");
            assertThat(leases.behindTheirFrames()).as("a good run started after the frame was sorted").isEmpty();
            assertThat(leases.vouchedFor()).as("its last run succeeded").containsExactly(key);
            leases.attention(key, "the target was not detected");
            assertThat(leases.vouchedFor()).as("its lightcurve failed its checks").isEmpty();
            leases.attention(key, null);

            Thread.sleep(10);
            sorting.placeUnlessLocked(key, "PDS_110", "sbig", "rp", "lco", "2", "b.fits.fz", "md5-b", "rule", () -> rp.resolve("b.fits.fz").toString());
            assertThat(leases.behindTheirFrames()).as("a frame sorted after that run").containsExactly(key);
        }
    }
}
