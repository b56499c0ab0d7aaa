package io.skyroute.config;

import java.nio.file.Path;

/**
 * The ledger database. {@code url} is a JDBC URL (H2 file mode by default, PostgreSQL in production);
 * the password is never in the file: {@code password_envvar} names the environment variable holding it.
 */
public record DatabaseConfig(String url, String user, String passwordEnvvar, @Range(min = 1, max = 200) Integer poolSize) {

    public DatabaseConfig {
        poolSize = poolSize == null ? 5 : poolSize;
    }

    /**
     * The embedded database's settings: other skyroute processes on this host reach it through H2's
     * auto-server (bound to loopback, see LedgerDatabase). H2 refuses DB_CLOSE_ON_EXIT=FALSE with the
     * auto-server, so the daemon takes SIGTERM itself and closes the ledger before the JVM exits (RunCommand).
     */
    public static final String EMBEDDED_SETTINGS = ";AUTO_SERVER=TRUE";

    /** The zero-set-up default: H2 in file mode under the data directory, reachable by other processes. */
    public static DatabaseConfig embeddedIn(Path dataDir) {
        return new DatabaseConfig(null, null, null, null).withDefaultsFor(dataDir);
    }

    DatabaseConfig withDefaultsFor(Path dataDir) {
        String effectiveUrl = url != null ? url
                : "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("db").resolve("skyroute") + EMBEDDED_SETTINGS;
        String effectiveUser = user != null ? user : effectiveUrl.startsWith("jdbc:h2:") ? "sa" : null;
        return new DatabaseConfig(effectiveUrl, effectiveUser, passwordEnvvar, poolSize);
    }

    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }
}
