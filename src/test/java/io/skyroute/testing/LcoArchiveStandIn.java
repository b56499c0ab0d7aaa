package io.skyroute.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the LCO science archive (external-apis.md §1): token authentication,
 * {@code frames/} with the server's filters, limit/offset pagination (default 100, max 1000) and
 * absolute {@code next} links, {@code frames/{id}/}, presigned download URLs on a "storage" path that
 * need no token and expire on demand (403), and faults injected per path: statuses (with Retry-After),
 * delays, truncated and corrupted bodies. Every request is recorded.
 */
public final class LcoArchiveStandIn implements AutoCloseable {

    /** One frame the archive holds; {@code versions} are the file's contents, oldest first. */
    public static final class StoredFrame {
        final long id;
        final String basename;
        final String proposal;
        final Instant observed;
        final String configurationType;
        final int reductionLevel;
        final String instrument;
        final String target;
        final String filter;
        final List<byte[]> versions = new CopyOnWriteArrayList<>();

        public StoredFrame(long id, String basename, String proposal, Instant observed, String configurationType,
                           int reductionLevel, String instrument, String target, String filter, byte[] content) {
            this.id = id;
            this.basename = basename;
            this.proposal = proposal;
            this.observed = observed;
            this.configurationType = configurationType;
            this.reductionLevel = reductionLevel;
            this.instrument = instrument;
            this.target = target;
            this.filter = filter;
            this.versions.add(content);
        }

        public long id() { return id; }
        public String filename() { return basename + ".fits.fz"; }
        public byte[] content() { return versions.get(versions.size() - 1); }
        public String md5() { return LcoArchiveStandIn.md5(content()); }
    }

