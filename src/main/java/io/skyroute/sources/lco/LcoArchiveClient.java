package io.skyroute.sources.lco;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.config.Secret;
import io.skyroute.pipeline.Origin;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.sources.HttpStatusFailures;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Speaks the LCO science archive's API: {@code frames/} queries with limit/offset pagination followed
 * through {@code next} to the end, and {@code frames/{id}/} for a fresh record (a new presigned URL).
 * Authenticates with {@code Authorization: Token ...}, sent to the configured origin only; the token never
 * leaves this class.
 */
public class LcoArchiveClient implements java.io.Closeable {

    public static final int PAGE_SIZE = 1000;
    private static final int MAX_REDIRECTS = 5;
    private static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String archive;
    private final URI base;
    private final Origin origin;
    private final Secret token;
    private final CloseableHttpClient http;

    /**
     * Its own Apache HttpClient (closed by {@link #close()}): redirects are followed here, not by the client,
     * which would repeat the token to any host; no automatic retries (the routes' policy decides); and no
     * background thread — the JDK client's selector thread, blocked in native code, made every command that
     * used it wait 0.3 s at exit (the JVM waits that long for threads in native code).
     */
    public LcoArchiveClient(String archive, String baseUrl, Secret token, Duration timeout) {
        this.archive = archive;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.origin = Origin.of(base);
        this.token = token;
        Timeout t = Timeout.ofMilliseconds(timeout.toMillis());
        Timeout connect = Timeout.ofMilliseconds(Math.min(30_000, timeout.toMillis()));
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(t).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .build();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** One answer: status, the headers the client reads, the body, and the address it came from. */
    private record Answer(URI uri, int status, String location, String retryAfter, String body) {
    }

    public String archive() {
        return archive;
    }

    /** One query: a proposal, a time window (UTC), a reduction level, whether calibrations are left out by the server. */
    public record Query(String proposal, LocalDateTime start, LocalDateTime end, int reductionLevel, boolean excludeCalibrations) {
    }

    /** Every frame matching the query, all pages. */
    public List<LcoFrame> frames(Query query) throws IOException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("proposal_id", query.proposal());
        params.put("start", QUERY_TIME.format(query.start()));
        params.put("end", QUERY_TIME.format(query.end()));
        params.put("reduction_level", String.valueOf(query.reductionLevel()));
        params.put("public", "false");
        if (query.excludeCalibrations()) {
            params.put("exclude_calibrations", "true");
        }
        params.put("limit", String.valueOf(PAGE_SIZE));
        params.put("offset", "0");
        URI next = base.resolve("frames/?" + encode(params));
        List<LcoFrame> frames = new ArrayList<>();
        int pages = 0;
        while (next != null) {
            JsonNode page = getJson(next, what(pages));
            JsonNode results = page.get("results");
            if (results == null || !results.isArray()) {
                throw new TransientFailure("the " + archive + " archive's frame list has no 'results' array");
            }
            for (JsonNode result : results) {
                frames.add(frameOf(result, what(pages)));
            }
            pages++;
            JsonNode nextNode = page.get("next");
            next = nextNode == null || nextNode.isNull() || nextNode.asText().isBlank() ? null : sameServer(base.resolve(nextNode.asText()));
        }
        return frames;
    }

    /** One small authenticated request (the first frame of the list): throws when the archive is away or refuses the token. */
    public void probe() throws IOException, InterruptedException {
        getJson(base.resolve("frames/?limit=1"), "the " + archive + " archive");
    }

    /** A fresh record of one frame (e.g. for a new presigned URL). */
    public LcoFrame frame(long id) throws IOException, InterruptedException {
        String what = "the " + archive + " archive's record of frame " + id;
        return frameOf(getJson(base.resolve("frames/" + id + "/"), what), what);
    }

    private String what(int pagesRead) {
        return "the " + archive + " archive's frame list (page " + (pagesRead + 1) + ")";
    }

    private static LcoFrame frameOf(JsonNode result, String what) {
        try {
            return LcoFrame.read(result);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new TransientFailure(what + " holds a frame record that cannot be read: " + e.getMessage());
        }
    }

    private JsonNode getJson(URI uri, String what) throws IOException, InterruptedException {
        Answer response = send(uri);
        for (int redirects = 0; isRedirect(response.status()); redirects++) {
            if (redirects == MAX_REDIRECTS) {
                throw new PermanentFailure(what + ": more than " + MAX_REDIRECTS + " redirects");
            }
            if (response.location() == null) {
                throw new TransientFailure(what + " answered HTTP " + response.status() + " without a Location");
            }
            uri = response.uri().resolve(response.location());
            response = send(uri);
        }
        if (response.status() / 100 != 2) {
            throw HttpStatusFailures.of(response.status(), response.retryAfter(), what);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new TransientFailure(what + " is not valid JSON (truncated?): " + e.getOriginalMessage());
        }
    }

    /**
     * One GET; the token is sent only to the configured origin (a redirect elsewhere is followed without
     * it). Redirects are followed here, not by the HTTP client, which would repeat the header to any host.
     */
    private Answer send(URI uri) throws IOException {
        HttpGet get = new HttpGet(uri);
        get.setHeader("Accept", "application/json");
        if (origin.contains(uri)) {
            get.setHeader("Authorization", "Token " + token.reveal());
        }
        return http.execute(get, response -> new Answer(uri, response.getCode(), value(response.getFirstHeader("Location")),
                value(response.getFirstHeader("Retry-After")),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }

    private static String value(Header header) {
        return header == null ? null : header.getValue();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The token goes only to the configured server: a {@code next} link elsewhere is refused. */
    private URI sameServer(URI next) {
        if (!origin.contains(next)) {
            throw new PermanentFailure("the " + archive + " archive's 'next' link points to another origin (" + Origin.of(next)
                    + ", configured " + origin + "); refusing to follow it");
        }
        return next;
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
