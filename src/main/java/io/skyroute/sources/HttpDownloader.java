package io.skyroute.sources;

import io.skyroute.config.HttpLimitsConfig;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.BoundedAnswers;
import io.skyroute.pipeline.Checksums;

import io.skyroute.pipeline.TransientFailure;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The one download path every source shares: stream the body to a temporary file in the target
 * folder while hashing it, compare with the published checksum, fsync, rename. A partial file never
 * appears under the final name, and a mismatch (a truncated or corrupted body) is a transient failure.
 * <p>
 * Uses Apache HttpClient 5 (the client camel-http is built on): its blocking streams move large bodies
 * about twice as fast as the JDK client here, and its socket timeout also catches a body that stalls.
 */
public final class HttpDownloader implements Closeable {

    /** The downloaded file, its checksum in the algorithm asked for, and its size. */
    public record Landed(Path path, String checksum, long bytes) {
    }

    private static final int BUFFER = 256 * 1024;

    private final CloseableHttpClient client;
    private final HttpLimitsConfig limits;

    public HttpDownloader(Duration timeout, int maxConnections, HttpLimitsConfig limits) {
        this.limits = limits;
        Timeout t = Timeout.ofMilliseconds(timeout.toMillis());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(maxConnections)
                        .setMaxConnTotal(maxConnections * 2)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t).setSocketTimeout(t).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).build())
                .disableAutomaticRetries()
                .build();
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
            throws IOException {
        return download(uri, target, algorithm, expectedChecksum, headers, what, (file, bytes) -> { }, null);
    }

    /** Checks a downloaded file before it is renamed into place (e.g. its size and structure where no checksum is served). */
    @FunctionalInterface
    public interface Verifier {
        /** @throws TransientFailure when the body is not what was announced (truncated, damaged) */
        void verify(Path temporary, long bytes) throws IOException;
    }

    /**
     * As above, with a check of the body before the rename and, for sources that authenticate by cookie, the
     * cookies (a {@code CookieStore} in the context sends each cookie only to its own domain, also across redirects).
     */
    public Landed download(URI uri, Path target, String algorithm, String expectedChecksum, Map<String, String> headers, String what,
                           Verifier verifier, org.apache.hc.client5.http.protocol.HttpClientContext context) throws IOException {
        HttpGet get = new HttpGet(uri);
        headers.forEach(get::addHeader);
        return BoundedAnswers.execute(client, get, context, limits.downloadDeadline(), what, response -> {
            if (response.getCode() == 403) {
                throw new StorageRefused(what + ": the storage host refused the download URL (HTTP 403); it may have expired");
            }
            if (response.getCode() / 100 != 2) {
                throw HttpStatusFailures.of(response.getCode(), header(response, "Retry-After"), what);
            }
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                throw new TransientFailure(what + ": the reply has no body");
            }
            long announced = entity.getContentLength();
            try {
                requireRoom(target.toAbsolutePath().getParent(), announced, what);
                if (announced > limits.maxDownloadBytes()) {
                    throw new TransientFailure(String.format("%s: the server announces %,d bytes, more than http.max_download_mb (%d MB)", what,
                            announced, limits.maxDownloadMb()));
                }
            } catch (TransientFailure refused) {
                get.cancel(); // drops the connection: closing the response would otherwise read the whole body to reuse it
                throw refused;
            }
            try (InputStream body = BoundedAnswers.limited(entity.getContent(), limits.maxDownloadBytes(), what)) {
                return land(body, target, algorithm, expectedChecksum, what, (file, bytes) -> {
                    // a compressed transfer announces its compressed length: only a plain body's bytes must match it
                    if (announced >= 0 && entity.getContentEncoding() == null && bytes != announced) {
                        throw new TransientFailure(String.format("%s: %,d bytes read where the server announced %,d", what, bytes, announced));
                    }
                    verifier.verify(file, bytes);
                });
            }
        });
    }

    /**
     * Refuses, before reading it, a body the folder cannot hold: on a full disk each retry then costs a request, not
     * the frame's bytes (the caller drops the connection). A body of unknown length is read, and a
     * disk that fills meanwhile still fails the write.
     */
    static void requireRoom(Path folder, long announced, String what) throws IOException {
        if (announced < 0) {
            return;
        }
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) { // the folder itself is made when the file is written
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        long usable = Files.getFileStore(existing).getUsableSpace();
        if (usable < announced) {
            throw new TransientFailure(String.format("%s: not enough space in %s: the body is %,d bytes, %,d are free (No space left on device)",
                    what, folder, announced, usable));
        }
    }

    private static String header(ClassicHttpResponse response, String name) {
        var header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static Landed land(InputStream body, Path target, String algorithm, String expected, String what, Verifier verifier)
            throws IOException {
        Path temporary = AtomicFiles.temporaryFor(target);
        try {
            MessageDigest digest = Checksums.newDigest(algorithm);
            long bytes = 0;
            byte[] buffer = new byte[BUFFER];
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    bytes += n;
                }
                out.force(false); // on disk before the rename makes it visible
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (expected != null && !expected.equalsIgnoreCase(actual)) {
                throw new TransientFailure(what + ": " + algorithm + " mismatch after " + bytes + " bytes (expected " + expected
                        + ", got " + actual + "); the body was truncated or corrupted");
            }
            verifier.verify(temporary, bytes);
            AtomicFiles.rename(temporary, target);
            return new Landed(target, actual, bytes);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** The storage host answered 403 to a download URL. */
    public static class StorageRefused extends IOException {
        public StorageRefused(String message) {
            super(message);
        }
    }
}
