package io.skyroute.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TOM Toolkit (tom_base) REST API with the real shape (external-apis.md section 3): Basic
 * auth (401 + WWW-Authenticate), target search by case-insensitive substring of name and aliases,
 * multipart-only uploads that keep every copy (a duplicate file name is stored renamed), a 500
 * "Data processing error" for unreadable photometry, product listing by target name, 204 deletes,
 * 301 redirects for paths without their trailing slash; and faults on demand.
 */
public final class TomStandIn implements AutoCloseable {

    public record Target(long id, String name, List<String> aliases, double ra, double dec) {
    }

    public record Product(long id, long target, String fileName, String productId, String content) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackServer server;
    private final String user;
    private final String password;
    private final List<Target> targets = new ArrayList<>();
    private final Map<Long, Product> products = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger stored = new AtomicInteger();
    private volatile int unavailable;
    private volatile int slowAfterStoring;
    private volatile long slowMillis;
    private final List<String> requests = new ArrayList<>();

    private volatile String nextLink;
    private volatile boolean echoAuthorization;

    public TomStandIn(String user, String password) {
        this.user = user;
        this.password = password;
        server = new LoopbackServer(this::handle, Executors.newFixedThreadPool(4));
    }

    public String url() {
        return server.url();
    }

    public synchronized Target addTarget(String name, String... aliases) {
        return addTarget(name, 80.879, -1.073, aliases);
    }

    /** A target at a position (degrees), as the TOM Toolkit's targets API gives it. */
    public synchronized Target addTarget(String name, double ra, double dec, String... aliases) {
        Target target = new Target(ids.incrementAndGet(), name, List.of(aliases), ra, dec);
        targets.add(target);
        return target;
    }

    /** A product already on the TOM (say, another dataset's). */
    public synchronized Product addProduct(long target, String fileName, String productId, String content) {
        Product product = new Product(ids.incrementAndGet(), target, fileName, productId, content);
        products.put(product.id(), product);
        return product;
    }

    public synchronized List<Product> products() {
        return List.copyOf(products.values());
    }

    public int uploadsReceived() {
        return uploads.get();
    }

    /** Uploads the TOM took: products created (a POST cut off before its whole body arrived creates none). */
    public int productsStored() {
        return stored.get();
    }

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** Target searches answer with a {@code next} link to this URL (another origin, say). */
    public void nextLinkTo(String url) {
        nextLink = url;
    }

    /** Uploads are refused with a 400 whose body echoes the request's Authorization header (as a careless server might). */
    public void echoAuthorizationOnUpload() {
        echoAuthorization = true;
    }

    /** The next request gets this answer (status, content type, body) instead of the real one; queued answers are served in order. */
    public void answerNext(int status, String contentType, String body) {
        server.answerNext("/", status, contentType, body);
    }

    /** How many queued answers have not been served yet. */
    public int cannedLeft() {
        return server.cannedLeft();
    }

    /** The next {@code count} requests get 503 (the TOM is down). */
    public void unavailableFor(int count) {
        unavailable = count;
    }

