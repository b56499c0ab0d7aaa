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
 * gives them, for a pipeline that lists the same datasets again and again. A name is checked to be a regular file
 * once, when first seen, not on every run (on this machine a check costs ~3 us: 6 ms of every run at 2,000 frames).
 * Where the folder is watched and the look is complete ({@link TableWatch}), the last listing is brought up to date
 * from the names the notices give instead of listing the folder again (3 ms of every run at 2,000 frames); otherwise
 * the folder is listed, so frames that came or went are always seen. A frame replaced by a directory of the same
 * name is not noticed here; reading it then fails with the reason, as for any unreadable frame.
 */
final class FrameListing {

    private static final int DATASETS = 256;

    /**
     * One dataset's last listing: its frames in order, the FITS names that were not regular files then (a dangling
     * link, a folder), looked at again every run; {@code vouched}: the folder was watched from before the listing.
     */
    private record Listed(List<Named> frames, Set<String> notRegular, boolean ascii, boolean vouched) {
    }

    /**
     * A frame's name, its path, its table's name and path ({@code photometry/<table>} beside it), made once per frame
     * and not per run: at 2,000 frames the names and paths made again each run, and their hash codes, cost ~1 ms.
     */
    record Named(String name, Path path, String table, Path tablePath) {

        static Named of(Path path, String name) {
            String table = AperturePipeline.tableName(name);
            return new Named(name, path, table, path.resolveSibling(AperturePipeline.PHOTOMETRY_DIR).resolve(table));
        }
    }

    private final Map<Path, Listed> listed = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Listed> eldest) {
            return size() > DATASETS;
        }
    });

    List<Path> frames(Path dataset) throws IOException {
        return paths(named(dataset, TableWatch.Look.NONE));
    }

    /** The frames, each with its name and table name; {@code look}: the dataset folder's, taken just before. */
    List<Named> named(Path dataset, TableWatch.Look look) throws IOException {
        if (!Files.isDirectory(dataset)) {
            return List.of();
        }
        Path key = dataset.toAbsolutePath().normalize();
        Listed previous = listed.get(key);
        Listed now = previous != null && previous.vouched && look.complete() ? update(dataset, previous, look.changed())
                : list(dataset, previous, look.watching());
        listed.put(key, now);
        return now.frames;
    }

    static List<Path> paths(List<Named> frames) {
        List<Path> paths = new ArrayList<>(frames.size());
        for (Named frame : frames) {
            paths.add(frame.path);
        }
        return paths;
    }

    private static Listed list(Path dataset, Listed previous, boolean vouched) throws IOException {
        Map<String, Named> known = new java.util.HashMap<>();
        if (previous != null) {
            previous.frames.forEach(frame -> known.put(frame.name, frame));
        }
        List<Named> frames = new ArrayList<>();
        Set<String> notRegular = new HashSet<>();
        boolean ascii = true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataset)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!FitsFiles.isFits(entry)) {
                    continue;
                }
                Named frame = known.get(name);
                if (frame != null || Files.isRegularFile(entry)) {
                    frames.add(frame != null ? frame : Named.of(entry, name));
                    ascii &= isAscii(name);
                } else {
                    notRegular.add(name);
                }
            }
        }
        frames.sort(order(ascii));
        return new Listed(Collections.unmodifiableList(frames), notRegular, ascii, vouched);
    }

    /** The last listing with the names the notices gave (and those that were not regular files) looked at again. */
    private static Listed update(Path dataset, Listed previous, Set<String> changed) {
        Set<String> again = new HashSet<>(previous.notRegular);
        for (String name : changed) {
            if (!name.startsWith(".") && FitsFiles.isFits(Path.of(name))) {
                again.add(name);
            }
        }
        if (again.isEmpty()) {
            return previous;
        }
        List<Named> frames = new ArrayList<>(previous.frames);
        frames.removeIf(frame -> again.contains(frame.name));
        Set<String> notRegular = new HashSet<>();
        boolean ascii = previous.ascii;
        for (String name : again) {
            Path path = dataset.resolve(name);
            if (Files.isRegularFile(path)) {
                frames.add(Named.of(path, name));
                ascii &= isAscii(name);
            } else if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                notRegular.add(name);
            }
        }
        frames.sort(order(ascii));
        return new Listed(Collections.unmodifiableList(frames), notRegular, ascii, true);
    }

    /**
     * The same order as the whole paths (one folder: their names' bytes); ASCII names compare alike as text, which is
     * ~4x faster than comparing the paths' names (a new Path each time); other names are compared as paths.
     */
    private static Comparator<Named> order(boolean ascii) {
        return ascii ? Comparator.comparing(Named::name) : Comparator.comparing(named -> named.path.getFileName());
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
