package io.skyroute.sources.dropbox;

import io.skyroute.pipeline.TransientFailure;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Checksums;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Downloads release files into a mirror of the release tree: each to a temporary file next to its
 * place, checked against the Dropbox content hash and (where the file list has one) the release MD5,
 * renamed into place only when both agree. As the original downloader: each file is tried once in the
 * main loop, then a mismatch or a transient fault is retried in up to {@code maxRetries} rounds after it
 * (waiting as a 429 asks); files already there are checked and fetched again only when they fail the
 * check (or always with {@code overwrite}). Several files at once on a bounded pool, logged per file.
 */
public final class ReleaseDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseDownloader.class);

    /** Counts and the per-file problems (failures, missing checksums). */
    public record Result(int downloaded, int alreadyThere, int failed, List<String> problems) {
    }

    private final ReleaseClient client;
    private final int threads;
    private final int maxRetries;

    public ReleaseDownloader(ReleaseClient client, int threads, int maxRetries) {
        this.client = client;
        this.threads = Math.max(1, threads);
        this.maxRetries = Math.max(0, maxRetries);
    }

    public Result download(List<ReleaseFile> files, Path output, boolean overwrite, IntConsumer progress) throws InterruptedException {
        Tally tally = new Tally(progress);
        List<ReleaseFile> toFetch = new ArrayList<>();
        for (ReleaseFile file : files) {
            if (!overwrite && verifiedCopy(file, output)) {
                tally.there.incrementAndGet();
                tally.finished();
                continue;
            }
            toFetch.add(file);
            if (file.contentHash() == null && file.md5() == null) {
                tally.problems.add(file.path() + ": warning: no checksum to verify against");
                LOG.warn("{}: no checksum to verify against", file.path());
            }
        }
        // as the original downloader: one try each in the main loop, then rounds of retries for what failed
        for (int round = 0; !toFetch.isEmpty(); round++) {
            List<Retry> retries = fetchAll(toFetch, output, tally, round, round >= maxRetries);
            toFetch = retries.stream().map(Retry::file).toList();
            if (!toFetch.isEmpty()) {
                long wait = retries.stream().mapToLong(Retry::waitMillis).max().orElse(0);
                LOG.info("{} file(s) to fetch again (retry round {} of {}) in {} ms", toFetch.size(), round + 1, maxRetries, wait);
                Thread.sleep(wait);
            }
        }
        return new Result(tally.downloaded.get(), tally.there.get(), tally.failed.get(), List.copyOf(tally.problems));
    }

    /** Counts shared by the download threads. */
    private static final class Tally {
        final AtomicInteger downloaded = new AtomicInteger();
        final AtomicInteger there = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final IntConsumer progress;

        Tally(IntConsumer progress) {
            this.progress = progress;
        }

        void finished() {
            progress.accept(done.incrementAndGet());
        }

        void failed(ReleaseFile file, Exception e) {
            failed.incrementAndGet();
            problems.add(file.path() + ": FAILED: " + e.getMessage());
            LOG.error("{}: failed: {}", file.path(), e.getMessage());
            finished();
        }
    }

    /** A file to fetch again in the next round, and how long its failure asks to wait. */
    private record Retry(ReleaseFile file, long waitMillis) {
    }

    private List<Retry> fetchAll(List<ReleaseFile> files, Path output, Tally tally, int round, boolean last) throws InterruptedException {
        List<Retry> retries = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (ReleaseFile file : files) {
                work.add(pool.submit(() -> {
                    try {
                        fetchOnce(client, file, file.under(output));
                        tally.downloaded.incrementAndGet();
                        tally.finished();
                    } catch (TransientFailure e) {
                        if (last) {
                            tally.failed(file, e);
                        } else {
                            LOG.warn("{}: {} (try {} of {}), fetching again after the main loop", file.path(), e.getMessage(), round + 1,
                                    maxRetries + 1);
                            retries.add(new Retry(file, e.retryAfter().map(java.time.Duration::toMillis)
                                    .orElse(200L * (1L << Math.min(round, 6)))));
                        }
                    } catch (RuntimeException | IOException e) {
                        tally.failed(file, e);
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        return retries;
    }

    private static boolean verifiedCopy(ReleaseFile file, Path output) {
        try {
            Path target = file.under(output);
            return Files.exists(target) && check(file, target) == null;
        } catch (IOException | RuntimeException unusable) {
            return false; // fetched, and refused there with the reason
        }
    }

    /**
     * One verified download: to a temporary file next to {@code target}, renamed into place only when
     * the hashes agree; a mismatch is a {@link TransientFailure} (fetch again). Returns the content hash.
     */
    public static String fetchOnce(ReleaseClient client, ReleaseFile file, Path target) throws IOException {
        Path temporary = AtomicFiles.temporaryFor(target);
        try {
            ReleaseClient.Downloaded got = client.download(file.path(), temporary);
            String mismatch = mismatch(file, got.contentHash(), got.md5());
            if (mismatch != null) {
                throw new TransientFailure(file.path() + ": " + mismatch);
            }
            AtomicFiles.commit(temporary, target);
            LOG.info("{}: {} bytes, verified", file.path(), got.bytes());
            return got.contentHash();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Null when the file on disk matches what the listing says, else why not. */
    private static String check(ReleaseFile file, Path existing) throws IOException {
        ContentHash contentHash = new ContentHash();
        MessageDigest md5 = Checksums.newDigest("MD5");
        try (InputStream in = Files.newInputStream(existing)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                contentHash.update(buffer, 0, n);
                md5.update(buffer, 0, n);
            }
        }
        return mismatch(file, contentHash.hex(), HexFormat.of().formatHex(md5.digest()));
    }

    private static String mismatch(ReleaseFile file, String contentHash, String md5) {
        if (file.contentHash() != null && !file.contentHash().equals(contentHash)) {
            return "content hash " + contentHash + " differs from Dropbox's " + file.contentHash();
        }
        if (file.md5() != null && !file.md5().equals(md5)) {
            return "MD5 " + md5 + " differs from the release's " + file.md5();
        }
        return null;
    }
}
