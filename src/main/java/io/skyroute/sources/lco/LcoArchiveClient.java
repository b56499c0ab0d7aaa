package io.skyroute.sources.lco;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.config.HttpLimitsConfig;
import io.skyroute.config.Secret;
import io.skyroute.pipeline.BoundedAnswers;
import io.skyroute.pipeline.Origin;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.sources.HttpStatusFailures;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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
    private final HttpLimitsConfig limits;

    /**
     * Its own Apache HttpClient (closed by {@link #close()}): redirects are followed here, not by the client,
     * which would repeat the token to any host; no automatic retries (the routes' policy decides); and no
     * background thread — the JDK client's selector thread, blocked in native code, made every command that
     * used it wait 0.3 s at exit (the JVM waits that long for threads in native code).
     */
    public LcoArchiveClient(String archive, String baseUrl, Secret token, Duration timeout, HttpLimitsConfig limits) {
        this.archive = archive;
        this.limits = limits;
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

    public String archive() {
        return archive;
    }

    /** One query: a proposal, a time window (UTC), a reduction level, whether calibrations are left out by the server. */
    public record Query(String proposal, LocalDateTime start, LocalDateTime end, int reductionLevel, boolean excludeCalibrations) {
    }

    /** Every frame matching the query, all pages (at most {@code http.max_listing_entries}, each page read as a stream). */
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
        Set<URI> seen = new HashSet<>();
        while (next != null) {
            if (!seen.add(next)) {
                throw new TransientFailure("the " + archive + " archive's frame list links back to a page it already gave (" + next.getRawQuery() + ")");
            }
            String what = what(seen.size() - 1);
            Page page = get(next, what, body -> readPage(body, what, frames));
            if (page.results() > PAGE_SIZE) {
                throw new TransientFailure(what + " holds " + page.results() + " frames, more than the " + PAGE_SIZE + " asked for");
            }
            next = page.next() == null || page.next().isBlank() ? null : sameServer(base.resolve(page.next()));
        }
        return frames;
    }

    /** One page as read: how many results it held and its {@code next} link. */
    private record Page(int results, String next) {
    }

    /** Reads {@code results} one record at a time into {@code frames} and takes {@code next}; nothing else is kept. */
    private Page readPage(InputStream body, String what, List<LcoFrame> frames) throws IOException {
        int results = -1;
        String next = null;
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TransientFailure(what + " is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("results".equals(field) && value == JsonToken.START_ARRAY) {
                    results = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        if (frames.size() >= limits.maxListingEntries()) {
                            throw new TransientFailure("the " + archive + " archive's frame list names more than " + limits.maxListingEntries()
                                    + " frames (http.max_listing_entries); not read further");
                        }
                        frames.add(frameOf(parser.readValueAsTree(), what));
                        results++;
                    }
                } else if ("next".equals(field)) {
                    next = value == JsonToken.VALUE_NULL ? null : parser.getValueAsString();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new TransientFailure(what + " is not valid JSON (truncated?): " + e.getOriginalMessage());
        }
        if (results < 0) {
            throw new TransientFailure("the " + archive + " archive's frame list has no 'results' array");
        }
        return new Page(results, next);
    }

    /** One small authenticated request (the first frame of the list): throws when the archive is away or refuses the token. */
    public void probe() throws IOException, InterruptedException {
        String what = "the " + archive + " archive";
        get(base.resolve("frames/?limit=1"), what, body -> readPage(body, what, new ArrayList<>()));
    }

    /** A fresh record of one frame (e.g. for a new presigned URL). */
    public LcoFrame frame(long id) throws IOException, InterruptedException {
        String what = "the " + archive + " archive's record of frame " + id;
        JsonNode record = get(base.resolve("frames/" + id + "/"), what, body -> {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                throw new TransientFailure(what + " is not valid JSON (truncated?): " + e.getOriginalMessage());
            }
        });
        return frameOf(record, what);
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

    /** Reads an answer's body (bounded in size; the request bounded in time). */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** A GET, its redirects followed here and its status checked, its body given to {@code reader}. */
    private <T> T get(URI uri, String what, BodyReader<T> reader) throws IOException {
        for (int redirects = 0; ; redirects++) {
            URI asked = uri;
            HttpGet get = new HttpGet(asked);
            get.setHeader("Accept", "application/json");
            if (origin.contains(asked)) {
                get.setHeader("Authorization", "Token " + token.reveal());
            }
            Object answer = BoundedAnswers.execute(http, get, null, limits.answerDeadline(), what, response -> {
                int status = response.getCode();
                if (isRedirect(status)) {
                    Header location = response.getFirstHeader("Location");
                    if (location == null) {
                        throw new TransientFailure(what + " answered HTTP " + status + " without a Location");
                    }
                    if (response.getEntity() != null) {  // read (within bounds) so that the client need not drain it unbounded
                        BoundedAnswers.limited(response.getEntity().getContent(), limits.maxAnswerBytes(), what).transferTo(OutputStream.nullOutputStream());
                    }
                    return asked.resolve(location.getValue());
                }
                if (status / 100 != 2) {
                    Header retryAfter = response.getFirstHeader("Retry-After");
                    throw HttpStatusFailures.of(status, retryAfter == null ? null : retryAfter.getValue(), what);
                }
                InputStream body = response.getEntity() == null ? InputStream.nullInputStream() : response.getEntity().getContent();
                return new Read<>(reader.read(BoundedAnswers.limited(body, limits.maxAnswerBytes(), what)));
            });
            if (answer instanceof Read<?> read) {
                @SuppressWarnings("unchecked")
                T value = (T) read.value();
                return value;
            }
            if (redirects == MAX_REDIRECTS) {
                throw new PermanentFailure(what + ": more than " + MAX_REDIRECTS + " redirects");
            }
            uri = (URI) answer;
        }
    }

    /** A body read (as against a redirect's next address). */
    private record Read<T>(T value) {
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
