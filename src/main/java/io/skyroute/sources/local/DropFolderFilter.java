package io.skyroute.sources.local;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the drop folder's poll takes, and a word on what it leaves: a dot-file is a file still being written (the
 * atomic-drop convention: write {@code .name.part}, then rename), so it is left, but one unchanged for
 * {@value #STALE_MINUTES} minutes is reported once, as is a name whose bytes are not UTF-8 (the JVM cannot open such
 * a file by name: it has to be renamed). Nothing is left without a log line.
 */
public final class DropFolderFilter implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(DropFolderFilter.class);
    static final long STALE_MINUTES = 10;
    private static final int MAX_REMEMBERED = 10_000;

    private final Clock clock;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public DropFolderFilter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return false;
        }
        String name = file.getFileNameOnly();
        if (name.indexOf('\uFFFD') >= 0) {
            once(name, "its name is not valid UTF-8, so it cannot be opened by name: rename it (e.g. with convmv) to have it taken");
            return false;
        }
        if (name.startsWith(".")) {
            long age = clock.millis() - file.getLastModified();
            if (age > Duration.ofMinutes(STALE_MINUTES).toMillis()) {
                once(name, "a dot-file is taken as one still being written and has not changed for " + age / 60_000
                        + " min: rename it without the leading dot to have it taken");
            }
            return false;
        }
        return true;
    }

    private void once(String name, String reason) {
        if (reported.size() < MAX_REMEMBERED && reported.add(name)) {
            LOG.warn("Drop folder: {} is left where it is: {}", printable(name), reason);
        }
    }

    /** A name as a log line can show it: control characters escaped (a line break as backslash-n, others as hex). */
    static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length() + 2).append('\'');
        for (char c : name.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }
}