    /** A fault served once, instead of the normal answer, to the next request whose path starts with a prefix. */
    public record Fault(int status, Map<String, String> headers, String body, long delayMillis, Integer truncateAt, boolean corrupted) {
        public static Fault answer(int status, String body) { return new Fault(status, Map.of(), body, 0, null, false); }
        public static Fault tooManyRequests(int retryAfterSeconds) {
            return new Fault(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)), "{\"detail\":\"Request was throttled.\"}", 0, null, false);
        }
        public static Fault delay(long millis) { return new Fault(0, Map.of(), null, millis, null, false); }
        public static Fault truncate(int bytes) { return new Fault(0, Map.of(), null, 0, bytes, false); }
        public static Fault corrupt() { return new Fault(0, Map.of(), null, 0, null, true); }
        /** The connection closed without a byte of answer (as a reset or a dying proxy looks to the client). */
        public static Fault drop() { return new Fault(-1, Map.of(), null, 0, null, false); }
    }

    /** One request as the server saw it. */
    public record Request(String method, String path, String query, String authorization, Instant at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackServer server;
    private volatile String token;
    private final Set<String> otherTokens = ConcurrentHashMap.newKeySet();
    private final Map<Long, StoredFrame> frames = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ConcurrentLinkedQueue<Fault>> faults = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger urlGeneration = new AtomicInteger();
    private final Set<Long> downloadsInFlight = ConcurrentHashMap.newKeySet();

    public LcoArchiveStandIn(String token) {
        this.token = token;
        server = new LoopbackServer(this::handle, Executors.newCachedThreadPool());
    }

    /** From now on only this token is accepted (e.g. to make the configured one be refused). */
    public void acceptOnlyToken(String newToken) {
        this.token = newToken;
        otherTokens.clear();
    }

    /** Accepts a second token as well (two archives of one server, each with its own user's token, as LCO and SOAR). */
    public void acceptAlsoToken(String another) {
        otherTokens.add(another);
    }

    /** The API base URL, as the configuration's {@code url} (with a trailing slash). */
    public String url() {
        return server.url() + "/";
    }

    public StoredFrame add(StoredFrame frame) {
        frames.put(frame.id, frame);
        return frame;
    }

    public StoredFrame frame(long id) {
        return frames.get(id);
    }

    /** Stores a new version of a frame's file (its md5 changes). */
    public void replaceContent(long id, byte[] content) {
        frames.get(id).versions.add(content);
    }

    /** Every presigned URL handed out so far stops working (403 from storage). */
    public void expireUrls() {
        urlGeneration.incrementAndGet();
    }

    public void fault(String pathPrefix, Fault fault) {
        faults.computeIfAbsent(pathPrefix, p -> new ConcurrentLinkedQueue<>()).add(fault);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long count(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            serve(exchange);
        } catch (RuntimeException e) {
            System.err.println("LCO stand-in failed on " + exchange.getRequestURI() + ": " + e);
            throw e;
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, uri.getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"), Instant.now()));
            Fault fault = nextFault(path);
            if (fault != null && fault.delayMillis() > 0) {
                sleep(fault.delayMillis());
            }
            if (fault != null && fault.status() < 0) {
                return; // closing the exchange before any header closes the connection
            }
            if (fault != null && fault.status() > 0) {
                fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                send(exchange, fault.status(), "application/json", fault.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.startsWith("/storage/")) {
                download(exchange, path, uri.getRawQuery(), fault);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Token " + token).equals(authorization)
                    && (authorization == null || !authorization.startsWith("Token ") || !otherTokens.contains(authorization.substring(6)))) {
                send(exchange, 401, "application/json", "{\"detail\":\"Invalid token.\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/frames/")) {
                list(exchange, query(uri.getRawQuery()));
            } else if (path.matches("/frames/\\d+/")) {
                StoredFrame frame = frames.get(Long.parseLong(path.split("/")[2]));
                if (frame == null) {
                    send(exchange, 404, "application/json", "{\"detail\":\"Not found.\"}".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(exchange, 200, "application/json", JSON.writeValueAsBytes(result(frame)));
                }
            } else if (!path.endsWith("/")) {
                exchange.getResponseHeaders().add("Location", path + "/" + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
                send(exchange, 301, "text/plain", new byte[0]);
            } else {
                send(exchange, 404, "application/json", "{\"detail\":\"Not found.\"}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private Fault nextFault(String path) {
        for (Map.Entry<String, ConcurrentLinkedQueue<Fault>> e : faults.entrySet()) {
            if (path.startsWith(e.getKey())) {
                Fault f = e.getValue().poll();
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private void list(HttpExchange exchange, Map<String, String> q) throws IOException {
        int limit = Math.min(1000, Integer.parseInt(q.getOrDefault("limit", "100")));
        int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
        List<StoredFrame> matching = new ArrayList<>();
        synchronized (frames) {
            for (StoredFrame f : frames.values()) {
                if (matches(f, q)) {
                    matching.add(f);
                }
            }
        }
        ObjectNode page = JSON.createObjectNode();
        page.put("count", matching.size());
        if (offset + limit < matching.size()) {
            Map<String, String> nextQuery = new LinkedHashMap<>(q);
            nextQuery.put("offset", String.valueOf(offset + limit));
            nextQuery.put("limit", String.valueOf(limit));
            page.put("next", url() + "frames/?" + encode(nextQuery));
        } else {
            page.putNull("next");
        }
        if (offset > 0) {
            Map<String, String> previous = new LinkedHashMap<>(q);
            previous.put("offset", String.valueOf(Math.max(0, offset - limit)));
            page.put("previous", url() + "frames/?" + encode(previous));
        } else {
            page.putNull("previous");
        }
        ArrayNode results = page.putArray("results");
        for (int i = offset; i < Math.min(matching.size(), offset + limit); i++) {
            results.add(result(matching.get(i)));
        }
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(page));
    }

    private static boolean matches(StoredFrame f, Map<String, String> q) {
        if (q.containsKey("proposal_id") && !q.get("proposal_id").equals(f.proposal)) return false;
        if (q.containsKey("start") && f.observed.isBefore(time(q.get("start")))) return false;
        if (q.containsKey("end") && f.observed.isAfter(time(q.get("end")))) return false;
        if (q.containsKey("reduction_level") && Integer.parseInt(q.get("reduction_level")) != f.reductionLevel) return false;
        String type = q.getOrDefault("configuration_type", q.get("OBSTYPE"));
        if (type != null && !type.equalsIgnoreCase(f.configurationType)) return false;
        if ("true".equalsIgnoreCase(q.get("exclude_calibrations"))
                && !Set.of("EXPOSE", "REPEAT_EXPOSE", "STANDARD", "SPECTRUM", "REPEAT_SPECTRUM", "NRES_SPECTRUM").contains(f.configurationType)) return false;
        if (q.containsKey("instrument_id") && !q.get("instrument_id").equalsIgnoreCase(f.instrument)) return false;
        if (q.containsKey("target_name") && !f.target.toLowerCase(Locale.ROOT).contains(q.get("target_name").toLowerCase(Locale.ROOT))) return false;
        if (q.containsKey("target_name_exact") && !f.target.equals(q.get("target_name_exact"))) return false;
        if (q.containsKey("basename_exact") && !f.basename.equals(q.get("basename_exact"))) return false;
        String filter = q.getOrDefault("primary_optical_element", q.get("FILTER"));
        return filter == null || filter.equalsIgnoreCase(f.filter);
    }

    private ObjectNode result(StoredFrame f) {
        String url = url() + "storage/" + f.id + "/" + f.filename() + "?X-Amz-Signature=sig" + urlGeneration.get() + "x" + f.id;
        String observed = f.observed.toString().replace("Z", "") + (f.observed.getNano() == 0 ? ".000000Z" : "Z");
        String day = LocalDateTime.ofInstant(f.observed, ZoneOffset.UTC).toLocalDate().toString();
        ObjectNode r = JSON.createObjectNode();
        r.put("id", f.id);
        r.put("basename", f.basename);
        r.put("filename", f.filename());
        r.put("url", url);
        r.put("observation_date", observed);
        r.put("observation_day", day);
        r.put("proposal_id", f.proposal);
        r.put("instrument_id", f.instrument);
        r.put("target_name", f.target);
        r.put("reduction_level", f.reductionLevel);
        r.put("site_id", f.basename.substring(0, 3));
        r.put("telescope_id", "0m4a");
        r.put("exposure_time", 10.0);
        r.put("primary_optical_element", f.filter);
        r.put("public_date", observed);
        r.put("configuration_type", f.configurationType);
        r.put("observation_id", f.id);
        r.put("request_id", 1000 + f.id);
        ArrayNode versions = r.putArray("version_set");
        for (int i = 0; i < f.versions.size(); i++) {
            ObjectNode v = versions.addObject();
            v.put("id", f.id * 10 + i);
            v.put("key", "key" + i);
            v.put("md5", md5(f.versions.get(i)));
            v.put("extension", ".fits.fz");
            v.put("url", url);
            v.put("created", "2026-01-0" + (i + 1) + "T00:00:00.000000Z");
        }
        r.put("DATE_OBS", observed);
        r.put("DAY_OBS", day);
        r.put("PROPID", f.proposal);
        r.put("INSTRUME", f.instrument);
        r.put("OBJECT", f.target);
        r.put("RLEVEL", f.reductionLevel);
        r.put("SITEID", f.basename.substring(0, 3));
        r.put("TELID", "0m4a");
        r.put("EXPTIME", 10.0);
        r.put("FILTER", f.filter);
        r.put("OBSTYPE", f.configurationType);
        r.put("REQNUM", 1000 + f.id);
        return r;
    }

    private void download(HttpExchange exchange, String path, String rawQuery, Fault fault) throws IOException {
        String[] parts = path.split("/");
        StoredFrame frame = frames.get(Long.parseLong(parts[2]));
        String expectedSig = "X-Amz-Signature=sig" + urlGeneration.get() + "x" + (frame == null ? "" : frame.id);
        if (frame == null || rawQuery == null || !rawQuery.equals(expectedSig)) {
            send(exchange, 403, "application/xml",
                    "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] content = frame.content();
        if (fault != null && fault.corrupted()) {
            content = content.clone();
            content[content.length / 2] ^= 0x5A;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, content.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (fault != null && fault.truncateAt() != null) {
                out.write(content, 0, Math.min(content.length, fault.truncateAt()));
                out.flush();
                throw new IOException("truncated on purpose"); // the connection closes short of Content-Length
            }
            out.write(content);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return q;
    }

    private static String encode(Map<String, String> q) {
        List<String> pairs = new ArrayList<>();
        q.forEach((k, v) -> pairs.add(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    private static Instant time(String text) {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }

    static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
