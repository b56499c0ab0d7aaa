package io.skyroute.sources.mast;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.skyroute.config.MastConfig;
import io.skyroute.config.Secrets;
import io.skyroute.pipeline.AuthenticationFailure;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.sources.HttpDownloader;
import io.skyroute.testing.MastStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MAST client and source on their own: the token as a cookie, refusals, MAST's ERROR, verification of what lands. */
class MastClientTest {

    static final Path FIXTURES = Path.of("src/test/resources/timetag");

    @TempDir
    Path work;

    private MastConfig config(String url, List<MastConfig.MastQuery> queries) {
        return new MastConfig(url, "MAST_TOKEN", queries, null, null, 100, 10, 1, 10L, 10, 1, work.resolve("requests"));
    }

    @Test
    void theTokenGoesAsTheMastTokenCookieAndIsRequired() throws Exception {
        try (MastStandIn mast = new MastStandIn()) {
            mast.requireToken("tok-5150");
            mast.add(new MastStandIn.Observation("1", "o1", "TW-HYA", "COS/FUV", Map.of("o1_corrtag_a.fits", FIXTURES.resolve("la1a01abq_corrtag_a.fits"))));
            MastConfig config = config(mast.url(), null);
            var token = new Secrets(Map.of("MAST_TOKEN", "tok-5150")).require("MAST_TOKEN", "mast.token_envvar");
            MastSource source = new MastSource(config, new MastClient(config, token, HttpClient.newHttpClient(), io.skyroute.config.HttpLimitsConfig.defaults()), new HttpDownloader(Duration.ofSeconds(10), 1, io.skyroute.config.HttpLimitsConfig.defaults()),
                    work.resolve("ingest"), Clock.systemUTC());
            var items = source.list("mast", false);
            assertThat(items).extracting(i -> i.fileName()).containsExactly("o1_corrtag_a.fits");
            var fetched = source.fetch(items.get(0));
            assertThat(Files.mismatch(fetched.path(), FIXTURES.resolve("la1a01abq_corrtag_a.fits"))).isEqualTo(-1);
            assertThat(mast.cookies()).allSatisfy(c -> assertThat(c).contains("mast_token=tok-5150"));
            assertThat(Files.readString(Files.list(work.resolve("requests")).findFirst().orElseThrow())).contains("Mast.Caom.Products")
                    .doesNotContain("tok-5150");

            MastConfig wrong = config(mast.url(), null);
            var bad = new Secrets(Map.of("MAST_TOKEN", "nope")).require("MAST_TOKEN", "mast.token_envvar");
            MastClient refused = new MastClient(wrong, bad, HttpClient.newHttpClient(), io.skyroute.config.HttpLimitsConfig.defaults());
            assertThatThrownBy(() -> refused.observations(MastConfig.hstlcQuery(), (r, a) -> { })).isInstanceOf(AuthenticationFailure.class)
                    .hasMessageContaining("HTTP 401").hasMessageNotContaining("nope");
        }
    }

    @Test
    void anErrorAnswerIsPermanentAndEndlessExecutingIsTransient() throws Exception {
        try (MastStandIn mast = new MastStandIn()) {
            MastClient client = new MastClient(config(mast.url(), null), null, HttpClient.newHttpClient(), io.skyroute.config.HttpLimitsConfig.defaults());
            var request = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("service", "Mast.Nonsense");
            assertThatThrownBy(() -> client.invoke(request, (r, a) -> { })).isInstanceOf(PermanentFailure.class)
                    .hasMessageContaining("refused the query").hasMessageContaining("Unknown service");
            mast.failNextInvokes(1);
            assertThatThrownBy(() -> client.observations(MastConfig.hstlcQuery(), (r, a) -> { })).isInstanceOf(TransientFailure.class)
                    .hasMessageContaining("HTTP 503");
            List<String> seen = new ArrayList<>();
            client.observations(new MastConfig.MastQuery(MastConfig.MastQuery.Service.POSITION, "80.9, -1.07, 0.1",
                    List.of(new MastConfig.MastFilter("t_min", JsonNodeFactory.instance.objectNode().put("min", 58000).put("max", 59000)))),
                    (r, a) -> seen.add(a.path("status").asText()));
            assertThat(seen).containsExactly("EXECUTING", "COMPLETE");
            assertThat(mast.requests().get(mast.requests().size() - 1).path("params").path("position").asText()).isEqualTo("80.9, -1.07, 0.1");
        }
    }

    @Test
    void aDamagedOrShortBodyIsNotLanded() throws Exception {
        Path half = work.resolve("half.fits");
        byte[] whole = Files.readAllBytes(FIXTURES.resolve("la1a01abq_corrtag_a.fits"));
        Files.write(half, java.util.Arrays.copyOf(whole, whole.length - 5000));
        assertThatThrownBy(() -> FitsStructure.check(half)).hasMessageContaining("truncated");
        Files.writeString(work.resolve("html.fits"), "<html>maintenance</html>");
        assertThatThrownBy(() -> FitsStructure.check(work.resolve("html.fits"))).hasMessageContaining("not a FITS file");
        assertThat(FitsStructure.check(FIXTURES.resolve("la1a01abq_corrtag_a.fits"))).isEqualTo(3);
    }
}
