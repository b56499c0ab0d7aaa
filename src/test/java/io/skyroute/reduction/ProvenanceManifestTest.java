package io.skyroute.reduction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** provenance.json, written in two steps, is the text one Jackson pass over the whole manifest gives. */
class ProvenanceManifestTest {

    @TempDir
    Path dataset;

    @Test
    void theManifestIsOneJacksonPassOverTheWholeMap() throws Exception {
        Map<String, Object> ensemble = new LinkedHashMap<>();
        ensemble.put("comparison_stars", List.of(Map.of("star", "s1", "weight", 0.5), Map.of("star", "s2", "weight", 0.5)));
        ensemble.put("rejected", Map.of("s3", "variable"));
        ensemble.put("reduced_chi_square", null);
        Provenance provenance = new Provenance("1.2.3", "abc123", List.of("a.fits.fz", "b \"quoted\".fits.fz", "ü.fits"),
                Map.of("c.fits.fz", "no WCS"), List.of("s1", "s2"), Map.of("name", "PDS_110", "ra_deg", 84.9),
                ensemble, Map.of("quality", "passed", "reasons", List.of()), 1234.5);
        Path csv = Files.writeString(dataset.resolve("T_rp_lc.csv"), "x");
        Path png = Files.writeString(dataset.resolve("T_rp_lc.png"), "y");
        List<Products.Hashed> products = List.of(new Products.Hashed(csv, "00ff"), new Products.Hashed(png, "ff00"));

        Path written = new ProvenanceManifest(provenance).write(dataset.resolve("provenance.json"), dataset, products);

        Map<String, Object> whole = new LinkedHashMap<>();
        whole.put("software_version", "1.2.3");
        whole.put("config_hash", "abc123");
        whole.put("input_frames", provenance.inputFrames());
        whole.put("excluded_frames", provenance.excludedFrames());
        whole.put("comparison_stars", provenance.comparisonStars());
        whole.put("target", provenance.target());
        whole.put("ensemble", ensemble);
        whole.put("quality", provenance.quality());
        whole.put(LightcurveProducts.EXPOSURE_KEY, 1234.5);
        whole.put("products", Map.of("T_rp_lc.csv", "00ff", "T_rp_lc.png", "ff00").entrySet().stream().sorted(Map.Entry.comparingByKey())
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        String expected = new ObjectMapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(whole);
        assertThat(Files.readString(written)).isEqualTo(expected);
        assertThat(expected).contains("\"products\" : {\n    \"T_rp_lc.csv\" : \"00ff\"");
    }

    @Test
    void noExposureNoExposureKey() throws Exception {
        Provenance provenance = new Provenance("1", "h", List.of("a"), Map.of(), List.of());
        Path written = new ProvenanceManifest(provenance).write(dataset.resolve("provenance.json"), dataset, List.of());
        assertThat(new ObjectMapper().readTree(written.toFile()).has(LightcurveProducts.EXPOSURE_KEY)).isFalse();
        assertThat(new ObjectMapper().readTree(written.toFile()).get("products").size()).isZero();
    }
}
