package io.skyroute.reduction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Measurement;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.detection.SourceDetector;
import io.skyroute.photometry.ensemble.LightcurvePoint;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.wcs.Wcs;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * Lightcurves that can be trusted unattended (issue 16), on the real sample frames: comparison stars chosen
 * automatically as well as an observer chose them, real variability kept, and a lightcurve of blank sky
 * failing its own checks.
 */
class TrustedLightcurveTest {

    /** The observer's aperture (6 px on these cameras), no comparison stars named: skyroute chooses them. */
    static final String AUTOMATIC = "  aperture_arcsec: 6.96\n  annulus_arcsec: [13.92, 20.88]\n";

    private final AperturePipeline pipeline = new AperturePipeline("test-version");

    private static ReductionConfig config(Path dataset) {
        return new ConfigLoader(Map.of()).load(dataset.resolve(DatasetReducer.CONFIG_FILE), ConfigKind.REDUCTION, ReductionConfig.class);
    }

    /** The photutils reference lightcurve of PDS 110 on C1 + C2 (src/test/python/reduction_reference.py): its normalised scatter. */
    private static double photutilsScatterOnC1C2() throws Exception {
        try (Reader in = Files.newBufferedReader(Path.of("src/test/resources/reduction/reference_lightcurve.csv"))) {
            double[] ratios = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords().stream()
                    .mapToDouble(r -> Double.parseDouble(r.get("ratio"))).toArray();
            double mean = Arrays.stream(ratios).average().orElseThrow();
            return Math.sqrt(Arrays.stream(ratios).map(r -> (r - mean) * (r - mean)).average().orElseThrow()) / mean;
        }
    }

