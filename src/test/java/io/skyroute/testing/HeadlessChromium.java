package io.skyroute.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket; JSON messages): open a page,
 * wait in real time until its text shows something, take a screenshot. No browser-driver library: the
 * protocol's four calls used here are a few lines with the JDK's WebSocket and Jackson.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private HeadlessChromium(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The chromium binary, if installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    public static HeadlessChromium launch(Path profile) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return new HeadlessChromium(process, Integer.parseInt(m.group(1)));
            }
        }
        process.destroyForcibly();
        throw new IOException("chromium did not say where its DevTools listen");
    }

    /** Opens a new tab on the URL. */
    public Page open(String url) throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?"
                + URLEncoder.encode(url, StandardCharsets.UTF_8))).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IOException("chromium refused a new tab: HTTP " + created.statusCode() + " " + created.body());
        }
        String socket = JSON.readTree(created.body()).path("webSocketDebuggerUrl").asText();
        Page page = new Page();
        try {
            page.socket = http.newWebSocketBuilder().buildAsync(URI.create(socket), page).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot reach the tab's DevTools socket " + socket, e);
        }
        return page;
    }

    @Override
    public void close() throws InterruptedException {
        // the renderer and helper processes outlive the browser for a moment and keep writing into the
        // profile: stop them all and wait, so the test's temporary folder can be deleted
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle helper : helpers) {
            helper.destroy();
        }
        for (ProcessHandle helper : helpers) {
            try {
                helper.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                helper.destroyForcibly();
            }
        }
    }

    /** One tab. */
    public static final class Page implements WebSocket.Listener {

        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        private WebSocket socket;

        /** What the page reported since {@link #record} was called: responses (status and URL) and console messages. */
        public List<String> events() {
            return List.copyOf(events);
        }

        /** Starts recording the page's network responses and console messages (for a failing test's report). */
        public void record() throws IOException {
            call("Network.enable", Map.of());
            call("Runtime.enable", Map.of());
        }

        public JsonNode call(String method, Map<String, Object> params) throws IOException {
            int id = ids.incrementAndGet();
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            socket.sendText(message.toString(), true);
            try {
                JsonNode reply = answer.get(60, TimeUnit.SECONDS);
                if (reply.has("error")) {
                    throw new IOException(method + ": " + reply.get("error"));
                }
                return reply.path("result");
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException(method + " got no answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(method + " interrupted", e);
            }
        }

        /** The page's visible text now. */
        public String text() throws IOException {
            return call("Runtime.evaluate", Map.of("expression", "document.body ? document.body.innerText : ''", "returnByValue", true))
                    .path("result").path("value").asText("");
        }

        /** Waits (in real time) until the page's text contains every one of the strings; returns the text. */
        public String awaitText(List<String> wanted, Duration within) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            String text = "";
            while (System.nanoTime() < deadline) {
                text = text();
                String current = text;
                if (wanted.stream().allMatch(current::contains)) {
                    return text;
                }
                Thread.sleep(500);
            }
            return text;
        }

        public void navigate(String url) throws IOException {
            call("Page.navigate", Map.of("url", url));
        }

        public void screenshot(Path png) throws IOException {
            String data = call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(data));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    String method = message.path("method").asText("");
                    if (method.equals("Network.responseReceived")) {
                        JsonNode response = message.path("params").path("response");
                        events.add(response.path("status").asInt() + " " + response.path("url").asText());
                    } else if (method.equals("Runtime.consoleAPICalled") || method.equals("Runtime.exceptionThrown")) {
                        events.add(method + " " + message.path("params").toString());
                    }
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = waiting.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    }
                } catch (IOException ignored) {
                    // not ours to read (an event in a form we do not use)
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
