package io.skyroute.sources.mast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skyroute.config.HttpLimitsConfig;
import io.skyroute.config.MastConfig;
import io.skyroute.pipeline.BoundedAnswers;
import io.skyroute.config.Secret;
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
import java.util.ArrayList;
import java.util.List;

/**
 * MAST's Portal API ({@code POST /api/v0/invoke}, form body {@code request=<JSON>}): asks again while the
 * answer is {@code EXECUTING} (up to a time limit), pages to the end, lists products for batches of obsids.
 * The token, when there is one, goes as the {@code mast_token} cookie (as astroquery sends it). Every
 * request and answer is handed to a {@link Recorder} (the pass's record in the requests folder).
 */
public final class MastClient {

    /** Keeps what was asked and answered. */
    public interface Recorder {
        void record(JsonNode request, JsonNode answer);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MastConfig config;
    private final Secret token;
    private final HttpClient http;
    private final HttpLimitsConfig limits;

    public MastClient(MastConfig config, Secret token, HttpClient http, HttpLimitsConfig limits) {
        this.limits = limits;
        this.config = config;
        this.token = token;
        this.http = http;
    }

    /** Every observation row the query matches, all pages. */
    public List<JsonNode> observations(MastConfig.MastQuery query, Recorder recorder) throws IOException, InterruptedException {
        List<JsonNode> rows = new ArrayList<>();
        for (int page = 1; ; page++) {
            ObjectNode request = JSON.createObjectNode().put("service", query.service().wire());
            ObjectNode params = request.putObject("params").put("columns", "*");
            if (query.position() != null) {
                params.put("position", query.position());
            }
            ArrayNode filters = params.putArray("filters");
            for (MastConfig.MastFilter f : query.filters()) {
                filters.addObject().put("paramName", f.paramName()).set("values", f.values());
            }
            request.put("format", "json").put("pagesize", config.pageSize()).put("page", page);
            JsonNode answer = invoke(request, recorder);
            answer.path("data").forEach(rows::add);
            int pages = answer.path("paging").path("pagesFiltered").asInt(1);
            if (page >= pages || answer.path("data").isEmpty()) {
                return rows;
            }
        }
    }

    /** The product rows of these observations (obsID values), in batches. */
    public List<JsonNode> products(List<String> obsids, Recorder recorder) throws IOException, InterruptedException {
        List<JsonNode> rows = new ArrayList<>();
        for (int from = 0; from < obsids.size(); from += config.productsBatch()) {
            List<String> batch = obsids.subList(from, Math.min(obsids.size(), from + config.productsBatch()));
            for (int page = 1; ; page++) {
                ObjectNode request = JSON.createObjectNode().put("service", "Mast.Caom.Products");
                request.putObject("params").put("obsid", String.join(",", batch));
                request.put("format", "json").put("pagesize", config.pageSize()).put("page", page);
                JsonNode answer = invoke(request, recorder);
                answer.path("data").forEach(rows::add);
                if (page >= answer.path("paging").path("pagesFiltered").asInt(1) || answer.path("data").isEmpty()) {
                    break;
                }
            }
        }
        return rows;
    }

    /** One request, asked again while MAST says EXECUTING; an ERROR answer is permanent (the query itself is wrong). */
    JsonNode invoke(ObjectNode request, Recorder recorder) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(config.executingTimeoutSeconds()).toNanos();
        String what = "MAST " + request.path("service").asText();
        while (true) {
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(config.url() + "/api/v0/invoke"))
                    .timeout(Duration.ofSeconds(config.httpTimeoutSeconds()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("request=" + URLEncoder.encode(request.toString(), StandardCharsets.UTF_8)));
            if (token != null) {
                post.header("Cookie", "mast_token=" + token.reveal());
            }
            HttpResponse<String> response = BoundedAnswers.send(http, post.build(), limits.maxAnswerBytes(), limits.answerDeadline(), what);
            if (response.statusCode() / 100 != 2) {
                throw HttpStatusFailures.of(response, what);
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new TransientFailure(what + " answered something that is not JSON (" + e.getMessage() + ")");
            }
            recorder.record(request, answer);
            String status = answer.path("status").asText("");
            switch (status) {
                case "COMPLETE":
                    return answer;
                case "EXECUTING":
                    if (System.nanoTime() > deadline) {
                        throw new TransientFailure(what + " still EXECUTING after " + config.executingTimeoutSeconds() + " s");
                    }
                    Thread.sleep(config.executingRetryMs());
                    break;
                case "ERROR":
                    throw new PermanentFailure(what + " refused the query: " + answer.path("msg").asText("(no message)"));
                default:
                    throw new TransientFailure(what + " answered with status '" + status + "'");
            }
        }
    }

    /** Where a product is downloaded from (the API may redirect to cloud storage). */
    public URI downloadUri(String dataUri) {
        return URI.create(config.url() + "/api/v0.1/Download/file?uri=" + URLEncoder.encode(dataUri, StandardCharsets.UTF_8));
    }

    public Secret token() {
        return token;
    }
}
