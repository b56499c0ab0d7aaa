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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
public class LcoArchiveClient {

    public static final int PAGE_SIZE = 1000;
    private static final int MAX_REDIRECTS = 5;
    private static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String archive;
    private final URI base;
    private final Origin origin;
    private final Secret token;
    private final HttpClient http;
    private final Duration timeout;

    public LcoArchiveClient(String archive, String baseUrl, Secret token, HttpClient http, Duration timeout) {
        this.archive = archive;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.origin = Origin.of(base);
        this.token = token;
        this.http = http;
        this.timeout = timeout;
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
        HttpResponse<String> response = send(uri);
        for (int redirects = 0; isRedirect(response.statusCode()); redirects++) {
            if (redirects == MAX_REDIRECTS) {
                throw new PermanentFailure(what + ": more than " + MAX_REDIRECTS + " redirects");
            }
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElseThrow(
                    () -> new TransientFailure(what + " answered HTTP " + status + " without a Location"));
            uri = response.uri().resolve(location);
            response = send(uri);
        }
        if (response.statusCode() / 100 != 2) {
            throw HttpStatusFailures.of(response, what);
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
    private HttpResponse<String> send(URI uri) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
        if (origin.contains(uri)) {
            request.header("Authorization", "Token " + token.reveal());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
