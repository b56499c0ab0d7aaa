package io.skyroute.bench;

import io.skyroute.app.OneShotContext;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.DatabaseConfig;
import io.skyroute.config.DropConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.pipeline.PassReport;
import io.skyroute.sources.lco.LcoSource;
import io.skyroute.testing.LcoArchiveStandIn;
import io.skyroute.testing.LcoArchiveStandIn.StoredFrame;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.skyroute.sources.HttpDownloader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The LCO source's benchmark (README, "Benchmarks"):
 * <ol>
 * <li>poll + download + record of N small frames from the loopback stand-in, on the embedded ledger
 * (or PostgreSQL with {@code --pg URL}): frames/s;</li>
 * <li>download throughput on real 1.8 MB frames: {@code curl} fetching the same URLs with the same
 * parallelism (alone, and followed by {@code md5sum}), the download path {@code lco-download} uses, and
 * the whole pass: MB/s for each and the ratios.</li>
 * </ol>
 * Run: {@code ./mvnw -q -DskipTests package test-compile && java -cp "target/classes:target/test-classes:target/lib/*" io.skyroute.bench.LcoDownloadBenchmark}
 */
public final class LcoDownloadBenchmark {

    private static final String TOKEN = "bench-token";

    public static void main(String[] args) throws Exception {
        int frames = 2000;
        int bigFrames = 60;
        int parallel = 4;
        String pg = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                case "--big-frames" -> bigFrames = Integer.parseInt(args[++i]);
                case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                case "--pg" -> pg = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("skyroute-bench");
        try {
            smallFrames(work.resolve("small"), frames, parallel, pg);
            throughput(work.resolve("big"), bigFrames, parallel);
        } finally {
            BenchSupport.deleteTree(work);
        }
    }

