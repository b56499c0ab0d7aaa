package io.skyroute.timetag;

import io.skyroute.config.TimetagConfig;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Checksums;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * hstlc's {@code reset_hstlc_filesystem}: every file in the filesystem folder goes back to the ingest folder
 * (one whose identical copy is already there is removed instead), the emptied folders are removed, and the
 * derived products (the outputs and composite folders) are deleted. Bad data stays where it is. Only the
 * configured folders are touched; symbolic links are not followed.
 */
public final class FilesystemReset {

    /** What a reset will do. */
    public record Plan(List<Path> moveBack, List<Path> duplicates, List<Path> derived) {

        public boolean isEmpty() {
            return moveBack.isEmpty() && duplicates.isEmpty() && derived.isEmpty();
        }
    }

    private final TimetagConfig config;

    public FilesystemReset(TimetagConfig config) {
        this.config = config;
    }

    public Plan plan() throws IOException {
        List<Path> moveBack = new ArrayList<>();
        List<Path> duplicates = new ArrayList<>();
        for (Path file : files(config.filesystemDir())) {
            Path there = config.ingestDir().resolve(file.getFileName().toString());
            if (Files.isRegularFile(there, LinkOption.NOFOLLOW_LINKS) && Checksums.sha256(there).equals(Checksums.sha256(file))) {
                duplicates.add(file);
            } else {
                moveBack.add(file);
            }
        }
        List<Path> derived = new ArrayList<>(files(config.outputsDir()));
        derived.addAll(files(config.compositeDir()));
        return new Plan(moveBack, duplicates, derived);
    }

    /** Carries out the plan; returns how many files were moved back. */
    public int execute(Plan plan) throws IOException {
        Files.createDirectories(config.ingestDir());
        for (Path file : plan.moveBack()) {
            AtomicFiles.moveInto(file, config.ingestDir());
        }
        for (Path file : plan.duplicates()) {
            Files.delete(file);
        }
        for (Path file : plan.derived()) {
            Files.deleteIfExists(file);
        }
        for (Path root : List.of(config.filesystemDir(), config.outputsDir(), config.compositeDir())) {
            removeEmptyFolders(root);
        }
        return plan.moveBack().size();
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)).sorted().toList();
        }
    }

    private static void removeEmptyFolders(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path folder : walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !p.equals(root))
                    .sorted(Comparator.reverseOrder()).toList()) {
                try (Stream<Path> inside = Files.list(folder)) {
                    if (inside.findAny().isEmpty()) {
                        Files.delete(folder);
                    }
                }
            }
        }
    }
}
