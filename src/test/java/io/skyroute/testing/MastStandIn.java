package io.skyroute.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback MAST speaking the Portal API's wire format (external-apis.md §5): {@code POST /api/v0/invoke}
 * with a form body {@code request=<JSON>}; {@code Mast.Caom.Filtered} answers {@code EXECUTING} the first
 * time a query is asked, then {@code COMPLETE} in pages of the request's {@code pagesize}; an unknown service
 * answers {@code ERROR}; {@code Mast.Caom.Products} lists the products of the obsids asked;
 * {@code GET /api/v0.1/Download/file?uri=...} redirects (302) to {@code /cloud/<name>}, which serves the file.
 * Faults: the next N invokes answer 503; a product's first download is cut short; a token that must come
 * as the {@code mast_token} cookie (401 without it).
 */
public final class MastStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An observation and its products (file name -> content); a TESS one has a position (NaN for HST's here). */
    public record Observation(String obsid, String obsIdName, String target, String instrument, Map<String, Path> products, double ra, double dec) {
        public Observation(String obsid, String obsIdName, String target, String instrument, Map<String, Path> products) {
            this(obsid, obsIdName, target, instrument, products, Double.NaN, Double.NaN);
        }
    }

    private final LoopbackServer server;
    private final List<Observation> observations = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> downloads = new ConcurrentHashMap<>();
    private final Map<String, Boolean> asked = new ConcurrentHashMap<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> completed = new CopyOnWriteArrayList<>();
    private final List<String> cookies = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final java.util.Set<String> truncateOnce = ConcurrentHashMap.newKeySet();
    private volatile String token;

    public MastStandIn() {
        server = new LoopbackServer(this::handle, Executors.newFixedThreadPool(4));
    }

    public String url() {
        return server.url();
    }

    /** The next request whose path starts with {@code pathPrefix} gets this answer instead of the real one (hostile replies, in order). */
    public void answerNext(String pathPrefix, int status, String contentType, String body) {
        server.answerNext(pathPrefix, status, contentType, body);
    }

    /** How many queued answers have not been served yet. */
    public int cannedLeft() {
        return server.cannedLeft();
    }

    public void add(Observation observation) {
        observations.add(observation);
    }

    public void requireToken(String value) {
        token = value;
    }

    public void failNextInvokes(int n) {
        failNext.set(n);
    }

    public void truncateFirstDownloadOf(String fileName) {
        truncateOnce.add(fileName);
    }

    public int downloads(String fileName) {
        return downloads.getOrDefault(fileName, new AtomicInteger()).get();
    }

    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public List<String> cookies() {
        return List.copyOf(cookies);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String cookie = exchange.getRequestHeaders().getFirst("Cookie");
            String path = exchange.getRequestURI().getPath();
            if (!path.startsWith("/cloud/")) {
                cookies.add(cookie == null ? "" : cookie);
                if (token != null && (cookie == null || !cookie.contains("mast_token=" + token))) {
                    send(exchange, 401, "{\"status\":\"ERROR\",\"msg\":\"unauthorised\"}");
                    return;
                }
            }
            if (path.equals("/api/v0/invoke") && exchange.getRequestMethod().equals("POST")) {
                invoke(exchange);
            } else if (path.equals("/api/v0.1/Download/file")) {
                String uri = URLDecoder.decode(exchange.getRequestURI().getRawQuery().replaceFirst("^uri=", ""), StandardCharsets.UTF_8);
                String name = uri.substring(uri.lastIndexOf('/') + 1);
                exchange.getResponseHeaders().add("Location", url() + "/cloud/" + name);
                exchange.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/cloud/")) {
                serve(exchange, path.substring("/cloud/".length()));
            } else {
                send(exchange, 404, "{}");
            }
        }
    }

    private void invoke(HttpExchange exchange) throws IOException {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(exchange, 503, "Service Unavailable");
            return;
        }
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!"application/x-www-form-urlencoded".equals(exchange.getRequestHeaders().getFirst("Content-Type")) || !form.startsWith("request=")) {
            send(exchange, 400, "{\"status\":\"ERROR\",\"msg\":\"expected a form body request=...\"}");
            return;
        }
        JsonNode request = JSON.readTree(URLDecoder.decode(form.substring("request=".length()), StandardCharsets.UTF_8));
        requests.add(request);
        String service = request.path("service").asText();
        int pageSize = request.path("pagesize").asInt(50000);
        int page = request.path("page").asInt(1);
        List<ObjectNode> rows = new ArrayList<>();
        switch (service) {
            case "Mast.Caom.Filtered", "Mast.Caom.Filtered.Position" -> {
                String key = request.path("params").toString();
                if (asked.putIfAbsent(key, true) == null) {
                    send(exchange, 200, "{\"status\":\"EXECUTING\",\"msg\":\"\",\"data\":[]}");
                    return;
                }
                completed.add(request);
                String position = request.path("params").path("position").asText("");
                for (Observation o : observations) {
                    if (position.isEmpty() ? Double.isNaN(o.ra()) && matches(o, request.path("params").path("filters")) : near(o, position)) {
                        ObjectNode row = JSON.createObjectNode().put("obsid", o.obsid()).put("obs_id", o.obsIdName()).put("target_name", o.target())
                                .put("instrument_name", o.instrument()).put("obs_collection", Double.isNaN(o.ra()) ? "HST" : "TESS");
                        if (!Double.isNaN(o.ra())) {
                            row.put("s_ra", o.ra()).put("s_dec", o.dec()).put("dataproduct_type", "timeseries");
                        }
                        rows.add(row);
                    }
                }
            }
            case "Mast.Caom.Products" -> {
                List<String> ids = List.of(request.path("params").path("obsid").asText().split(","));
                for (Observation o : observations) {
                    if (ids.contains(o.obsid())) {
                        for (Map.Entry<String, Path> p : o.products().entrySet()) {
                            rows.add(JSON.createObjectNode().put("obsID", o.obsid()).put("obs_id", o.obsIdName())
                                    .put("dataURI", "mast:HST/product/" + p.getKey()).put("productFilename", p.getKey())
                                    .put("productType", "SCIENCE").put("productSubGroupDescription", p.getKey().replaceAll(".*_(.*)\\.fits", "$1").toUpperCase())
                                    .put("size", Files.size(p.getValue())));
                        }
                    }
                }
            }
            default -> {
                send(exchange, 200, "{\"status\":\"ERROR\",\"msg\":\"Unknown service " + service + "\",\"data\":[]}");
                return;
            }
        }
        int pages = Math.max(1, (rows.size() + pageSize - 1) / pageSize);
        List<ObjectNode> slice = rows.subList(Math.min(rows.size(), (page - 1) * pageSize), Math.min(rows.size(), page * pageSize));
        ObjectNode answer = JSON.createObjectNode().put("status", "COMPLETE").put("msg", "");
        answer.putObject("paging").put("page", page).put("pageSize", pageSize).put("pagesFiltered", pages).put("rows", slice.size())
                .put("rowsFiltered", rows.size()).put("rowsTotal", rows.size());
        answer.putArray("fields");
        ArrayNode data = answer.putArray("data");
        slice.forEach(data::add);
        send(exchange, 200, answer.toString());
    }

    private static boolean near(Observation o, String position) {
        if (Double.isNaN(o.ra())) {
            return false;
        }
        String[] p = position.split(",");
        double ra = Double.parseDouble(p[0].trim());
        double dec = Double.parseDouble(p[1].trim());
        double radius = Double.parseDouble(p[2].trim());
        double dRa = (o.ra() - ra) * Math.cos(Math.toRadians(dec));
        return Math.hypot(dRa, o.dec() - dec) <= radius;
    }

    /** How many position searches around (ra, dec) (within 1e-4 deg) were answered COMPLETE (first pages). */
    public long positionSearches(double ra, double dec) {
        return completed.stream().filter(r -> r.path("page").asInt(1) == 1).map(r -> r.path("params").path("position").asText("")).filter(p -> !p.isEmpty()).filter(p -> {
            String[] parts = p.split(",");
            return Math.abs(Double.parseDouble(parts[0].trim()) - ra) < 1e-4 && Math.abs(Double.parseDouble(parts[1].trim()) - dec) < 1e-4;
        }).count();
    }

    private static boolean matches(Observation o, JsonNode filters) {
        for (JsonNode f : filters) {
            if (f.path("paramName").asText().equals("instrument_name")) {
                boolean any = false;
                for (JsonNode v : f.path("values")) {
                    any |= v.asText().equals(o.instrument());
                }
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    private void serve(HttpExchange exchange, String name) throws IOException {
        Path file = observations.stream().flatMap(o -> o.products().entrySet().stream()).filter(e -> e.getKey().equals(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (file == null) {
            send(exchange, 404, "no such file");
            return;
        }
        downloads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        byte[] body = Files.readAllBytes(file);
        if (truncateOnce.remove(name)) {
            exchange.sendResponseHeaders(200, 0);   // chunked: the connection closes early, the body is short
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, body.length / 2);
            }
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        LoopbackServer.send(exchange, status, "application/json", body);
    }

    @Override
    public void close() {
        server.close();
    }
}
