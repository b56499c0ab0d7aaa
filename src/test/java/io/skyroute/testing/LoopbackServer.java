package io.skyroute.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/** The JDK HTTP server every stand-in runs on: loopback, a free port, its own threads. */
final class LoopbackServer implements AutoCloseable {

    static {
        // without TCP_NODELAY the JDK server's small replies wait ~40 ms on delayed ACKs
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** An answer served once, instead of the real one, to the next request whose path starts with a prefix. */
    record Canned(String pathPrefix, int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final java.util.concurrent.ConcurrentLinkedQueue<Canned> canned = new java.util.concurrent.ConcurrentLinkedQueue<>();

    LoopbackServer(HttpHandler handler, ExecutorService executor) {
        this.executor = executor;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            Canned answer = nextCanned(exchange.getRequestURI().getPath());
            if (answer == null) {
                handler.handle(exchange);
                return;
            }
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                send(exchange, answer.status(), answer.contentType(), answer.body());
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Queues a canned answer (hostile replies): served in order, each once, to requests whose path starts with the prefix. */
    void answerNext(String pathPrefix, int status, String contentType, String body) {
        canned.add(new Canned(pathPrefix, status, contentType, body));
    }

    /** How many canned answers have not been served yet. */
    int cannedLeft() {
        return canned.size();
    }

    private synchronized Canned nextCanned(String path) {
        for (Canned c : canned) {
            if (path.startsWith(c.pathPrefix())) {
                canned.remove(c);
                return c;
            }
        }
        return null;
    }

    /** Answers with a status and a UTF-8 body of the given content type (every stand-in's plain reply). */
    static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (java.io.OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
