package io.skyroute.tom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.config.Redaction;
import io.skyroute.config.HttpLimitsConfig;
import io.skyroute.config.Secret;
import io.skyroute.pipeline.BoundedAnswers;
import io.skyroute.pipeline.Origin;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The TOM Toolkit REST API as skyroute uses it (external-apis.md section 3): HTTP Basic auth, target
 * search, multipart data-product upload, product listing and deletion, with trailing slashes so the
 * server never has to redirect. Failures are classified for the error policy: the server's refusals
 * (4xx, data processing errors) are permanent, its absence or overload transient, and a POST whose
 * answer never came is an {@link UncertainOutcome}.
 */
public final class TomClient implements AutoCloseable {

    /** A TOM target: primary key, name, aliases, and its position (degrees; NaN when the TOM gives none). */
    public record Target(long id, String name, List<String> aliases, double ra, double dec) {

        public Target(long id, String name, List<String> aliases) {
            this(id, name, aliases, Double.NaN, Double.NaN);
        }
    }

    /** A stored data product: its key, target key, stored file name, type and product id. */
    public record Product(long id, long target, String fileName, String type, String productId) {
    }

    /** A POST was sent but no answer came back: the product may or may not exist. */
    public static final class UncertainOutcome extends TransientFailure {
        UncertainOutcome(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;

    private final String baseUrl;
    private final String authorization;
    private final Origin origin;
    private final CloseableHttpClient http;
    private final HttpLimitsConfig limits;

    public TomClient(String url, String user, Secret password, Duration timeout, HttpLimitsConfig limits) {
        this.limits = limits;
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
        // no silent retries inside the client: the route's error policy decides, and a POST must never be repeated blindly
        this.origin = Origin.of(this.baseUrl + "/");
        Redaction.registerCredentials(user, password.reveal());
        // redirects are followed here, not by the client: the credentials go to the configured origin only
        this.http = HttpClients.custom().disableAutomaticRetries().disableRedirectHandling().setDefaultRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(timeout)).setResponseTimeout(Timeout.of(timeout)).build()).build();
    }

    public String url() {
        return baseUrl;
    }

    /** One small authenticated request (a page of one target): throws when the TOM is away or refuses the credentials. */
    public void probe() {
        execute(new HttpGet(baseUrl + "/api/targets/?limit=1"), 200);
    }