    @Test
    void automaticComparisonStarsAreAsGoodAsTheObserversChoice(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", AUTOMATIC);

        AperturePipeline.Result result = pipeline.reduce(dataset, config(dataset), "hash", false);

        double observer = photutilsScatterOnC1C2();
        assertThat(result.quality().passed()).as(result.quality().summary()).isTrue();
        assertThat(result.lightcurve()).hasSize(6);
        assertThat(result.scatter()).as("automatic vs photutils on the observer's C1 + C2 (%.4f)", observer)
                .isLessThanOrEqualTo(1.1 * observer);
        JsonNode ensemble = new ObjectMapper().readTree(dataset.resolve(LightcurveProducts.PROVENANCE).toFile()).get("ensemble");
        double weights = 0;
        for (JsonNode star : ensemble.get("comparison_stars")) {
            weights += star.get("weight").asDouble();
            assertThat(star.get("scatter").asDouble()).isPositive();
        }
        assertThat(weights).isCloseTo(1.0, offset(1e-9));
        assertThat(ensemble.get("comparison_stars")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(ensemble.get("rejected").toString()).as("the two brightest stars of the field are near saturation")
                .contains("S0001", "S0002", "peak pixel above 60 % of saturation");
        assertThat(ensemble.get("reduced_chi_square").asDouble()).isPositive();
        assertThat(ensemble.get("error_scale").asDouble()).isGreaterThanOrEqualTo(1.0);
    }

    /**
     * A dimming of PDS 110 itself (a 6 % sinusoid over the six frames) injected into the real images: the
     * automatic ensemble does not take it for a transparency change — the amplitude comes back within 10 %.
     */
    @Test
    void theEnsembleKeepsTheTargetsRealVariability(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", AUTOMATIC);
        ReductionConfig config = config(dataset);
        AperturePipeline.Result baseline = pipeline.reduce(dataset, config, "hash", false);
        List<Star> catalogue = StarCatalogue.read(root.resolve("PDS_110").resolve(StarCatalogue.FILE));
        AperturePhotometry science = new AperturePhotometry(config, 6.96);
        Map<String, Double> injected = new HashMap<>();
        List<FrameMeasurements> measured = new ArrayList<>();
        FitsImageReader reader = new FitsImageReader();
        List<Path> frames = AperturePipeline.frames(dataset);
        for (int i = 0; i < frames.size(); i++) {
            FitsImage image = reader.read(frames.get(i));
            double factor = 1 - 0.06 * (0.5 + 0.5 * Math.sin(2 * Math.PI * i / frames.size()));
            Measurement target = science.measure(image, catalogue, new SourceDetector(5, 9).detect(image, Wcs.of(image.header())))
                    .measurements().of("PDS_110");
            scaleStar(image, target.x(), target.y(), 16, factor);
            AperturePhotometry.FrameResult result = science.measure(image, catalogue,
                    new SourceDetector(5, 9).detect(image, Wcs.of(image.header())));
            measured.add(result.measurements());
            injected.put(image.file(), factor);
        }
        measured.sort(java.util.Comparator.comparingDouble(f -> f.observation().mjd()));
        List<LightcurvePoint> dimmed = science.lightcurve(science.target(), catalogue, measured).points();

        Map<String, Double> before = new HashMap<>();
        baseline.lightcurve().forEach(p -> before.put(p.frame(), p.flux()));
        double[] recovered = dimmed.stream().mapToDouble(p -> p.flux() / before.get(p.frame())).toArray();
        double[] truth = dimmed.stream().mapToDouble(p -> injected.get(p.frame())).toArray();
        double recoveredMean = Arrays.stream(recovered).average().orElseThrow();
        double truthMean = Arrays.stream(truth).average().orElseThrow();
        // least-squares amplitude of the recovered shape on the injected one (both about their means)
        double num = 0;
        double den = 0;
        for (int i = 0; i < truth.length; i++) {
            num += (recovered[i] - recoveredMean) * (truth[i] - truthMean);
            den += (truth[i] - truthMean) * (truth[i] - truthMean);
        }
        assertThat(num / den).as("recovered / injected amplitude").isCloseTo(1.0, offset(0.10));
    }

    /** Pixels within {@code radius} of a star: their light above the local sky scaled by {@code factor}. */
    private static void scaleStar(FitsImage image, double x, double y, int radius, double factor) {
        List<Float> ring = new ArrayList<>();
        for (int j = (int) y - 2 * radius; j <= y + 2 * radius; j++) {
            for (int i = (int) x - 2 * radius; i <= x + 2 * radius; i++) {
                double d = Math.hypot(i - x, j - y);
                if (d > 1.5 * radius && d < 2 * radius && i >= 0 && j >= 0 && i < image.width() && j < image.height()) {
                    ring.add(image.pixels()[j * image.width() + i]);
                }
            }
        }
        float[] sorted = new float[ring.size()];
        for (int k = 0; k < sorted.length; k++) {
            sorted[k] = ring.get(k);
        }
        Arrays.sort(sorted);
        double sky = sorted[sorted.length / 2];
        for (int j = (int) y - radius; j <= y + radius; j++) {
            for (int i = (int) x - radius; i <= x + radius; i++) {
                if (Math.hypot(i - x, j - y) <= radius && i >= 0 && j >= 0 && i < image.width() && j < image.height()) {
                    int index = j * image.width() + i;
                    image.pixels()[index] = (float) (sky + (image.pixels()[index] - sky) * factor);
                }
            }
        }
    }

    /** The target's coordinates 3 arcmin off (blank sky): the lightcurve is written, flagged failed with the reasons, never vouched for. */
    @Test
    void aTargetOnBlankSkyFailsItsChecks(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", AUTOMATIC);
        Files.writeString(dataset.resolve(DatasetReducer.CONFIG_FILE), Files.readString(dataset.resolve(DatasetReducer.CONFIG_FILE))
                .replace("Dec: \"-01:04:24\"", "Dec: \"-01:07:24\""));

        AperturePipeline.Result result = pipeline.reduce(dataset, config(dataset), "hash", false);

        assertThat(result.quality().passed()).isFalse();
        assertThat(result.attention()).contains("not detected within 2.0 arcsec of its coordinates", "median S/N");
        assertThat(Files.readString(dataset.resolve("PDS_110_rp_lc.ecsv"))).contains("quality: {\"quality\":\"failed\"");
        JsonNode provenance = new ObjectMapper().readTree(dataset.resolve(LightcurveProducts.PROVENANCE).toFile());
        assertThat(provenance.at("/quality/quality").asText()).isEqualTo("failed");
        assertThat(provenance.at("/target/detected_on_reference_image").asBoolean()).isFalse();
        assertThat(Files.readString(dataset.resolve(DatasetLog.FILE))).contains("lightcurve checks FAILED");
    }

    static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }
}
