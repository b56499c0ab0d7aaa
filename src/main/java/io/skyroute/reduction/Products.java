package io.skyroute.reduction;

import io.skyroute.pipeline.AtomicFiles;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a dataset's products atomically: to a hidden temporary name next to the product, then renamed. */
final class Products {

    @FunctionalInterface
    interface Content {
        void write(Writer out) throws IOException;
    }

    @FunctionalInterface
    interface BinaryContent {
        void write(java.io.OutputStream out) throws IOException;
    }

    private Products() {
    }

    static Path text(Path target, Content content) throws IOException {
        Path temporary = AtomicFiles.temporaryFor(target);
        try (Writer out = Files.newBufferedWriter(temporary)) {
            content.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return commit(temporary, target);
    }

    static Path binary(Path target, BinaryContent content) throws IOException {
        Path temporary = AtomicFiles.temporaryFor(target);
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary))) {
            content.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return commit(temporary, target);
    }

    static Path commit(Path temporary, Path target) throws IOException {
        return AtomicFiles.commit(temporary, target);
    }
}