    public List<Target> targets(String name) {
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : pages(baseUrl + "/api/targets/?name=" + encode(name))) {
            List<String> aliases = new ArrayList<>();
            t.path("aliases").forEach(a -> aliases.add(a.isTextual() ? a.asText() : a.path("name").asText()));
            targets.add(new Target(t.path("id").asLong(), t.path("name").asText(), aliases,
                    t.path("ra").isNumber() ? t.path("ra").asDouble() : Double.NaN, t.path("dec").isNumber() ? t.path("dec").asDouble() : Double.NaN));
        }
        return targets;
    }

    public List<Product> products(String targetName) {
        List<Product> products = new ArrayList<>();
        for (JsonNode p : pages(baseUrl + "/api/dataproducts/?target_name=" + encode(targetName))) {
            products.add(product(p));
        }
        return products;
    }

    /** Uploads a photometry CSV; the file is sent under {@code uploadName}. */
    public Product upload(long targetId, Path file, String uploadName, String productId) {
        HttpPost post = new HttpPost(baseUrl + "/api/dataproducts/");
        post.setEntity(MultipartEntityBuilder.create()
                .addBinaryBody("file", file.toFile(), ContentType.TEXT_PLAIN, uploadName)
                .addTextBody("target", Long.toString(targetId))
                .addTextBody("data_product_type", "photometry")
                .addTextBody("product_id", productId)
                .build());
        try {
            return product(JSON.readTree(execute(post, 201)));
        } catch (IOException e) {
            throw new TransientFailure("TOM reply to the upload of " + uploadName + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** Deletes a product; one that is already gone counts as deleted. */
    public void delete(long productId) {
        execute(new HttpDelete(baseUrl + "/api/dataproducts/" + productId + "/"), 204, 404);
    }

    private List<JsonNode> pages(String first) {
        List<JsonNode> results = new ArrayList<>();
        String next = first;
        while (next != null && !next.isEmpty() && !"null".equals(next)) {
            try {
                JsonNode page = JSON.readTree(execute(new HttpGet(next), 200));
                page.path("results").forEach(results::add);
                next = page.path("next").isNull() ? null : page.path("next").asText(null);
                if (next != null && !next.isEmpty() && !"null".equals(next) && !origin.contains(URI.create(next))) {
                    throw new PermanentFailure("the TOM's 'next' link points to another origin (" + Origin.of(next) + ", configured "
                            + origin + "); refusing to follow it");
                }
            } catch (IOException e) {
                throw new TransientFailure("TOM list reply is not JSON: " + e.getMessage(), e);
            }
        }
        return results;
    }

    private String execute(HttpUriRequestBase request, int... expected) {
        String what = request.getMethod() + " " + request.getRequestUri();
        try {
            HttpUriRequestBase current = request;
            for (int redirects = 0; ; redirects++) {
                Reply reply = send(current);
                if (!isRedirect(reply.status())) {
                    for (int ok : expected) {
                        if (reply.status() == ok) {
                            return reply.body();
                        }
                    }
                    throw failure(what, reply.status(), reply.body());
                }
                if (!(current instanceof HttpGet) || redirects == MAX_REDIRECTS || reply.location() == null) {
                    throw new PermanentFailure(what + " -> HTTP " + reply.status() + " redirect to " + reply.location()
                            + " (not followed: check the TOM url)");
                }
                current = new HttpGet(uriOf(current).resolve(reply.location()));
            }
        } catch (InterruptedIOException e) {
            if (request instanceof HttpPost) {
                throw new UncertainOutcome(what + ": no answer within the timeout; the product may have been stored", e);
            }
            throw new TransientFailure(what + ": no answer within the timeout", e);
        } catch (IOException e) {
            throw new TransientFailure(what + ": " + e.getMessage(), e);
        }
    }

    private record Reply(int status, String body, String location) {
    }

    /** One request; the Basic credentials go only to the configured origin. */
    private Reply send(HttpUriRequestBase request) throws IOException {
        if (origin.contains(uriOf(request))) {
            request.setHeader(HttpHeaders.AUTHORIZATION, authorization);
        } else {
            request.removeHeaders(HttpHeaders.AUTHORIZATION);
        }
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        String what = "the TOM's answer to " + request.getMethod() + " " + request.getPath();
        return BoundedAnswers.execute(http, request, null, limits.answerDeadline(), what, response -> {
            String body = response.getEntity() == null ? "" : BoundedAnswers.text(response.getEntity().getContent(), limits.maxAnswerBytes(), what);
            var location = response.getFirstHeader(HttpHeaders.LOCATION);
            return new Reply(response.getCode(), body, location == null ? null : location.getValue());
        });
    }

    private static URI uriOf(HttpUriRequestBase request) {
        try {
            return request.getUri();
        } catch (java.net.URISyntaxException e) {
            throw new PermanentFailure("not a valid URL: " + e.getMessage());
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static RuntimeException failure(String what, int status, String body) {
        String message = what + " -> HTTP " + status + ": " + Redaction.redact(body.length() > 500 ? body.substring(0, 500) + "..." : body);
        if (status == 500 && body.contains("Data processing error")) {
            return new PermanentFailure(message);
        }
        if (status >= 500 || status == 429 || status == 408) {
            return new TransientFailure(message);
        }
        if (status == 401 || status == 403) {
            return new io.skyroute.pipeline.AuthenticationFailure(message);
        }
        return new PermanentFailure(message);
    }

    private static Product product(JsonNode p) {
        String data = p.path("data").asText("");
        String fileName = data.substring(data.lastIndexOf('/') + 1);
        return new Product(p.path("id").asLong(), p.path("target").asLong(), fileName, p.path("data_product_type").asText(""),
                p.path("product_id").asText(""));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
