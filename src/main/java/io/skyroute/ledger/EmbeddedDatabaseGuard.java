package io.skyroute.ledger;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.config.Redaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Keeps the embedded H2 ledger to its owner. H2's auto-server (how {@code status} reaches a running
 * daemon's database) opens a TCP port for other processes; it is bound to loopback only, the database
 * folder is owner-only (0700, so the lock file holding the connection key is unreadable to others), and
 * the database gets a generated password kept owner-only in that folder, unless the configuration names one.
 */
final class EmbeddedDatabaseGuard {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabaseGuard.class);

    /** The generated password's file, inside the database folder. */
    static final String PASSWORD_FILE = ".ledger-password";

    /** H2's "wrong user name or password". */
    private static final int WRONG_PASSWORD = 28000;

    static {
        // read once by H2 when its network classes load: the auto-server then listens on loopback only
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private EmbeddedDatabaseGuard() {
    }

    /** Secures the folder of an H2 file database and returns the password to connect with. */
    static String prepare(DatabaseConfig config, String configuredPassword) {
        Path folder = folderOf(config.url());
        if (folder == null) {
            return configuredPassword; // an in-memory or remote H2: nothing on disk to guard
        }
        ownerOnlyFolder(folder);
        if (configuredPassword != null) {
            return configuredPassword;
        }
        boolean databaseExists = Files.exists(folder.resolve(databaseName(config.url()) + ".mv.db"));
        boolean[] generated = {false};
        String password = generatedPassword(folder.resolve(PASSWORD_FILE), generated);
        if (generated[0] && databaseExists) {
            adoptPassword(config, password);
        }
        return password;
    }

    static Path folderOf(String url) {
        String rest = url.substring("jdbc:h2:".length());
        if (!rest.startsWith("file:")) {
            return null;
        }
        String path = rest.substring("file:".length()).split(";", 2)[0];
        return Path.of(path).toAbsolutePath().getParent();
    }

    private static String databaseName(String url) {
        String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        return Path.of(path).getFileName().toString();
    }

    private static void ownerOnlyFolder(Path folder) {
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(folder)) {
                if (posix) {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(folder);
                }
            }
            if (posix) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or secure the database folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The password in the file, made (owner-only, created exclusively so two starting processes agree) when absent. */
    private static String generatedPassword(Path file, boolean[] generated) {
        try {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            try {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
                Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
                generated[0] = true;
            } catch (java.nio.file.FileAlreadyExistsException existing) {
                password = read(file);
            }
            Redaction.register(password);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the database password in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws IOException {
        for (int tries = 0; ; tries++) {
            String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!password.isEmpty() || tries == 20) {
                return password;
            }
            try {
                Thread.sleep(50); // another process has just created it and is writing it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return password;
            }
        }
    }

    /**
     * A database made before passwords were generated has the empty password: it is given the generated
     * one. (A new database is created with it by the first connection.)
     */
    private static void adoptPassword(DatabaseConfig config, String password) {
        try (Connection old = DriverManager.getConnection(config.url(), config.user(), "");
             Statement statement = old.createStatement()) {
            statement.execute("ALTER USER \"" + config.user().toUpperCase(java.util.Locale.ROOT).replace("\"", "") + "\" SET PASSWORD '"
                    + password + "'");
            LOG.info("The embedded ledger now has a generated password (kept owner-only in {})", PASSWORD_FILE);
        } catch (SQLException e) {
            if (e.getErrorCode() == WRONG_PASSWORD) {
                LOG.warn("The embedded ledger has a password that is not in {}; name it with database.password_envvar", PASSWORD_FILE);
            }
        }
    }
}
