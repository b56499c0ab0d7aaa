package io.skyroute.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files land atomically: written to a temporary name in the target folder, fsynced, then renamed,
 * so a reader (or a crash) never sees half a file under the final name.
 */
public final class AtomicFiles {

    private static final AtomicLong COUNTER = new AtomicLong();
    /** host, pid and start second: names this process's temporary files, so that a later one can tell which were left by a dead one. */
    private static final String WRITER = writer(host(), ProcessHandle.current());
    private static final java.util.regex.Pattern TEMPORARY =
            java.util.regex.Pattern.compile("^\\..+\\.([A-Za-z0-9_]+)-(\\d+)-(\\d+)-\\d+\\.part$");

    private AtomicFiles() {
    }

    /**
     * A new, empty file next to the final one, hidden from folder consumers by its leading dot and
     * unique by process and counter. Not {@code Files.createTempFile}: that makes the file owner-only
     * (0600), which the renamed product would keep, and seeds a SecureRandom (~30 ms of a short command).
     */
    public static Path temporaryFor(Path target) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        while (true) {
            Path temporary = folder.resolve("." + target.getFileName() + "." + WRITER + "-" + COUNTER.incrementAndGet() + ".part");
            try {
                return Files.createFile(temporary);
            } catch (FileAlreadyExistsException leftByAnEarlierProcessWithOurPid) {
                // try the next number
            }
        }
    }

    /**
     * Removes, under each folder, the temporary files that a process on this host left when it died mid-write
     * (kill -9, a power cut): ours by their name, and their writer — pid and start second — no longer running.
     * Another host's files (a shared folder) and a live process's are left alone. Returns what was removed.
     */
    public static List<Path> removeLeftovers(Collection<Path> folders) throws IOException {
        List<Path> removed = new ArrayList<>();
        String host = host();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    java.util.regex.Matcher name = TEMPORARY.matcher(file.getFileName().toString());
                    if (name.matches() && name.group(1).equals(host) && !running(Long.parseLong(name.group(2)), Long.parseLong(name.group(3)))
                            && Files.deleteIfExists(file)) {
                        removed.add(file);
                    }
                }
            }
        }
        return removed;
    }

    /**
     * Takes a claim file (one writer at a time for something, e.g. a dataset's first configuration): created
     * holding this process's host, pid and start second. A claim held by a live process, or by another host, is
     * refused (false); one left by a process of this host that died (kill -9 between claim and release) is taken
     * over, so a killed writer does not block the thing for ever. A claim without a holder (being written, or left
     * by an older version) counts as held for its first minute.
     */
    public static boolean claim(Path claim) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(claim, WRITER, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException held) {
                String holder;
                long age;
                try {
                    holder = Files.readString(claim).strip();
                    age = System.currentTimeMillis() - Files.getLastModifiedTime(claim).toMillis();
                } catch (java.nio.file.NoSuchFileException releasedMeanwhile) {
                    continue;
                }
                if (!heldByTheDead(holder, age)) {
                    return false;
                }
                Files.deleteIfExists(claim);
            }
        }
        return false;
    }

    private static boolean heldByTheDead(String holder, long ageMillis) {
        if (holder.isEmpty()) {
            return ageMillis > 60_000;
        }
        String[] parts = holder.split("-");
        try {
            return parts.length == 3 && parts[0].equals(host()) && !running(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (NumberFormatException notOurs) {
            return false;
        }
    }

    private static boolean running(long pid, long startSecond) {
        // a process with that pid that started at another second is a later one that reused the pid (a container's pid 1)
        return ProcessHandle.of(pid).map(p -> p.info().startInstant().map(i -> i.getEpochSecond() == startSecond).orElse(true)).orElse(false);
    }

    private static String writer(String host, ProcessHandle process) {
        long started = process.info().startInstant().map(java.time.Instant::getEpochSecond).orElse(0L);
        return host + "-" + process.pid() + "-" + started;
    }

    /** The host's name as the kernel has it (no DNS look-up), letters, digits and underscores only. */
    static String host() {
        String name = null;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException notLinux) {
            name = System.getenv("HOSTNAME");
        }
        return name == null || name.isBlank() ? "host" : name.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** Flushes a finished temporary file to disk and renames it to its final name. */
    public static Path commit(Path temporary, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(false);
        }
        return rename(temporary, target);
    }

    /** Renames a temporary file that is already on disk (written and forced by the caller) to its final name. */
    public static Path rename(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** What writes a file's content (a product, a page) into the stream it is given. */
    @FunctionalInterface
    public interface Body {
        void write(java.io.OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically from what {@code body} writes: temporary name beside it, fsync, rename. */
    public static Path write(Path target, Body body) throws IOException {
        Path temporary = temporaryFor(target);
        try {
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary))) {
                body.write(out);
            }
            return commit(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes a stream to {@code target} atomically. */
    public static Path write(InputStream in, Path target) throws IOException {
        Path temporary = temporaryFor(target);
        try {
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            return commit(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Moves a file into a quarantine folder beside any others of its name, with the reason in a {@code .reason.txt} beside it. */
    public static Path quarantine(Path file, Path folder, String reason) throws IOException {
        Path moved = moveIntoBesideOthers(file, folder);
        write(new java.io.ByteArrayInputStream((reason + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)), reasonFileOf(moved));
        return moved;
    }

    /** The file that says why a quarantined file is there. */
    public static Path reasonFileOf(Path quarantined) {
        return quarantined.resolveSibling(quarantined.getFileName() + ".reason.txt");
    }

    /**
     * Moves a file into a folder under its own name, or with {@code .1}, {@code .2}, ... before its
     * extension when that name is taken: nothing already there is replaced (quarantine keeps every file).
     */
    public static Path moveIntoBesideOthers(Path file, Path folder) throws IOException {
        Files.createDirectories(folder);
        String name = file.getFileName().toString();
        int dot = name.indexOf('.', 1);
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        Path target = folder.resolve(name);
        for (int n = 1; Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            target = folder.resolve(stem + "." + n + extension);
        }
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException crossDevice) {
            if (Files.isSymbolicLink(file)) { // the link itself, never what it points to
                Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                Files.delete(file);
                return target;
            }
            try (InputStream in = Files.newInputStream(file)) {
                write(in, target);
            }
            Files.delete(file);
            return target;
        }
    }

    /**
     * Moves a file into a folder under its own name: a rename when both are on one file system,
     * otherwise a copy to a temporary name there, fsync, rename, then the source is removed.
     */
    public static Path moveInto(Path file, Path folder) throws IOException {
        return moveInto(file, folder, file.getFileName().toString());
    }

    /** As {@link #moveInto(Path, Path)}, under another name in the folder. */
    public static Path moveInto(Path file, Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(name);
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException crossDevice) {
            try (InputStream in = Files.newInputStream(file)) {
                write(in, target);
            }
            Files.delete(file);
            return target;
        }
    }
}
