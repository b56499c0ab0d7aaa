package io.skyroute.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.skyroute.config.DatabaseConfig;
import io.skyroute.config.Secrets;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The ledger's database: a pooled DataSource, the Flyway migrations that own its schema, and the JPA
 * unit over it (Hibernate validates, never generates). H2 in file mode by default, PostgreSQL in production.
 */
public final class LedgerDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerDatabase.class);
    public static final String PERSISTENCE_UNIT = "skyroute";

    private final DatabaseConfig config;
    private final HikariDataSource dataSource;
    private EntityManagerFactory entityManagerFactory;

    private LedgerDatabase(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
    }

    /**
     * Opens the pool (and, for an embedded H2 file, secures its folder and password: see
     * {@link EmbeddedDatabaseGuard}); nothing is migrated or validated yet.
     */
    public static LedgerDatabase connect(DatabaseConfig config, Secrets secrets) {
        String password = secrets.fromVariable(config.passwordEnvvar()).map(io.skyroute.config.Secret::reveal).orElse(null);
        if (config.isEmbedded()) {
            password = EmbeddedDatabaseGuard.prepare(config, password);
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("skyroute-ledger");
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        if (password != null) {
            hikari.setPassword(password);
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(10_000);
        LOG.info("Ledger database {}", redact(config.url()));
        return new LedgerDatabase(config, new HikariDataSource(hikari));
    }

    /** Brings the schema to the newest migration; returns how many migrations were applied. */
    public int migrate() {
        MigrateResult result = flyway().migrate();
        if (config.url().startsWith("jdbc:postgresql:")) {
            // Quartz's clustered job store tables: PostgreSQL only, so under their own history (the ledger's is the same on H2)
            Flyway.configure().dataSource(dataSource).locations("classpath:db/quartz/postgresql").table("flyway_quartz_history")
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        }
        if (result.migrationsExecuted > 0) {
            LOG.info("Ledger schema migrated to version {} ({} migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result.migrationsExecuted;
    }

    /**
     * How many migrations the database still lacks. Read-only commands ask this on every run: the bundled
     * versions are read from the jar's listing and compared with Flyway's history table in one query (~10 ms)
     * instead of Flyway's full scan and validation (~0.4 s in a fresh JVM); anything unexpected asks Flyway.
     */
    public int pendingMigrations() {
        try {
            java.util.List<Integer> bundled = bundledVersions();
            if (!bundled.isEmpty()) {
                int applied = appliedVersion();
                return (int) bundled.stream().filter(v -> v > applied).count();
            }
        } catch (java.io.IOException | java.sql.SQLException | RuntimeException fallThrough) {
            // a layout this shortcut does not know: Flyway decides
        }
        return flyway().info().pending().length;
    }

    /** The newest version Flyway recorded as applied; an SQL error (no history table yet) leaves the answer to Flyway. */
    private int appliedVersion() throws java.sql.SQLException {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement()) {
            int max = 0;
            try (java.sql.ResultSet rs = st.executeQuery("select \"version\", \"success\" from \"flyway_schema_history\"")) {
                while (rs.next()) {
                    String version = rs.getString(1);
                    if (version != null && rs.getBoolean(2) && version.matches("\\d+")) {
                        max = Math.max(max, Integer.parseInt(version));
                    }
                }
            }
            return max;
        }
    }

    /** The versions of db/migration/V<n>__*.sql in the jar (or the classes folder). */
    static java.util.List<Integer> bundledVersions() throws java.io.IOException {
        java.net.URL url = LedgerDatabase.class.getClassLoader().getResource("db/migration");
        java.util.List<String> names = new java.util.ArrayList<>();
        if (url == null) {
            return java.util.List.of();
        }
        if (url.getProtocol().equals("jar")) {
            String path = url.getPath();
            String jar = java.net.URLDecoder.decode(path.substring("file:".length(), path.indexOf("!/")), java.nio.charset.StandardCharsets.UTF_8);
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar)) {
                file.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.startsWith("db/migration/")).forEach(n -> names.add(n.substring(13)));
            }
        } else if (url.getProtocol().equals("file")) {
            try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(java.nio.file.Path.of(java.net.URI.create(url.toString())))) {
                list.forEach(p -> names.add(p.getFileName().toString()));
            }
        } else {
            return java.util.List.of();
        }
        java.util.List<Integer> versions = new java.util.ArrayList<>();
        for (String name : names) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("V(\\d+)__.*\\.sql").matcher(name);
            if (m.matches()) {
                versions.add(Integer.parseInt(m.group(1)));
            }
        }
        return versions;
    }

    /** The schema version the database is at, or "none". */
    public String schemaVersion() {
        var current = flyway().info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    private Flyway flyway() {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
    }

    /** Migrates (Flyway validates every applied migration), then opens the JPA unit, which validates the entities against the schema. */
    public LedgerDatabase open() {
        migrate();
        entityManagerFactory();
        return this;
    }

    /**
     * As {@link #open()} for a one-shot command: Flyway runs only when migrations are pending (by the one-query
     * check of {@link #pendingMigrations()}), which spares a short command Flyway's scan and validation
     * (~0.4-1 s in a fresh JVM); Hibernate starts only when first used, and does not validate the entities against the schema (the migrations
     * are current, and the daemon opens with {@link #open()}, which does both, so a changed migration or a
     * mismatched entity is still caught).
     */
    public LedgerDatabase openForCommand() {
        if (pendingMigrations() > 0 || config.url().startsWith("jdbc:postgresql:") && !quartzTablesCurrent()) {
            migrate();
        }
        validateEntities = false;
        // the JPA unit starts on first use (entityManagerFactory() is lazy): a command that needs only JDBC never pays for it
        return this;
    }

    /** Whether Quartz's migration history (PostgreSQL only) has every bundled Quartz migration. */
    private boolean quartzTablesCurrent() {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("select count(*) from flyway_quartz_history where version = '1' and success")) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private boolean validateEntities = true;

    public synchronized EntityManagerFactory entityManagerFactory() {
        if (entityManagerFactory == null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("jakarta.persistence.nonJtaDataSource", dataSource);
            if (!validateEntities) {
                // a one-shot command: the daemon validates the entities against the schema at its start
                properties.put("hibernate.hbm2ddl.auto", "none");
            }
            entityManagerFactory = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, properties);
        }
        return entityManagerFactory;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** Runs work in one transaction, committing on success and rolling back on any exception. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = entityManagerFactory().createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        } finally {
            em.close();
        }
    }

    /** Whether the database answers within the timeout; empty when it does, else what went wrong (no credentials in it). */
    public java.util.Optional<String> ping(int timeoutSeconds) {
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return connection.isValid(timeoutSeconds) ? java.util.Optional.empty()
                    : java.util.Optional.of("no answer within " + timeoutSeconds + " s");
        } catch (java.sql.SQLException | RuntimeException e) {
            return java.util.Optional.of(e.getClass().getSimpleName() + ": " + io.skyroute.config.Redaction.redact(String.valueOf(e.getMessage())));
        }
    }

    public void inTransactionDo(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    @Override
    public synchronized void close() {
        if (entityManagerFactory != null && entityManagerFactory.isOpen()) {
            entityManagerFactory.close();
        }
        dataSource.close();
    }

    /** A JDBC URL with any password parameter masked, for logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1******");
    }
}
