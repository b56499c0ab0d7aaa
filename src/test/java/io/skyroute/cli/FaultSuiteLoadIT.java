package io.skyroute.cli;

import io.skyroute.config.DatabaseConfig;
import io.skyroute.testing.SmallFrames;
import io.skyroute.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.skyroute.cli.FaultRig.SCALE;
import static io.skyroute.cli.FaultRig.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite's load: frames dropped at once into the drop folder of a daemon on PostgreSQL, through the
 * ledger and sorting (10,000 at full size), with one bad file among them; the daemon runs with the launcher's
 * memory settings for {@code run} ({@link DaemonProcess#LAUNCHER_MEMORY}, {@code MALLOC_ARENA_MAX=2}). Sampled every second from its
 * own metrics and /proc: heap used, live threads, resident set.
 */
class FaultSuiteLoadIT {

    private static final FaultTable TABLE = new FaultTable();

    @TempDir
    Path work;

    @AfterAll
    static void table() throws IOException {
        TABLE.write("load");
    }

    /** The highest figures seen by the sampler, and the thread count at chosen moments. */
    static final class Peaks {
        final AtomicLong heap = new AtomicLong();
        final AtomicLong threads = new AtomicLong();
        final AtomicLong rss = new AtomicLong();
    }

    @Test
    void tenThousandFramesAtOnceThroughTheLedgerAndSorting() throws Exception {
        DatabaseConfig database = TestDatabases.postgres();
        int frameCount = SCALE.pick(10_000, 1_500);
        int targets = 20;
        Path template = Files.writeString(work.resolve("red_template.yaml"), "target: {name: X, RA: 1, Dec: 1}\n");
        // reductions held off (an hour's debounce): this is the ingest path's load; reductions are measured in docs/benchmarks.md
        Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                database: {url: '%s', user: %s}
                drop: {enabled: true, min_age_ms: 1000, poll_ms: 500}
                sorting: {default_red_config: %s}
                reduction: {debounce_ms: 3600000, max_image_pixels: 1600000}
                analysis: {enabled: false}
                """.formatted(work.resolve("var"), database.url(), database.user(), template));
        Path stage = Files.createDirectories(work.resolve("stage"));
        for (int i = 0; i < frameCount; i++) {
            SmallFrames.write(stage.resolve(String.format("load-%05d.fits", i)), String.format("FIELD_%02d", i % targets), i);
        }
        int port = DaemonProcess.freePort();
        try (DaemonProcess daemon = DaemonProcess.start(work, config, DaemonProcess.LAUNCHER_MEMORY,
                Map.of("MALLOC_ARENA_MAX", "2", "SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)))) {
            Peaks peaks = new Peaks();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    sample(port, daemon.pid(), peaks);
                    sleep(1_000);
                }
            }, "load-sampler");
            sampler.setDaemon(true);
            Thread.sleep(3_000);
            long threadsIdle = metric(scrape(port), "jvm_threads_live_threads");
            sampler.start();

            // everything into the drop folder at once (a rename each), the bad file half-way
            Path drop = Files.createDirectories(work.resolve("var/drop"));
            Path bad = Files.copy(Path.of("src/test/resources/hostile/garbage.fits"), stage.resolve("bad-frame.fits"));
            long start = System.nanoTime();
            for (int i = 0; i < frameCount; i++) {
                String name = String.format("load-%05d.fits", i);
                Files.move(stage.resolve(name), drop.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                if (i == frameCount / 2) {
                    Files.move(bad, drop.resolve("bad-frame.fits"), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            double dropSeconds = (System.nanoTime() - start) / 1e9;
            Path quarantined = work.resolve("var/quarantine/sort-frame/bad-frame.fits");
            long[] sortedWhenQuarantined = {-1};
            daemon.await(() -> {
                try {
                    if (sortedWhenQuarantined[0] < 0 && Files.exists(quarantined)) {
                        sortedWhenQuarantined[0] = count(database, "select count(*) from frames where status = 'SORTED'");
                    }
                    return count(database, "select count(*) from frames where status = 'SORTED'") >= frameCount && sortedWhenQuarantined[0] >= 0;
                } catch (Exception e) {
                    return false;
                }
            }, 120 + frameCount / 10, "every frame sorted and the bad one quarantined");
            double seconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(10_000); // idle again: pools may shrink, nothing may keep growing
            sampling.set(false);
            sampler.join();
            String after = scrape(port);
            long threadsAfter = metric(after, "jvm_threads_live_threads");
            long datasets = count(database, "select count(*) from datasets");
            long deadLetters = count(database, "select count(*) from dead_letters");
            String reason = Files.readString(work.resolve("var/quarantine/sort-frame/bad-frame.fits.reason.txt")).strip();
            assertThat(daemon.alive()).isTrue();
            String output = daemon.output();
            assertThat(daemon.stop()).isIn(0, 143);

            long left;
            try (var files = Files.list(drop)) {
                left = files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
            }
            TABLE.add(new FaultTable.Row("load: " + String.format("%,d", frameCount) + " frames dropped at once, one bad file half-way"
                            + " (the launcher's " + String.join(" ", DaemonProcess.LAUNCHER_MEMORY) + ", MALLOC_ARENA_MAX=2; PostgreSQL ledger)",
                    String.format("%,d renames into the drop folder in %.1f s", frameCount, dropSeconds),
                    String.format("all recorded and sorted into %d datasets in %.0f s (%.0f frames/s); the bad file quarantined (\"%s\") when %,d"
                                    + " frames were sorted, the rest went on; peak heap used %.0f MB, peak resident set %.0f MB; live threads %d idle,"
                                    + " %d at most, %d after; %d dead letters", datasets, seconds, frameCount / seconds, reason.length() > 120
                                    ? reason.substring(0, 120) + "…" : reason, sortedWhenQuarantined[0], peaks.heap.get() / 1e6, peaks.rss.get() / 1e6,
                            threadsIdle, peaks.threads.get(), threadsAfter, deadLetters),
                    String.format("%d frames left in the drop folder, %s", left, output.contains("OutOfMemoryError") ? "OutOfMemoryError" : "no OutOfMemoryError")));
            assertThat(left).as("files left in the drop folder").isZero();
            assertThat(datasets).isEqualTo(targets);
            assertThat(output).doesNotContain("OutOfMemoryError");
            assertThat(peaks.heap.get()).as("peak heap used").isPositive().isLessThan(512L << 20);
            assertThat(deadLetters).as("only the bad file").isEqualTo(1);
            // no thread leak: a leak grows with the work (thousands of frames); bounded pools at their sizes add a few
            assertThat(threadsAfter).as("live threads after the load").isLessThan(threadsIdle + 25);
        }
    }

    private static void sample(int port, long pid, Peaks peaks) {
        try {
            String metrics = scrape(port);
            long heap = 0;
            Matcher used = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)").matcher(metrics);
            while (used.find()) {
                heap += (long) Double.parseDouble(used.group(1));
            }
            peaks.heap.accumulateAndGet(heap, Math::max);
            peaks.threads.accumulateAndGet(metric(metrics, "jvm_threads_live_threads"), Math::max);
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    peaks.rss.accumulateAndGet(Long.parseLong(line.replaceAll("\\D", "")) * 1024, Math::max);
                }
            }
        } catch (Exception e) {
            // a missed sample: the next one counts
        }
    }

    private static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long metric(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)").matcher(metrics);
        assertThat(m.find()).as(name + " in the metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
