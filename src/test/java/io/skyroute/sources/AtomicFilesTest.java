package io.skyroute.sources;

import io.skyroute.pipeline.AtomicFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {

    @TempDir
    Path folder;

    @Test
    void temporaryFilesAreHiddenDistinctAndInTheTargetFolder() throws IOException {
        Path target = folder.resolve("sub/lightcurve.csv");
        Set<Path> names = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Path temporary = AtomicFiles.temporaryFor(target);
            assertThat(temporary).exists().isEmptyFile().hasParent(target.getParent());
            assertThat(temporary.getFileName().toString()).startsWith(".lightcurve.csv.").endsWith(".part");
            names.add(temporary);
        }
        assertThat(names).hasSize(50);
    }

    @Test
    void landedFilesGetTheFolderDefaultPermissionsNotOwnerOnly() throws IOException {
        Path plain = Files.createFile(folder.resolve("made-the-usual-way"));
        Path landed = AtomicFiles.write(new ByteArrayInputStream("x".getBytes()), folder.resolve("landed.csv"));

        assertThat(Files.getPosixFilePermissions(landed)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(landed).hasContent("x");
        try (var listing = Files.list(folder)) {
            assertThat(listing.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }
}
