package io.skyroute.config;

import java.nio.file.Path;

/**
 * The ledger database. {@code url} is a JDBC URL (H2 file mode by default, PostgreSQL in production);
 * the password is never in the file: {@code password_envvar} names the environment variable holding it.
 */
public record DatabaseConfig(String url, String user, String passwordEnvvar, Integer poolSize) {

    public DatabaseConfig {
        poolSize = poolSize == null ? 5 : poolSize;
    }

    /** The zero-set-up default: H2 in file mode under the data directory, reachable by other processes. */
    public static DatabaseConfig embeddedIn(Path dataDir) {
        return new DatabaseConfig(null, null, null, null).withDefaultsFor(dataDir);
    }

    DatabaseConfig withDefaultsFor(Path dataDir) {
        String effectiveUrl = url != null ? url
                : "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("db").resolve("skyroute") + ";AUTO_SERVER=TRUE";
        String effectiveUser = user != null ? user : effectiveUrl.startsWith("jdbc:h2:") ? "sa" : null;
        return new DatabaseConfig(effectiveUrl, effectiveUser, passwordEnvvar, poolSize);
    }

    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }
}
