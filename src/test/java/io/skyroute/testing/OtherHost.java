package io.skyroute.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Another origin on loopback (its own port): records every request with the Authorization it carried and
 * answers an empty JSON page. Credentials for a stand-in must never arrive here.
 */
public final class OtherHost implements AutoCloseable {

    /** One request as this host saw it; {@code authorization} is null when none was sent. */
    public record Request(String method, String path, String authorization) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final LoopbackServer server;

    public OtherHost() {
        server = new LoopbackServer(exchange -> {
            try (exchange) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                byte[] body = "{\"count\": 0, \"next\": null, \"previous\": null, \"results\": []}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException e) {
                // the client went away
            }
        }, Executors.newCachedThreadPool());
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public String url() {
        return server.url();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.close();
    }
}
