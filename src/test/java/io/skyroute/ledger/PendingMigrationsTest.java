package io.skyroute.ledger;

import io.skyroute.config.Secrets;
import io.skyroute.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick pending-migrations check agrees with Flyway's own, before and after migrating, on H2 and PostgreSQL. */
class PendingMigrationsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theQuickCheckAgreesWithFlyway(String kind) {
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of()))) {
            int bundled = LedgerDatabase.bundledVersions().size();
            assertThat(bundled).isEqualTo(8);
            assertThat(db.pendingMigrations()).isEqualTo(bundled);
            db.migrate();
            assertThat(db.pendingMigrations()).isZero();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A one-shot command's opening: it migrates a database that needs it (the Quartz tables too on PostgreSQL),
     * and the JPA unit it did not start is there when first used.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aCommandMigratesWhenNeededAndStartsJpaOnFirstUse(String kind) throws Exception {
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).openForCommand()) {
            assertThat(db.pendingMigrations()).isZero();
            if (kind.equals("postgres")) {
                try (var c = db.dataSource().getConnection(); var st = c.createStatement();
                     var rs = st.executeQuery("select count(*) from information_schema.tables where table_name = 'qrtz_triggers'")) {
                    assertThat(rs.next() && rs.getInt(1) > 0).as("the Quartz tables").isTrue();
                }
            }
            Long frames = db.inTransaction(em -> em.createQuery("select count(f) from Frame f", Long.class).getSingleResult());
            assertThat(frames).isZero();
        }
        try (LedgerDatabase again = LedgerDatabase.connect(TestDatabases.of(kind, dir), new Secrets(Map.of())).openForCommand()) {
            assertThat(again.schemaVersion()).isEqualTo(String.valueOf(LedgerDatabase.bundledVersions().size()));
        }
    }
}
