package io.skyroute.sources;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.skyroute.config.HttpLimitsConfig;
import io.skyroute.config.MastConfig;
import io.skyroute.config.Secrets;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.sources.lco.LcoArchiveClient;
import io.skyroute.sources.mast.MastClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 42, item 3: archives that answer with a gzip bomb, an endless or looping listing, an oversized page, a
 * trickle of one byte at a time, or a frame longer or shorter than it announced. Each ends in a {@link TransientFailure}
 * naming the bound it broke, within its deadline, having read no more than the limit (the pass then fails, is retried
 * and dead-lettered like an outage).
 */
class HostileAnswersTest {

    private static final LcoArchiveClient.Query QUERY = new LcoArchiveClient.Query("KEY2024-004", LocalDateTime.of(2017, 8, 1, 0, 0),
            LocalDateTime.of(2017, 9, 1, 0, 0), 91, true);
    private static final String RECORD = "{\"id\": %d, \"filename\": \"f%d.fits.fz\", \"url\": \"http://127.0.0.1/f\", \"version_set\": [{\"md5\": \"0\"}],"
            + " \"basename\": \"f%d\", \"proposal_id\": \"KEY2024-004\", \"observation_date\": \"2017-08-16T10:00:00Z\", \"reduction_level\": 91,"
            + " \"configuration_type\": \"EXPOSE\", \"OBJECT\": \"PDS 110\", \"FILTER\": \"rp\", \"INSTRUME\": \"kb98\", \"SITEID\": \"coj\","
            + " \"TELID\": \"0m403\", \"filesize\": 10}";

    @TempDir
    Path folder;

    private final HttpServer server = start();
    private final AtomicInteger requests = new AtomicInteger();

    private static HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private LcoArchiveClient lco(HttpLimitsConfig limits) {
        return new LcoArchiveClient("lco", url(), Secrets.plain("token-1234", "test"), Duration.ofSeconds(10), limits);
    }

