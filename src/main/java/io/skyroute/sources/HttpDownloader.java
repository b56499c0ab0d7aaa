package io.skyroute.sources;

import io.skyroute.ops.TransientFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The one download path every source shares: stream the body to a temporary file in the target
 * folder while hashing it, compare with the published checksum, fsync, rename. A partial file never
 * appears under the final name, and a mismatch (a truncated or corrupted body) is a transient failure.
 */
public final class HttpDownloader {

    /** The downloaded file, its checksum in the algorithm asked for, and its size. */
    public record Landed(Path path, String checksum, long bytes) {
    }

    private final HttpClient client;
    private final Duration timeout;

    public HttpDownloader(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Downloads {@code uri} to {@code target}.
     *
     * @param algorithm        the digest the source publishes ("MD5", "SHA-256")
     * @param expectedChecksum lower-case hex, or null when the source publishes none
     * @param headers          extra request headers (e.g. authorisation); never logged
     * @param what             how to name the download in messages (not the URL: it may be presigned)
     * @throws StorageRefused   when the storage host answers 403 (e.g. an expired presigned URL)
     * @throws TransientFailure on 5xx/429 or a checksum mismatch
     * @throws IOException      on a connection failure, timeout or truncated body
     */
    public Landed download(URI uri, Path target, String algorithm, String expectedChecksum, Map<String, String> headers, String what)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 403) {
                throw new StorageRefused(what + ": the storage host refused the download URL (HTTP 403); it may have expired");
            }
            if (response.statusCode() / 100 != 2) {
                throw HttpStatusFailures.of(response, what);
            }
            return land(body, target, algorithm, expectedChecksum, what);
        }
    }

    private static Landed land(InputStream body, Path target, String algorithm, String expected, String what) throws IOException {
        Path temporary = AtomicFiles.temporaryFor(target);
        try {
            MessageDigest digest = Checksums.newDigest(algorithm);
            long bytes;
            try (InputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(temporary)) {
                bytes = in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (expected != null && !expected.equalsIgnoreCase(actual)) {
                throw new TransientFailure(what + ": " + algorithm + " mismatch after " + bytes + " bytes (expected " + expected
                        + ", got " + actual + "); the body was truncated or corrupted");
            }
            AtomicFiles.commit(temporary, target);
            return new Landed(target, actual, bytes);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The storage host answered 403 to a download URL. */
    public static class StorageRefused extends IOException {
        public StorageRefused(String message) {
            super(message);
        }
    }
}
