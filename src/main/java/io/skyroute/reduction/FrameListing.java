package io.skyroute.reduction;

import io.skyroute.pipeline.FitsFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dataset's frame files (FITS names, regular files, in path order), as {@link io.skyroute.pipeline.Dataset#frames()}
 * gives them, for a pipeline that lists the same datasets again and again: a name is checked to be a regular file
 * once, when first seen, not on every run (on this machine a check costs ~3 us: 6 ms of every run at 2,000 frames).
 * The folder is listed every time, so frames that came or went are always seen. A frame replaced by a directory of
 * the same name is not noticed here; reading it then fails with the reason, as for any unreadable frame.
 */
final class FrameListing {

    private static final int DATASETS = 256;

    private final Map<Path, Set<String>> regular = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Set<String>> eldest) {
            return size() > DATASETS;
        }
    });

    List<Path> frames(Path dataset) throws IOException {
        if (!Files.isDirectory(dataset)) {
            return List.of();
        }
        Path key = dataset.toAbsolutePath().normalize();
        Set<String> known = regular.getOrDefault(key, Set.of());
        Set<String> now = new HashSet<>();
        List<Named> frames = new ArrayList<>();
        boolean ascii = true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataset)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (FitsFiles.isFits(entry) && (known.contains(name) || Files.isRegularFile(entry))) {
                    now.add(name);
                    frames.add(new Named(name, entry));
                    ascii &= isAscii(name);
                }
            }
        }
        regular.put(key, now);
        // the same order as the whole paths (one folder: their names' bytes); ASCII names compare alike as text, which
        // is ~4x faster than comparing the paths' names (a new Path each time); other names are compared as paths
        frames.sort(ascii ? Comparator.comparing(Named::name) : Comparator.comparing(named -> named.path.getFileName()));
        List<Path> paths = new ArrayList<>(frames.size());
        for (Named frame : frames) {
            paths.add(frame.path);
        }
        return paths;
    }

    private record Named(String name, Path path) {
    }

    private static boolean isAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