    @Test
    void aGzipBombListingStopsAtTheSizeLimit() throws Exception {
        // 256 MB of JSON once inflated, ~250 kB on the wire
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            gzip.write("{\"next\": null, \"padding\": \"".getBytes(StandardCharsets.US_ASCII));
            byte[] a = new byte[1 << 20];
            java.util.Arrays.fill(a, (byte) 'a');
            for (int i = 0; i < 256; i++) {
                gzip.write(a);
            }
            gzip.write("\", \"results\": []}".getBytes(StandardCharsets.US_ASCII));
        }
        server.createContext("/frames/", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            send(exchange, 200, bomb.toByteArray());
        });
        long heapBefore = usedHeap();
        try (LcoArchiveClient client = lco(HttpLimitsConfig.defaults())) {
            assertThatThrownBy(() -> client.frames(QUERY)).isInstanceOf(TransientFailure.class)
                    .hasMessageContaining("frame list (page 1): the answer is larger than 8 MB");
        }
        assertThat(bomb.size()).isLessThan(1 << 20);
        assertThat(usedHeap() - heapBefore).as("heap kept after reading the bomb").isLessThan(64L << 20);
    }

    @Test
    void anEndlessOrLoopingListingStopsAtItsBounds() throws Exception {
        server.createContext("/frames/", exchange -> {
            int page = Integer.parseInt(query(exchange).getOrDefault("offset", "0")) / 1000;
            StringBuilder results = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                int id = page * 1000 + i;
                results.append(i == 0 ? "" : ",").append(String.format(RECORD, id, id, id));
            }
            String next = url() + "frames/?limit=1000&offset=" + (page + 1) * 1000;  // never ends
            send(exchange, 200, ("{\"count\": 999999999, \"next\": \"" + next + "\", \"results\": [" + results + "]}").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/loop/frames/", exchange -> send(exchange, 200,
                ("{\"next\": \"" + url() + "loop/frames/?limit=1000&offset=0\", \"results\": []}").getBytes(StandardCharsets.UTF_8)));
        HttpLimitsConfig limits = new HttpLimitsConfig(null, null, null, null, 5_000);
        try (LcoArchiveClient client = lco(limits)) {
            assertThatThrownBy(() -> client.frames(QUERY)).isInstanceOf(TransientFailure.class)
                    .hasMessageContaining("names more than 5000 frames (http.max_listing_entries)");
        }
        try (LcoArchiveClient looping = new LcoArchiveClient("lco", url() + "loop/", Secrets.plain("token-1234", "test"), Duration.ofSeconds(10),
                limits)) {
            assertThatThrownBy(() -> looping.frames(QUERY)).isInstanceOf(TransientFailure.class)
                    .hasMessageContaining("links back to a page it already gave");
        }
    }

    @Test
    void aPageWithMoreFramesThanAskedIsRefused() throws Exception {
        server.createContext("/frames/", exchange -> {
            StringBuilder results = new StringBuilder();
            for (int i = 0; i < 1500; i++) {
                results.append(i == 0 ? "" : ",").append(String.format(RECORD, i, i, i));
            }
            send(exchange, 200, ("{\"next\": null, \"results\": [" + results + "]}").getBytes(StandardCharsets.UTF_8));
        });
        try (LcoArchiveClient client = lco(HttpLimitsConfig.defaults())) {
            assertThatThrownBy(() -> client.frames(QUERY)).isInstanceOf(TransientFailure.class)
                    .hasMessageContaining("holds 1500 frames, more than the 1000 asked for");
        }
    }

    @Test
    void aServerTricklingItsAnswerIsCutOffAtTheDeadline() throws Exception {
        server.createContext("/frames/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"results\": [".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 600; i++) {  // a byte every 200 ms: each read returns well within the 10 s read timeout
                    out.write(' ');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException clientWentAway) {
                // what the test expects
            }
        });
        HttpLimitsConfig limits = new HttpLimitsConfig(null, 2, null, null, null);
        long started = System.nanoTime();
        try (LcoArchiveClient client = lco(limits)) {
            assertThatThrownBy(() -> client.frames(QUERY)).isInstanceOf(TransientFailure.class)
                    .hasMessageContaining("no complete answer within 2 s");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));

        // the JDK client's path (MAST, IRSA) likewise
        server.createContext("/api/v0/invoke", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException clientWentAway) {
                // expected
            }
        });
        MastClient mast = new MastClient(mastConfig(), null, java.net.http.HttpClient.newHttpClient(), limits);
        long mastStarted = System.nanoTime();
        assertThatThrownBy(() -> mast.products(List.of("12345"), (request, answer) -> { })).isInstanceOf(TransientFailure.class).hasMessageContaining("no complete answer within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - mastStarted)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aMastAnswerOverTheLimitIsNotReadFurther() throws Exception {
        byte[] big = new byte[3 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        server.createContext("/api/v0/invoke", exchange -> send(exchange, 200, big));
        MastClient mast = new MastClient(mastConfig(), null, java.net.http.HttpClient.newHttpClient(), new HttpLimitsConfig(1, null, null, null, null));
        assertThatThrownBy(() -> mast.products(List.of("12345"), (request, answer) -> { })).isInstanceOf(TransientFailure.class).hasMessageContaining("the answer is larger than 1 MB");
    }

    @Test
    void aFrameLongerOrShorterThanAnnouncedOrOverTheLimitIsRefused() throws Exception {
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 3L << 20);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[3 << 20]);
            } catch (IOException clientWentAway) {
                // expected
            }
        });
        server.createContext("/chunked-big", exchange -> {
            exchange.sendResponseHeaders(200, 0);  // no length: read until the limit
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    out.write(new byte[1 << 20]);
                }
            } catch (IOException clientWentAway) {
                // expected
            }
        });
        server.createContext("/short", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.close();  // the connection ends 990 bytes early
        });
        HttpLimitsConfig limits = new HttpLimitsConfig(null, null, 2, null, null);
        try (HttpDownloader downloader = new HttpDownloader(Duration.ofSeconds(10), 2, limits)) {
            assertThatThrownBy(() -> downloader.download(URI.create(url() + "big"), folder.resolve("a.fits"), "MD5", null, Map.of(), "frame a"))
                    .isInstanceOf(TransientFailure.class).hasMessageContaining("frame a: the server announces 3,145,728 bytes, more than http.max_download_mb (2 MB)");
            assertThatThrownBy(() -> downloader.download(URI.create(url() + "chunked-big"), folder.resolve("b.fits"), "MD5", null, Map.of(), "frame b"))
                    .isInstanceOf(TransientFailure.class).hasMessageContaining("frame b: the answer is larger than 2 MB");
            assertThatThrownBy(() -> downloader.download(URI.create(url() + "short"), folder.resolve("c.fits"), "MD5", null, Map.of(), "frame c"))
                    .isInstanceOf(IOException.class);
        }
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).as("nothing left behind").isEmpty();
        }
    }

    private MastConfig mastConfig() {
        return new MastConfig(url().replaceAll("/$", ""), null, null, null, List.of(), 2000, 50, 600, 100L, 10, 2, folder.resolve("requests"));
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new java.util.HashMap<>();
        String q = exchange.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException clientWentAway) {
            // the client stopped reading: what several of these tests expect
        }
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
