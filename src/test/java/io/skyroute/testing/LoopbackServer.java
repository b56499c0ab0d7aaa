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

    private final HttpServer server;
    private final ExecutorService executor;

    LoopbackServer(HttpHandler handler, ExecutorService executor) {
        this.executor = executor;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
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
