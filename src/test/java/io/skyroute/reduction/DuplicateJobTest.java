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
            ReductionQueueRoutes worker = new ReductionQueueRoutes("q", new ReductionQueueRoutes.Jobs(), 0, leases);
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
}
