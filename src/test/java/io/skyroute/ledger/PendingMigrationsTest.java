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
}
