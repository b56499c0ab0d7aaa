package io.skyroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skyroute.config.Redaction;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A running daemon as {@code skyroute ctl} reaches it: its management server's Jolokia (an {@code exec}
 * request, JSON over HTTP POST) and health endpoint, with a management user's credentials when it has users.
 */
final class DaemonConnection implements AutoCloseable {

    /** The daemon could not be reached, or refused the credentials: nothing was asked of it. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    /** The daemon answered, but the operation failed or was refused. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final CloseableHttpClient http;

    /** @param base e.g. http://127.0.0.1:8081; @param user and password may be null (no users configured) */
    DaemonConnection(URI base, String user, String password, Duration timeout) {
        this.base = base;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            Redaction.registerCredentials(user, password);
        }
        this.http = HttpClients.custom().disableAutomaticRetries().disableRedirectHandling().setDefaultRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(timeout)).setResponseTimeout(Timeout.of(timeout)).build()).build();
    }

    URI base() {
        return base;
    }

    /** Runs an MBean operation and returns its value. */
    JsonNode exec(String mbean, String operation, Object... arguments) throws Unreachable, Refused {
        ObjectNode request = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        ArrayNode args = request.putArray("arguments");
        for (Object argument : arguments) {
            args.add(JSON.valueToTree(argument));
        }
        HttpPost post = new HttpPost(base.resolve("/observe/jolokia"));
        post.setEntity(new StringEntity(request.toString(), ContentType.APPLICATION_JSON));
        JsonNode reply = json(send(post), "Jolokia");
        int status = reply.path("status").asInt(0);
        if (status != 200) {
            // Jolokia's error reads "java.lang.IllegalArgumentException : <reason>": the reason is what the operator needs
            String error = reply.path("error").asText("no reason given");
            int colon = error.indexOf(" : ");
            throw new Refused(colon >= 0 && error.substring(0, colon).matches("[\\w.$]+") ? error.substring(colon + 3) : error);
        }
        return reply.path("value");
    }

    /** The daemon's health (path /observe/health, /live or /ready) with every check's detail. */
    Answer health(String which) throws Unreachable {
        String path = "/observe/health" + (which == null ? "" : "/" + which) + "?exposureLevel=full";
        Answer answer = send(new HttpGet(base.resolve(path)));
        return answer;
    }

    record Answer(int status, String body) {
    }

    private Answer send(HttpUriRequestBase request) throws Unreachable {
        if (authorization != null) {
            request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        Answer answer;
        try {
            answer = http.execute(request, response -> new Answer(response.getCode(),
                    response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new Unreachable("no daemon answers at " + base + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); is it running, and is management.http_host/http_port where it listens?");
        }
        if (answer.status() == 401 || answer.status() == 403 && !request.getMethod().equals("POST")) {
            throw new Unreachable("the daemon at " + base + " refused the credentials (HTTP " + answer.status() + ")"
                    + (authorization == null ? "; it has users: give --user and set the user's password variable" : ""));
        }
        return answer;
    }

    private static JsonNode json(Answer answer, String what) throws Refused {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new Refused(what + " answered HTTP " + answer.status() + " with something that is not JSON");
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
