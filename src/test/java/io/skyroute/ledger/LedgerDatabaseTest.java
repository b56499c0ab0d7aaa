package io.skyroute.ledger;

import io.skyroute.config.Secrets;
import io.skyroute.testing.TestDatabases;
import jakarta.persistence.PersistenceException;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerDatabaseTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void migratesValidatesAndIsIdempotentAcrossRestarts(String kind) throws Exception {
        var config = TestDatabases.of(kind, dir);
        try (LedgerDatabase db = LedgerDatabase.connect(config, new Secrets(Map.of()))) {
            assertThat(db.migrate()).as("V1 ledger ... V7 surveys, V8 cluster").isEqualTo(8);
            db.open(); // Hibernate validates every entity against the migrated schema here
            assertThat(tables(db)).contains("frames", "datasets", "reductions", "reduction_inputs",
                    "reduction_outputs", "uploads", "dead_letters", "camel_messageprocessed");
        }
        try (LedgerDatabase db = LedgerDatabase.connect(config, new Secrets(Map.of()))) {
            assertThat(db.migrate()).as("a second start applies nothing").isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void uniqueConstraintsMakeDuplicatesImpossible(String kind) {
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            db.inTransactionDo(em -> em.persist(new Frame("lco", "123", "a.fits.fz", "md5a", FrameStatus.DISCOVERED)));
            assertThatThrownBy(() -> db.inTransactionDo(em -> em.persist(new Frame("lco", "123", "b.fits.fz", "md5b", FrameStatus.DISCOVERED))))
                    .isInstanceOf(PersistenceException.class);
            // same natural id from another source is a different frame
            db.inTransactionDo(em -> em.persist(new Frame("dropbox", "123", "a.fits.fz", "md5a", FrameStatus.DISCOVERED)));

            db.inTransactionDo(em -> em.persist(new Dataset("/red/PDS_110/sbig/rp", "PDS_110", "sbig", "rp")));
            assertThatThrownBy(() -> db.inTransactionDo(em -> em.persist(new Dataset("/red/PDS_110/sbig/rp", "PDS_110", "sbig", "rp"))))
                    .isInstanceOf(PersistenceException.class);

            LedgerStatus status = new LedgerQueries(db).status();
            assertThat(status.framesByStatus()).containsEntry(FrameStatus.DISCOVERED, 2L).containsEntry(FrameStatus.SORTED, 0L);
            assertThat(status.datasets()).isEqualTo(1);
            assertThat(status.deadLetters()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theFrameListIsACamelIdempotentRepositoryThatPersistsAcrossRestarts(String kind) throws Exception {
        var config = TestDatabases.of(kind, dir);
        try (LedgerDatabase db = LedgerDatabase.connect(config, new Secrets(Map.of())).open()) {
            IdempotentRepository repo = new FrameListRepository(db);
            repo.start();
            assertThat(repo.add("lco|123|md5a")).isTrue();
            repo.confirm("lco|123|md5a");
            new FrameLedger(db).markDownloaded("lco", "123", "f.fits.fz", "md5a", "/d/f.fits.fz");
            assertThat(repo.add("lco|123|md5a")).isFalse();
            assertThat(repo.add("lco|123|md5b")).as("a changed checksum is admitted again").isTrue();
            repo.stop();
        }
        try (LedgerDatabase db = LedgerDatabase.connect(config, new Secrets(Map.of())).open()) {
            IdempotentRepository repo = new FrameListRepository(db);
            repo.start();
            assertThat(repo.contains("lco|123|md5b")).as("remembered after a restart").isTrue();
            assertThat(repo.contains("dropbox|123|md5b")).as("sources are separate").isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void placingAFrameCreatesItsDatasetRecordsItAndRespectsALock(String kind) {
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).open()) {
            SortingLedger sorting = new SortingLedger(db);
            db.inTransactionDo(em -> em.persist(new Frame("lco", "7", "a.fits.fz", "md5a", FrameStatus.DOWNLOADED)));

            assertThat(sorting.placeUnlessLocked("/red/T/sbig/rp", "T", "sbig", "rp", "lco", "7", "a.fits.fz", null, "layout",
                    () -> "/red/T/sbig/rp/a.fits.fz")).contains("/red/T/sbig/rp/a.fits.fz");
            assertThat(sorting.placeUnlessLocked("/red/T/sbig/rp", "T", "sbig", "rp", "local", "b.fits", "b.fits", "md5b", "layout",
                    () -> "/red/T/sbig/rp/b.fits")).contains("/red/T/sbig/rp/b.fits");

            List<Frame> frames = db.inTransaction(em -> em.createQuery("select f from Frame f join fetch f.dataset order by f.id", Frame.class).getResultList());
            assertThat(frames).hasSize(2).allSatisfy(f -> {
                assertThat(f.getStatus()).isEqualTo(FrameStatus.SORTED);
                assertThat(f.getSortRule()).isEqualTo("layout");
                assertThat(f.getDataset().getPath()).isEqualTo("/red/T/sbig/rp");
            });
            assertThat(frames.get(0).getChecksum()).as("kept when none is given").isEqualTo("md5a");
            assertThat(frames.get(0).getPath()).isEqualTo("/red/T/sbig/rp/a.fits.fz");
            assertThat(new LedgerQueries(db).status().datasets()).isEqualTo(1);

            db.inTransactionDo(em -> em.createQuery("select d from Dataset d", Dataset.class).getSingleResult()
                    .setLock("reduce@host", java.time.Instant.now().plusSeconds(600)));
            boolean[] moved = {false};
            assertThat(sorting.placeUnlessLocked("/red/T/sbig/rp", "T", "sbig", "rp", "local", "c.fits", "c.fits", null, "layout",
                    () -> { moved[0] = true; return "/red/T/sbig/rp/c.fits"; })).isEmpty();
            assertThat(moved[0]).as("nothing moves into a locked dataset").isFalse();
        }
    }

    private static List<String> tables(LedgerDatabase db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        return names;
    }
}
