package io.skyroute.sources.surveys;

import io.skyroute.config.HttpLimitsConfig;
import io.skyroute.config.ProjectConfig;
import io.skyroute.pipeline.BoundedAnswers;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.sources.HttpStatusFailures;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * ZTF through IRSA's lightcurve service ({@code /cgi-bin/ZTF/nph_light_curves?POS=CIRCLE ra dec r&BANDNAME=...
 * &FORMAT=csv&BAD_CATFLAGS_MASK=...}): the CSV is kept as it came ({@code ztf.csv}); an answer of the header
 * line only is "no data". A body that is not IRSA's CSV (an HTML error page) is transient.
 */
public final class ZtfSurvey implements SurveyAdapter {

    static final String HEADER_START = "oid,";

    private final ProjectConfig.ZtfConfig config;
    private final HttpClient http;
    private final HttpLimitsConfig limits;

    public ZtfSurvey(ProjectConfig.ZtfConfig config, HttpClient http, HttpLimitsConfig limits) {
        this.limits = limits;
        this.config = config;
        this.http = http;
    }

    @Override
    public String name() {
        return "ZTF";
    }

    @Override
    public double requestsPerSecond() {
        return config.requestsPerSecond();
    }

    @Override
    public Raw fetch(SurveyTarget target, Path folder) throws Exception {
        String pos = String.format(Locale.ROOT, "CIRCLE %.7f %.7f %.7f", target.ra(), target.dec(), config.radiusArcsec() / 3600.0);
        String query = "POS=" + URLEncoder.encode(pos, StandardCharsets.UTF_8) + "&BANDNAME=" + String.join(",", config.bands())
                + "&FORMAT=csv&BAD_CATFLAGS_MASK=" + config.badCatflagsMask();
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.url() + "/cgi-bin/ZTF/nph_light_curves?" + query))
                .timeout(Duration.ofSeconds(config.httpTimeoutSeconds())).GET().build();
        String what = "IRSA ZTF lightcurves of " + target.name();
        HttpResponse<String> response = BoundedAnswers.send(http, request, limits.maxAnswerBytes(), limits.answerDeadline(), what);
        if (response.statusCode() / 100 != 2) {
            throw HttpStatusFailures.of(response, what);
        }
        String body = response.body();
        if (!body.startsWith(HEADER_START)) {
            throw new TransientFailure(what + ": the answer is not IRSA's CSV (starts '" + body.substring(0, Math.min(40, body.length())) + "')");
        }
        Path file = AtomicFiles.write(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), folder.resolve("ztf.csv"));
        boolean empty = body.lines().filter(l -> !l.isBlank()).count() <= 1;
        return new Raw(empty ? List.of() : List.of(file));
    }
}
