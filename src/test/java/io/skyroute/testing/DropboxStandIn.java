package io.skyroute.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.skyroute.sources.dropbox.ContentHash;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback Dropbox API v2 for shared-link access (external-apis.md section 4): Bearer token,
 * {@code files/list_folder} with {@code shared_link} (url + password) paged by {@code has_more} /
 * {@code files/list_folder/continue}, {@code sharing/get_shared_link_file} with its argument in
 * {@code Dropbox-API-Arg} and metadata in {@code Dropbox-API-Result}, the documented 401/409/429
 * errors; files corrupted once on demand.
 */
public final class DropboxStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 2;

    private final LoopbackServer server;
    private final String token;
    private final String sharedUrl;
    private final String password;
    private final TreeMap<String, byte[]> files = new TreeMap<>();
    private final Map<String, AtomicInteger> corrupt = new ConcurrentHashMap<>();
    private final Set<String> truncateOnce = ConcurrentHashMap.newKeySet();
    private final AtomicInteger downloads = new AtomicInteger();
    private volatile int rateLimited;

    public DropboxStandIn(String token, String sharedUrl, String password) {
        this.token = token;
        this.sharedUrl = sharedUrl;
        this.password = password;
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

    public synchronized void add(String path, byte[] content) {
        files.put(path, content);
    }

    public void corruptOnce(String path) {
        corrupt(path, 1);
    }

    /** The next {@code times} downloads of {@code path} send a byte changed. */
    public void corrupt(String path, int times) {
        corrupt.put(path, new AtomicInteger(times));
    }

    /** The next download of {@code path} sends only the first half of the file (its metadata still gives the whole size). */
    public void truncateOnce(String path) {
        truncateOnce.add(path);
    }

    public void rateLimitNext(int requests) {
        rateLimited = requests;
    }

    public int downloads() {
        return downloads.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                json(exchange, 401, "{\"error_summary\": \"invalid_access_token/..\", \"error\": {\".tag\": \"invalid_access_token\"}}");
                return;
            }
            if (rateLimited > 0) {
                rateLimited--;
                exchange.getResponseHeaders().add("Retry-After", "1");
                json(exchange, 429, "{\"error_summary\": \"too_many_requests/..\", \"error\": {\"reason\": {\".tag\": \"too_many_requests\"}, \"retry_after\": 1}}");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/2/files/list_folder" -> list(exchange, JSON.readTree(exchange.getRequestBody()));
                case "/2/files/list_folder/continue" -> {
                    String[] cursor = JSON.readTree(exchange.getRequestBody()).path("cursor").asText().split("\\|", 2);
                    page(exchange, cursor[1], Integer.parseInt(cursor[0]));
                }
                case "/2/sharing/get_shared_link_file" -> download(exchange, JSON.readTree(exchange.getRequestHeaders().getFirst("Dropbox-API-Arg")));
                default -> json(exchange, 404, "{}");
            }
        }
    }

    private boolean linkRefused(HttpExchange exchange, String url, String givenPassword) throws IOException {
        if (!sharedUrl.equals(url)) {
            json(exchange, 409, "{\"error_summary\": \"shared_link_not_found/..\", \"error\": {\".tag\": \"shared_link_not_found\"}}");
            return true;
        }
        if (password != null && !password.equals(givenPassword)) {
            json(exchange, 409, "{\"error_summary\": \"shared_link_access_denied/..\", \"error\": {\".tag\": \"shared_link_access_denied\"}}");
            return true;
        }
        return false;
    }

    private void list(HttpExchange exchange, JsonNode arg) throws IOException {
        if (linkRefused(exchange, arg.path("shared_link").path("url").asText(), arg.path("shared_link").path("password").asText(null))) {
            return;
        }
        String folder = arg.path("path").asText("");
        synchronized (this) {
            if (!folder.isEmpty() && files.keySet().stream().noneMatch(p -> p.startsWith(folder + "/"))) {
                json(exchange, 409, "{\"error_summary\": \"path/not_found/..\", \"error\": {\".tag\": \"path\", \"path\": {\".tag\": \"not_found\"}}}");
                return;
            }
        }
        page(exchange, folder, 0);
    }

    private synchronized List<Map<String, Object>> entries(String folder) {
        Map<String, Map<String, Object>> children = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (!file.getKey().startsWith(folder + "/")) {
                continue;
            }
            String rest = file.getKey().substring(folder.length() + 1);
            String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            Map<String, Object> entry = new LinkedHashMap<>();
            if (rest.contains("/")) {
                entry.put(".tag", "folder");
                entry.put("name", name);
                entry.put("id", "id:folder" + Math.abs((folder + "/" + name).hashCode()));
            } else {
                entry.put(".tag", "file");
                entry.put("name", name);
                entry.put("id", "id:file" + Math.abs(file.getKey().hashCode()));
                entry.put("client_modified", "2020-05-01T00:00:00Z");
                entry.put("server_modified", "2020-05-01T00:00:00Z");
                entry.put("rev", "0123456789abcdef");
                entry.put("size", file.getValue().length);
                entry.put("content_hash", ContentHash.of(file.getValue()));
            }
            children.putIfAbsent(name, entry);
        }
        return new ArrayList<>(children.values());
    }

    private void page(HttpExchange exchange, String folder, int offset) throws IOException {
        List<Map<String, Object>> all = entries(folder);
        int end = Math.min(all.size(), offset + PAGE);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("entries", all.subList(offset, end));
        result.put("cursor", end + "|" + folder);
        result.put("has_more", end < all.size());
        json(exchange, 200, JSON.writeValueAsString(result));
    }

    private void download(HttpExchange exchange, JsonNode arg) throws IOException {
        if (linkRefused(exchange, arg.path("url").asText(), arg.path("link_password").asText(null))) {
            return;
        }
        String path = arg.path("path").asText();
        byte[] content;
        synchronized (this) {
            content = files.get(path);
        }
        if (content == null) {
            json(exchange, 409, "{\"error_summary\": \"shared_link_not_found/..\", \"error\": {\".tag\": \"shared_link_not_found\"}}");
            return;
        }
        downloads.incrementAndGet();
        byte[] served = content;
        AtomicInteger corruptions = corrupt.get(path);
        if (corruptions != null && corruptions.getAndDecrement() > 0) {
            served = content.clone();
            served[served.length / 2] ^= 0x5a;
        }
        if (truncateOnce.remove(path)) {
            served = java.util.Arrays.copyOf(content, content.length / 2);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(".tag", "file");
        metadata.put("url", sharedUrl);
        metadata.put("name", path.substring(path.lastIndexOf('/') + 1));
        Map<String, Object> permissions = new LinkedHashMap<>();
        permissions.put("can_revoke", false);
        permissions.put("visibility_policies", List.of());
        permissions.put("can_set_expiry", false);
        permissions.put("can_remove_expiry", false);
        permissions.put("allow_download", true);
        permissions.put("can_allow_download", true);
        permissions.put("can_disallow_download", false);
        permissions.put("allow_comments", false);
        permissions.put("team_restricts_comments", false);
        metadata.put("link_permissions", permissions);
        metadata.put("client_modified", "2020-05-01T00:00:00Z");
        metadata.put("server_modified", "2020-05-01T00:00:00Z");
        metadata.put("rev", "0123456789abcdef");
        metadata.put("size", content.length);
        exchange.getResponseHeaders().add("Dropbox-API-Result", JSON.writeValueAsString(metadata));
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, served.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(served);
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        LoopbackServer.send(exchange, status, "application/json", body);
    }

    @Override
    public void close() {
        server.close();
    }
}