    private static void smallFrames(Path dir, int n, int parallel, String pg) throws Exception {
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN)) {
            Random random = new Random(42);
            for (int i = 0; i < n; i++) {
                byte[] content = new byte[2880 * 2];
                random.nextBytes(content);
                archive.add(new StoredFrame(i + 1, "ogg0m404-kb82-20250101-" + String.format("%05d", i) + "-e91", "BENCH",
                        Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i), "EXPOSE", 91, "kb82", "BENCH", "rp", content));
            }
            DatabaseConfig database = pg == null
                    ? new DatabaseConfig("jdbc:h2:file:" + dir.resolve("db/ledger") + ";AUTO_SERVER=TRUE", "sa", null, parallel + 2)
                    : new DatabaseConfig(BenchSupport.freshSchema(pg), "postgres", null, parallel + 2);
            Timed timed = pass(dir, archive, database, parallel);
            PassReport report = timed.report();
            double seconds = timed.seconds();
            System.out.printf("poll+download+record of %d small frames (%d B each, %s ledger, %d parallel): %.1f s, %.0f frames/s (%s)%n",
                    n, 2880 * 2, pg == null ? "H2" : "PostgreSQL", parallel, seconds, report.downloaded() / seconds, report);
        }
    }

    private static void throughput(Path dir, int n, int parallel) throws Exception {
        String[] real = {"ogg0m404-kb82-20170815-1160-e91", "coj0m403-kb98-20170816-0392-e91",
                "ogg0m404-kb82-20170816-0336-e91", "coj0m405-kb97-20170817-0388-e91"};
        try (LcoArchiveStandIn archive = new LcoArchiveStandIn(TOKEN)) {
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                byte[] content;
                try (InputStream in = LcoDownloadBenchmark.class.getResourceAsStream("/frames/" + real[i % real.length] + ".fits.fz")) {
                    content = in.readAllBytes();
                }
                bytes += content.length;
                archive.add(new StoredFrame(i + 1, real[i % real.length] + "-" + i, "BENCH",
                        Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i), "EXPOSE", 91, "kb82", "BENCH", "rp", content));
            }
            List<String> urls = presignedUrls(archive, n);
            double mb = bytes / 1e6;

            // curl first and again after, to even out cache effects; the median of three of each
            List<String> md5s = new ArrayList<>();
            for (int id = 1; id <= n; id++) {
                md5s.add(archive.frame(id).md5());
            }
            List<Double> curlTimes = new ArrayList<>();
            List<Double> verifiedCurlTimes = new ArrayList<>();
            List<Double> downloaderTimes = new ArrayList<>();
            List<Double> ourTimes = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                double curlSeconds = curl(dir.resolve("curl" + round), urls, parallel);
                curlTimes.add(curlSeconds);
                verifiedCurlTimes.add(curlSeconds + md5sum(dir.resolve("curl" + round)));
                downloaderTimes.add(downloader(dir.resolve("downloader" + round), urls, md5s, parallel));
                Timed timed = pass(dir.resolve("skyroute" + round), archive, new DatabaseConfig(
                        "jdbc:h2:file:" + dir.resolve("skyroute" + round + "/db/ledger") + ";AUTO_SERVER=TRUE", "sa", null, parallel + 2), parallel);
                ourTimes.add(timed.seconds());
                if (timed.report().downloaded() != n) {
                    throw new IllegalStateException("downloaded " + timed.report().downloaded() + " of " + n);
                }
            }
            double curl = median(curlTimes);
            double verifiedCurl = median(verifiedCurlTimes);
            double downloader = median(downloaderTimes);
            double ours = median(ourTimes);
            System.out.printf("download throughput on %d real frames (%.0f MB, %d parallel, median of 3):%n"
                            + "  curl                                   %.2f s = %4.0f MB/s%n"
                            + "  curl + md5sum                          %.2f s = %4.0f MB/s%n"
                            + "  skyroute download path (md5, fsync)    %.2f s = %4.0f MB/s   = %.2f of curl, %.2f of curl + md5sum%n"
                            + "  skyroute whole pass (+ list, ledger)   %.2f s = %4.0f MB/s   = %.2f of curl, %.2f of curl + md5sum%n",
                    n, mb, parallel, curl, mb / curl, verifiedCurl, mb / verifiedCurl,
                    downloader, mb / downloader, curl / downloader, verifiedCurl / downloader,
                    ours, mb / ours, curl / ours, verifiedCurl / ours);
        }
    }

    /** A pass and how long it took, from the request to the report (the context is already started). */
    private record Timed(PassReport report, double seconds) {
    }

    private static Timed pass(Path dir, LcoArchiveStandIn archive, DatabaseConfig database, int parallel) throws Exception {
        Files.createDirectories(dir);
        Path download = dir.resolve("data_download.yaml");
        Files.writeString(download, """
                archives:
                  - name: lco
                    url: %s
                    token_envvar: BENCH_TOKEN
                    proposals: [BENCH]
                data_download_dir: %s
                data_reduction_dir: %s
                start_datetime: "2024-12-31 00:00"
                end_datetime: "2025-01-02 00:00"
                max_parallel_downloads: %d
                """.formatted(archive.url(), dir.resolve("downloads"), dir.resolve("red"), parallel));
        SkyrouteConfig daemon = new SkyrouteConfig(dir.resolve("var"), database, dir.resolve("no-routes"),
                new DropConfig(dir.resolve("drop"), false), new io.skyroute.config.SortingConfig(false, null, null, null), null, null, null, null, null, null);
        SkyrouteSetup setup = SkyrouteSetup.withDownload(daemon, download, new ConfigLoader(Map.of()), new Secrets(Map.of("BENCH_TOKEN", TOKEN)));
        try (LedgerDatabase ledger = LedgerDatabase.connect(database, setup.secrets()).open();
             OneShotContext camel = OneShotContext.start(setup, ledger)) {
            PassReport report = new PassReport(null);
            long start = System.nanoTime();
            camel.request(LcoSource.PASS, Map.of(PassReport.PROPERTY, report));
            return new Timed(report, (System.nanoTime() - start) / 1e9);
        }
    }

    private static List<String> presignedUrls(LcoArchiveStandIn archive, int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> urls = new ArrayList<>();
        for (int id = 1; id <= n; id++) {
            String body = http.send(HttpRequest.newBuilder(URI.create(archive.url() + "frames/" + id + "/"))
                    .header("Authorization", "Token " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
            urls.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("url").asText());
        }
        return urls;
    }

    private static double curl(Path dir, List<String> urls, int parallel) throws Exception {
        Files.createDirectories(dir);
        Path list = dir.resolve("urls.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            lines.add("url = \"" + urls.get(i) + "\"");
            lines.add("output = \"" + dir.resolve("f" + i + ".fits.fz") + "\"");
        }
        Files.write(list, lines);
        long start = System.nanoTime();
        Process p = new ProcessBuilder("curl", "-sS", "--fail", "--parallel", "--parallel-max", String.valueOf(parallel), "-K", list.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }


    /** The download path lco-download uses (HttpDownloader: stream, md5, fsync, rename) on the same URLs and parallelism as curl. */
    private static double downloader(Path dir, List<String> urls, List<String> md5s, int parallel) throws Exception {
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try (HttpDownloader downloader = new HttpDownloader(Duration.ofSeconds(60), parallel, io.skyroute.config.HttpLimitsConfig.defaults())) {
            long start = System.nanoTime();
            List<Future<HttpDownloader.Landed>> landed = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                int k = i;
                landed.add(pool.submit(() -> downloader.download(URI.create(urls.get(k)), dir.resolve("f" + k + ".fits.fz"), "MD5",
                        md5s.get(k), Map.of(), "frame " + k)));
            }
            for (Future<HttpDownloader.Landed> f : landed) {
                f.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    private static double md5sum(Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of("md5sum"));
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".fits.fz")).forEach(p -> command.add(p.toString()));
        }
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("md5sum failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

}
