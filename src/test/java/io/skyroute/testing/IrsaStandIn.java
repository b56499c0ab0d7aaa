package io.skyroute.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback IRSA ZTF lightcurve service (external-apis.md §6): {@code GET /cgi-bin/ZTF/nph_light_curves?POS=CIRCLE
 * ra dec r&BANDNAME=...&FORMAT=csv&BAD_CATFLAGS_MASK=...} answers the CSV of a registered position within r, or the
 * header line only ("no data"); without FORMAT=csv it answers VOTable. Faults: the next N requests answer a
 * status (503, or 429 with Retry-After: 1).
 */
public final class IrsaStandIn implements AutoCloseable {

    private record Source(double ra, double dec, Path csv) {
    }

    private final LoopbackServer server;
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private final String header;

    public IrsaStandIn(Path emptyCsv) throws IOException {
        this.header = Files.readString(emptyCsv);
        server = new LoopbackServer(this::handle, Executors.newFixedThreadPool(8));
    }

    public String url() {
        return server.url();
    }

    public void add(double ra, double dec, Path csv) {
        sources.add(new Source(ra, dec, csv));
    }

    public void failNext(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    /** Requests answered (faults not counted) for a position, by its "ra dec" as asked. */
    public int asked(double ra, double dec) {
        return asked.entrySet().stream().filter(e -> {
            String[] p = e.getKey().split(" ");
            return Math.abs(Double.parseDouble(p[0]) - ra) < 1e-4 && Math.abs(Double.parseDouble(p[1]) - dec) < 1e-4;
        }).mapToInt(e -> e.getValue().get()).sum();
    }

    public int total() {
        return asked.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/cgi-bin/ZTF/nph_light_curves")) {
                send(exchange, 404, "not found");
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (failStatus == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                }
                send(exchange, failStatus, "<html>busy</html>");
                return;
            }
            Map<String, String> query = new ConcurrentHashMap<>();
            for (String part : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = part.split("=", 2);
                query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            if (!"csv".equals(query.get("FORMAT"))) {
                send(exchange, 200, "<?xml version=\"1.0\"?><VOTABLE/>");
                return;
            }
            String[] pos = query.getOrDefault("POS", "").split(" ");
            if (pos.length != 4 || !pos[0].equals("CIRCLE")) {
                send(exchange, 400, "bad POS");
                return;
            }
            double ra = Double.parseDouble(pos[1]);
            double dec = Double.parseDouble(pos[2]);
            double r = Double.parseDouble(pos[3]);
            asked.computeIfAbsent(pos[1] + " " + pos[2], k -> new AtomicInteger()).incrementAndGet();
            for (Source s : sources) {
                if (Math.hypot((s.ra() - ra) * Math.cos(Math.toRadians(dec)), s.dec() - dec) <= r) {
                    send(exchange, 200, Files.readString(s.csv()));
                    return;
                }
            }
            send(exchange, 200, header);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        LoopbackServer.send(exchange, status, "text/plain", body);
    }

    @Override
    public void close() {
        server.close();
    }
}
