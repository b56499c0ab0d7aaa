package io.skyroute.reduction;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Which files of a folder of stored tables changed since the last look, from the kernel's change notices (inotify,
 * through a {@link WatchService}) instead of a {@code stat} of every table on every run: at 2,000 tables the stats
 * cost ~17 ms of CPU per run on a two-core machine, as much as measuring the new frame. The notices are trusted only
 * as far as they can be proven complete, the way watchman and git's fsmonitor do it: before each look a cookie file
 * is made and removed in the folder, and the look waits until the removal's notice has come, so every change made
 * before the look is among the notices read. Anything that breaks the chain makes the look {@link Look#complete()
 * incomplete} (the caller then stats every table, as without a watch): the first look at a folder, a lost notice
 * (overflow), a folder replaced by another (its file key changed), a cookie that did not come back in time.
 * Used only on Linux and on local file systems ({@link #watchable}), where inotify sees every writer; on NFS or
 * SMB another machine's writes raise no notice here.
 */
final class TableWatch implements AutoCloseable {

    static final String COOKIE_PREFIX = ".skyroute-watch-";
    private static final long COOKIE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(300);
    private static final Set<String> LOCAL_FILE_SYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "zfs", "f2fs",
            "jfs", "reiserfs", "bcachefs", "overlay");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TableWatch.class);

    /**
     * What changed in a folder since its last look. {@code watching}: the folder is watched from before this look on,
     * so what is read from it now can be vouched for by later looks. {@code complete}: {@code changed} names every
     * file changed since the previous look (else nothing read before may be trusted).
     */
    record Look(boolean watching, boolean complete, Set<String> changed) {
        static final Look NONE = new Look(false, false, Set.of());
    }

    /** A watched folder; its lock makes one look at a time read its notices (each notice goes to one look). */
    private record Watched(WatchKey key, Object folderKey, java.util.concurrent.locks.ReentrantLock reading) {
    }

    private volatile boolean enabled;
    private final Map<Path, Watched> watched = new HashMap<>();
    private final Set<Path> refused = new HashSet<>();
    private final AtomicLong cookies = new AtomicLong();
    private WatchService service;

    /** @param enabled false: every look is {@link Look#NONE} (reduction.watch_stored_tables) */
    TableWatch(boolean enabled) {
        this.enabled = enabled && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** Whether the kernel reports every change to files in the folder (a local file system seen from Linux). */
    static boolean watchable(String fileSystemType) {
        return LOCAL_FILE_SYSTEMS.contains(fileSystemType.toLowerCase(Locale.ROOT));
    }

    /** Looks at the folder: starts watching it if it is not yet watched (an incomplete look), else reads its notices. */
    Look look(Path folder) {
        return look(List.of(folder)).get(0);
    }

    /**
     * Looks at several folders at once, each as {@link #look(Path)} does: the cookies are made in all of them first and
     * then awaited, so the waits overlap. Pass a folder before any folder inside it (the order the folders are locked in).
     */
    List<Look> look(List<Path> folders) {
        List<Look> looks = new ArrayList<>(java.util.Collections.nCopies(folders.size(), Look.NONE));
        if (!enabled) {
            return looks;
        }
        List<Integer> reading = new ArrayList<>();
        List<Watched> readers = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            Path key = folders.get(i).toAbsolutePath();
            try {
                Watched current = current(key);
                if (current == null) {
                    looks.set(i, start(key));
                } else {
                    reading.add(i);
                    readers.add(current);
                }
            } catch (IOException | ClosedWatchServiceException e) {
                forget(key);
            }
        }
        readers.forEach(w -> w.reading.lock());
        try {
            String[] cookies = new String[folders.size()];
            for (int i : reading) {
                Path key = folders.get(i).toAbsolutePath();
                try {
                    cookies[i] = makeCookie(key);
                } catch (IOException e) {
                    forget(key);
                }
            }
            for (int r = 0; r < reading.size(); r++) {
                int i = reading.get(r);
                if (cookies[i] != null) {
                    Path key = folders.get(i).toAbsolutePath();
                    try {
                        looks.set(i, read(key, readers.get(r).key, cookies[i]));
                    } catch (IOException | ClosedWatchServiceException e) {
                        forget(key);
                    }
                }
            }
        } finally {
            readers.forEach(w -> w.reading.unlock());
        }
        return looks;
    }

    /** The folder's watch if it is watched and still the same folder; null when it is to be started. */
    private Watched current(Path key) throws IOException {
        Object folderKey = Files.readAttributes(key, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        synchronized (this) {
            Watched current = watched.get(key);
            if (current != null && (!current.key.isValid() || !current.folderKey.equals(folderKey))) {
                current.key.cancel(); // the folder was removed or replaced: its notices say nothing about this one
                watched.remove(key);
                current = null;
            }
            return current;
        }
    }

    private synchronized Look start(Path folder) throws IOException {
        if (refused.contains(folder)) {
            return Look.NONE;
        }
        Watched raced = watched.get(folder);
        if (raced != null) {
            return new Look(true, false, Set.of()); // another look started it a moment ago: this one vouches for nothing before
        }
        return start(folder, Files.readAttributes(folder, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    }

    private Look start(Path folder, Object folderKey) throws IOException {
        if (folderKey == null || !watchable(Files.getFileStore(folder).type())) {
            refused.add(folder);
            LOG.debug("{}: stored tables are checked one by one (not a local file system on Linux)", folder);
            return Look.NONE;
        }
        if (service == null) {
            try {
                service = FileSystems.getDefault().newWatchService();
            } catch (IOException e) {
                // the kernel's limit of inotify instances (fs.inotify.max_user_instances): nothing is watched
                LOG.warn("stored tables' folders cannot be watched ({}); each table is checked one by one", e.getMessage());
                enabled = false;
                return Look.NONE;
            }
        }
        WatchKey key;
        try {
            key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            // most often the kernel's limit of watches (fs.inotify.max_user_watches): this folder is checked table by table
            refused.add(folder);
            LOG.warn("{}: not watched ({}); its stored tables are checked one by one", folder, e.getMessage());
            return Look.NONE;
        }
        watched.put(folder, new Watched(key, folderKey, new java.util.concurrent.locks.ReentrantLock()));
        return new Look(true, false, Set.of());
    }

    /** The notices since the last look, up to a cookie made now (so that none made before now is still on its way). */
    private Look read(Path folder, WatchKey key, String firstCookie) throws IOException {
        String cookie = firstCookie;
        Set<String> changed = new HashSet<>();
        boolean complete = true;
        boolean cookieBack = false;
        long started = System.nanoTime();
        long deadline = started + COOKIE_WAIT_NANOS;
        while (!cookieBack) {
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    // notices were lost, perhaps the cookie's too (an overflow swallows what follows it until read)
                    complete = false;
                    cookie = makeCookie(folder);
                    continue;
                }
                String name = event.context().toString();
                if (name.equals(cookie)) {
                    cookieBack |= event.kind() == StandardWatchEventKinds.ENTRY_DELETE;
                } else if (!name.startsWith(COOKIE_PREFIX)) {
                    changed.add(name);
                }
            }
            if (!cookieBack) {
                if (!key.isValid()) {
                    forget(folder); // the folder went while it was looked at: the next look starts again
                    return Look.NONE;
                }
                if (System.nanoTime() > deadline) {
                    // the notices are not arriving here (a file system that does not report them): stop trusting them
                    LOG.warn("{}: no change notice for a file made there within {} s; its stored tables are checked one by one from now on",
                            folder, TimeUnit.NANOSECONDS.toSeconds(COOKIE_WAIT_NANOS));
                    forget(folder);
                    synchronized (this) {
                        refused.add(folder);
                    }
                    return Look.NONE;
                }
                // the notice usually comes within ~0.1 ms: spin that long (a park sleeps at least the timer slack, ~60 us, each time)
                if (System.nanoTime() - started < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
        return new Look(true, complete, changed);
    }

    /** Makes and removes a file in the folder whose removal's notice marks "now" among the folder's notices; its name. */
    private String makeCookie(Path folder) throws IOException {
        String cookie = COOKIE_PREFIX + ProcessHandle.current().pid() + "-" + cookies.incrementAndGet();
        Path cookieFile = folder.resolve(cookie);
        Files.createFile(cookieFile);
        Files.delete(cookieFile);
        return cookie;
    }

    private synchronized void forget(Path folder) {
        Watched gone = watched.remove(folder);
        if (gone != null) {
            gone.key.cancel();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        watched.clear();
        if (service != null) {
            service.close();
        }
    }
}
