package io.skyroute.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One daemon per data folder: {@code <data_dir>/.daemon.lock} held with an OS file lock for the daemon's life (the
 * kernel releases it when the process dies, kill -9 included) and naming its holder, so a second {@code run} on the
 * same folder is refused with the first one's pid and host. Not taken in cluster mode, where the nodes share the
 * folder by design and the ledger's leases keep them apart.
 */
final class DataFolderLock {

    static final String NAME = ".daemon.lock";

    /** The held lock (never released by the program: the process's end releases it). */
    private static FileLock held;

    private DataFolderLock() {
    }

    /** Takes the lock, or returns the holder's description when another process has it. */
    static synchronized java.util.Optional<String> acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve(NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            channel.close();
            return java.util.Optional.of(holder.isEmpty() ? "another process" : holder);
        }
        String me = "pid " + ManagementFactory.getRuntimeMXBean().getPid() + " on " + InetAddress.getLocalHost().getHostName()
                + " since " + Instant.now();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        held = lock;
        return java.util.Optional.empty();
    }
}