    /** The next {@code count} uploads are stored, then answered only after {@code millis} (the client times out). */
    public void slowAfterStoring(int count, long millis) {
        slowAfterStoring = count;
        slowMillis = millis;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            synchronized (this) {
                requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
            }
            if (unavailable > 0) {
                unavailable--;
                send(exchange, 503, "{\"detail\": \"Service Unavailable\"}");
                return;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"api\"");
                send(exchange, 401, "{\"detail\": \"Invalid username/password.\"}");
                return;
            }
            if (!path.endsWith("/")) {
                exchange.getResponseHeaders().add("Location", path + "/" + (query == null ? "" : "?" + query));
                send(exchange, 301, "");
                return;
            }
            Map<String, String> params = query(query);
            switch (exchange.getRequestMethod() + " " + path) {
                case "GET /api/targets/" -> send(exchange, 200, page(searchTargets(params.getOrDefault("name", "")))
                        .replace("\"next\":null", "\"next\":" + (nextLink == null ? "null" : "\"" + nextLink + "\"")));
                case "POST /api/dataproducts/" -> {
                    if (echoAuthorization) {
                        // the header as sent, and the password as a careless server quotes it: JSON (Jackson's, and with
                        // '/' and non-ASCII escaped as Python/PHP write it) and URL-encoded (form and path style)
                        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(password);
                        String ascii = new com.fasterxml.jackson.databind.ObjectMapper()
                                .configure(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature(), true)
                                .writeValueAsString(password).replace("/", "\\/");
                        String form = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
                        send(exchange, 400, "{\"detail\": \"bad request\", \"headers\": {\"Authorization\": \""
                                + exchange.getRequestHeaders().getFirst("Authorization") + "\"}, \"password\": " + json + ", \"as_python_wrote_it\": "
                                + ascii + ", \"query\": \"user=" + user + "&password=" + form + "\", \"path\": \"/login/" + form.replace("+", "%20") + "\"}");
                    } else {
                        upload(exchange);
                    }
                }
                case "GET /api/dataproducts/" -> send(exchange, 200, page(productsOf(params.get("target_name"))));
                default -> {
                    if (exchange.getRequestMethod().equals("DELETE") && path.startsWith("/api/dataproducts/")) {
                        long id = Long.parseLong(path.replaceAll("\\D", ""));
                        synchronized (this) {
                            send(exchange, products.remove(id) != null ? 204 : 404, "");
                        }
                    } else {
                        send(exchange, 404, "{\"detail\": \"Not found.\"}");
                    }
                }
            }
        } catch (RuntimeException e) {
            send(exchange, 500, "{\"detail\": \"" + e + "\"}");
        }
    }

    private synchronized List<Map<String, Object>> searchTargets(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<Map<String, Object>> found = new ArrayList<>();
        for (Target t : targets) {
            if (t.name().toLowerCase(Locale.ROOT).contains(wanted) || t.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(wanted))) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", t.id());
                json.put("name", t.name());
                json.put("ra", t.ra());
                json.put("dec", t.dec());
                json.put("aliases", t.aliases().stream().map(a -> Map.of("name", a)).toList());
                json.put("groups", List.of(Map.of("id", 1, "name", "microlensing")));
                found.add(json);
            }
        }
        return found;
    }

    private synchronized List<Map<String, Object>> productsOf(String targetName) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Product p : products.values()) {
            Target t = targets.stream().filter(x -> x.id() == p.target()).findFirst().orElseThrow();
            if (targetName == null || t.name().equalsIgnoreCase(targetName)) {
                found.add(productJson(p));
            }
        }
        return found;
    }

    private Map<String, Object> productJson(Product p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("target", p.target());
        json.put("data", url() + "/data/" + p.target() + "/none/" + p.fileName());
        json.put("data_product_type", "photometry");
        json.put("product_id", p.productId());
        json.put("extra_data", "");
        return json;
    }

    private void upload(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("multipart/form-data")) {
            send(exchange, 415, "{\"detail\": \"Unsupported media type \\\"" + type + "\\\" in request.\"}");
            return;
        }
        uploads.incrementAndGet();
        Map<String, String[]> parts = multipart(exchange.getRequestBody().readAllBytes(), type.substring(type.indexOf("boundary=") + 9));
        String[] file = parts.get("file");
        if (file == null || !(file[0].endsWith(".csv") || file[0].endsWith(".txt"))) {
            send(exchange, 400, "{\"file\": [\"Unsupported file type\"]}");
            return;
        }
        long targetId;
        try {
            targetId = Long.parseLong(parts.get("target")[1].trim());
        } catch (RuntimeException e) {
            send(exchange, 400, "{\"target\": [\"Incorrect type.\"]}");
            return;
        }
        Product stored;
        synchronized (this) {
            if (targets.stream().noneMatch(t -> t.id() == targetId)) {
                send(exchange, 400, "{\"target\": [\"Invalid pk \\\"" + targetId + "\\\" - object does not exist.\"]}");
                return;
            }
            String productId = parts.containsKey("product_id") ? parts.get("product_id")[1] : null;
            if (productId != null && products.values().stream().anyMatch(p -> productId.equals(p.productId()))) {
                send(exchange, 400, "{\"product_id\": [\"data product with this product id already exists.\"]}");
                return;
            }
            if (!file[1].startsWith("time,filter,magnitude,error")) {
                send(exchange, 500, "{\"Data processing error\": \"Unable to parse " + file[0] + "\"}");
                return;
            }
            String name = file[0];
            if (products.values().stream().anyMatch(p -> p.fileName().equals(name))) {
                // tom_base keeps both: the new copy gets a random suffix
                int dot = name.lastIndexOf('.');
                file[0] = name.substring(0, dot) + "_" + Long.toString(ids.incrementAndGet() * 7919, 36) + name.substring(dot);
            }
            stored = new Product(ids.incrementAndGet(), targetId, file[0], productId, file[1]);
            products.put(stored.id(), stored);
            this.stored.incrementAndGet();
        }
        if (slowAfterStoring > 0) {
            slowAfterStoring--;
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        send(exchange, 201, JSON.writeValueAsString(productJson(stored)));
    }

    /** name -> {filename (or null), content}. */
    private static Map<String, String[]> multipart(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        Map<String, String[]> parts = new HashMap<>();
        for (String part : text.split("--" + java.util.regex.Pattern.quote(boundary))) {
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = part.substring(0, headerEnd);
            String content = part.substring(headerEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            java.util.regex.Matcher filename = java.util.regex.Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
            if (name.find()) {
                parts.put(name.group(1), new String[]{filename.find() ? filename.group(1) : null,
                        new String(content.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)});
            }
        }
        return parts;
    }

    private static String page(List<Map<String, Object>> results) throws IOException {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("count", results.size());
        page.put("next", null);
        page.put("previous", null);
        page.put("results", results);
        return JSON.writeValueAsString(page);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 || status == 301 ? -1 : bytes.length);
        if (status != 204 && status != 301) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
