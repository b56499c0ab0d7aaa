package io.skyroute.cli;

import io.skyroute.testing.MastStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code skyroute mast} against a loopback MAST speaking the Portal API: EXECUTING then COMPLETE, paging
 * (page size 2), products in batches, downloads redirected to "cloud storage", a 503 and a truncated body
 * retried, calibration targets ignored, only the wanted product types fetched; a dry run fetches nothing; a
 * second pass fetches nothing; the requests and answers are kept.
 */
class MastCommandTest {

    static final Path FIXTURES = Path.of("src/test/resources/timetag");

    @TempDir
    Path work;

    @Test
    void onePassFetchesWhatTheLedgerLacksVerifiedAndOnce() throws Exception {
        try (MastStandIn mast = new MastStandIn()) {
            mast.add(new MastStandIn.Observation("2001", "la1a01abq", "TW-HYA", "COS/FUV", Map.of(
                    "la1a01abq_corrtag_a.fits", FIXTURES.resolve("la1a01abq_corrtag_a.fits"),
                    "la1a01abq_corrtag_b.fits", FIXTURES.resolve("la1a01abq_corrtag_b.fits"),
                    "la1a01abq_x1d.fits", FIXTURES.resolve("la1a01abq_x1d.fits"),
                    "la1a01abq_rawtag_a.fits", FIXTURES.resolve("la1a01abq_corrtag_a.fits"))));
            mast.add(new MastStandIn.Observation("2002", "la1a02acq", "TW-HYA", "COS/FUV", Map.of(
                    "la1a02acq_corrtag_a.fits", FIXTURES.resolve("la1a02acq_corrtag_a.fits"))));
            mast.add(new MastStandIn.Observation("3001", "o5hn01010", "V4046-SGR", "STIS/FUV-MAMA", Map.of(
                    "o5hn01010_tag.fits", FIXTURES.resolve("o5hn01010_tag.fits"))));
            mast.add(new MastStandIn.Observation("9001", "ldrk01drk", "DARK", "COS/FUV", Map.of(
                    "ldrk01drk_corrtag_a.fits", FIXTURES.resolve("la1a01abq_corrtag_a.fits"))));
            mast.add(new MastStandIn.Observation("9002", "lwfc01wfc", "TW-HYA", "WFC3/UVIS", Map.of(
                    "lwfc01wfc_flt.fits", FIXTURES.resolve("la1a01abq_x1d.fits"))));
            Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                    data_dir: %s
                    drop: {enabled: false}
                    retry: {max_redeliveries: 3, initial_delay_ms: 50, max_delay_ms: 100}
                    mast:
                      url: %s
                      page_size: 2
                      products_batch: 2
                      executing_retry_ms: 20
                    """.formatted(work.resolve("var"), mast.url()));
            Path ingest = work.resolve("var/timetag/ingest");

            CliRunner dry = CliRunner.run("mast", "--config", config.toString(), "--dry-run");
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("would fetch la1a01abq_corrtag_a.fits", "would fetch o5hn01010_tag.fits",
                    "5 product(s) found, 5 new, nothing fetched").doesNotContain("ldrk01drk", "rawtag", "lwfc01wfc");
            assertThat(Files.exists(ingest) ? Files.list(ingest).count() : 0).isZero();

            mast.failNextInvokes(1);
            mast.truncateFirstDownloadOf("la1a02acq_corrtag_a.fits");
            CliRunner pass = CliRunner.run("mast", "--config", config.toString());
            assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
            assertThat(pass.out()).contains("MAST pass:", "found 5", "downloaded 5", "failed 0");
            try (Stream<Path> files = Files.list(ingest)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("la1a01abq_corrtag_a.fits",
                        "la1a01abq_corrtag_b.fits", "la1a01abq_x1d.fits", "la1a02acq_corrtag_a.fits", "o5hn01010_tag.fits");
            }
            assertThat(Files.mismatch(ingest.resolve("la1a02acq_corrtag_a.fits"), FIXTURES.resolve("la1a02acq_corrtag_a.fits"))).isEqualTo(-1);
            assertThat(mast.downloads("la1a02acq_corrtag_a.fits")).as("the truncated body was fetched again").isEqualTo(2);
            assertThat(mast.downloads("ldrk01drk_corrtag_a.fits")).isZero();
            assertThat(mast.requests()).anySatisfy(r -> assertThat(r.path("service").asText()).isEqualTo("Mast.Caom.Products"));
            assertThat(mast.requests().stream().filter(r -> r.path("service").asText().equals("Mast.Caom.Filtered")).map(r -> r.path("page").asInt()))
                    .as("4 observations in pages of 2, asked to the end (EXECUTING first)").containsExactly(1, 1, 2, 1, 2);

            CliRunner again = CliRunner.run("mast", "--config", config.toString());
            assertThat(again.out()).contains("found 5", "new 0", "downloaded 0");
            assertThat(mast.downloads("la1a01abq_corrtag_a.fits")).isEqualTo(1);
            try (Stream<Path> kept = Files.list(work.resolve("var/timetag/requests"))) {
                assertThat(kept.filter(p -> p.getFileName().toString().startsWith("mast-pass-")).count()).isGreaterThanOrEqualTo(1);
            }
        }
    }
}
