package io.skyroute.reduction;

import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Checksums;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

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

    /** Bytes written to the file at a time: a lightcurve's ECSV of 2,000 rows is ~460 kB, in 8 kB writes ~60 system calls. */
    private static final int WRITE_BUFFER = 64 * 1024;

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
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary), WRITE_BUFFER)) {
            content.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return commit(temporary, target);
    }

    /** A product written, with the SHA-256 of its bytes (lower-case hex, as {@link io.skyroute.pipeline.Checksums} gives). */
    record Hashed(Path path, String sha256) {
    }

    /** {@link #text}, hashing the bytes on their way to the file (the provenance names them without reading them back). */
    static Hashed hashedText(Path target, Content content) throws IOException {
        return hashedBinary(target, out -> {
            // the encoder Files.newBufferedWriter uses: a character UTF-8 cannot encode is an error, not a '?'
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8.newEncoder()));
            content.write(text);
            text.flush();
        });
    }

    /** {@link #binary}, hashing the bytes on their way to the file. */
    static Hashed hashedBinary(Path target, BinaryContent content) throws IOException {
        MessageDigest digest = Checksums.newDigest("SHA-256");
        Path written = binary(target, out -> {
            DigestOutputStream hashing = new DigestOutputStream(out, digest);
            content.write(hashing);
            hashing.flush();
        });
        return new Hashed(written, HexFormat.of().formatHex(digest.digest()));
    }

    static Path commit(Path temporary, Path target) throws IOException {
        return AtomicFiles.commit(temporary, target);
    }
}
