package io.skyroute.reduction;

import io.skyroute.pipeline.FitsFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
        List<Path> frames = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataset)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (FitsFiles.isFits(entry) && (known.contains(name) || Files.isRegularFile(entry))) {
                    now.add(name);
                    frames.add(entry);
                }
            }
        }
        regular.put(key, now);
        // by name: the same order as the whole paths (one folder), without comparing the folder's part each time
        frames.sort(java.util.Comparator.comparing(Path::getFileName));
        return frames;
    }
}
