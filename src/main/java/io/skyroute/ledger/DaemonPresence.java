package io.skyroute.ledger;

import org.apache.camel.support.service.ServiceSupport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Says "a daemon holds this ledger" so that resets can refuse: the daemon holds an exclusive lock on
 * {@code <data_dir>/.skyroute-daemon.lock} and, on PostgreSQL, a session advisory lock (daemons on other
 * machines share the database, not the folder; it keeps one pooled connection for the daemon's life).
 * {@link #heldByAnother} tries both without waiting.
 */
public final class DaemonPresence extends ServiceSupport {

    static final String LOCK_FILE = ".skyroute-daemon.lock";
    private static final long ADVISORY_KEY = 7_219_001L;

    private final LedgerDatabase database;
    private final Path dataDir;
    private FileChannel channel;
    private FileLock lock;
    private Connection advisory;

    public DaemonPresence(LedgerDatabase database, Path dataDir) {
        this.database = database;
        this.dataDir = dataDir;
    }

    @Override
    protected void doStart() throws IOException, SQLException {
        Files.createDirectories(dataDir);
        channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.tryLock();
        if (isPostgres(database)) {
            advisory = database.dataSource().getConnection();
            try (PreparedStatement ps = advisory.prepareStatement("select pg_try_advisory_lock(?)")) {
                ps.setLong(1, ADVISORY_KEY);
                ps.executeQuery().close();
            }
        }
    }

    @Override
    protected void doStop() throws IOException, SQLException {
        if (lock != null) {
            lock.release();
        }
        if (channel != null) {
            channel.close();
        }
        if (advisory != null) {
            try (Connection held = advisory; PreparedStatement unlock = held.prepareStatement("select pg_advisory_unlock(?)")) {
                unlock.setLong(1, ADVISORY_KEY);   // the pool keeps the session open: unlock before handing it back
                unlock.executeQuery().close();
            }
        }
    }

    /** Whether a running daemon holds the ledger: the folder's lock is taken, or (PostgreSQL) the advisory lock. */
    public static boolean heldByAnother(LedgerDatabase database, Path dataDir) throws IOException, SQLException {
        Path file = dataDir.resolve(LOCK_FILE);
        if (Files.exists(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                FileLock probe = ch.tryLock();
                if (probe == null) {
                    return true;
                }
                probe.release();
            } catch (OverlappingFileLockException sameJvm) {
                return true;
            }
        }
        if (isPostgres(database)) {
            try (Connection c = database.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                ps.setLong(1, ADVISORY_KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return true;
                    }
                }
                try (PreparedStatement unlock = c.prepareStatement("select pg_advisory_unlock(?)")) {
                    unlock.setLong(1, ADVISORY_KEY);
                    unlock.executeQuery().close();
                }
            }
        }
        return false;
    }

    private static boolean isPostgres(LedgerDatabase database) {
        return database.config().url().startsWith("jdbc:postgresql:");
    }
}
