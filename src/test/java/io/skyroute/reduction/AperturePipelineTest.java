package io.skyroute.reduction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;
import io.skyroute.photometry.ensemble.LightcurvePoint;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The aperture pipeline on the real sample frames, against a photutils reference lightcurve. */
class AperturePipelineTest {

    private final AperturePipeline pipeline = new AperturePipeline("test-version");

    private static ReductionConfig config(Path dataset) {
        return new ConfigLoader(Map.of()).load(dataset.resolve(DatasetReducer.CONFIG_FILE), ConfigKind.REDUCTION, ReductionConfig.class);
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    /**
     * PDS 110 in rp, normalised on C1 + C2 as the data set's README did it with photutils: the scatter
     * is no worse than the photutils reference lightcurve's on the same frames (and below 0.6 %), and
     * each point follows the reference's relative flux.
     */
    @Test
    void lightcurveOfPds110MatchesThePhotutilsReference(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", SampleDatasets.WITH_C1_C2);

        AperturePipeline.Result result = pipeline.reduce(dataset, config(dataset), "hash", false);

        List<CSVRecord> reference = csv(Path.of("src/test/resources/reduction/reference_lightcurve.csv"));
        double[] ratios = reference.stream().mapToDouble(r -> Double.parseDouble(r.get("ratio"))).toArray();
        double mean = Arrays.stream(ratios).average().orElseThrow();
        double referenceScatter = Math.sqrt(Arrays.stream(ratios).map(r -> (r - mean) * (r - mean)).average().orElseThrow()) / mean;
        assertThat(result.excluded()).isEmpty();
        assertThat(result.lightcurve()).hasSize(reference.size());
        assertThat(result.scatter()).isLessThanOrEqualTo(referenceScatter).isLessThan(0.006);

        double ourMean = result.lightcurve().stream().mapToDouble(LightcurvePoint::flux).average().orElseThrow();
        Map<String, Double> ours = new HashMap<>();
        result.lightcurve().forEach(p -> ours.put(p.frame(), p.flux() / ourMean));
        for (CSVRecord r : reference) {
            assertThat(ours.get(r.get("file"))).as(r.get("file")).isCloseTo(Double.parseDouble(r.get("relative")), offset(0.004));
        }
    }

    @Test
    void writesEveryProductWithProvenanceAndIsIncremental(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", SampleDatasets.WITH_C1_C2);

        AperturePipeline.Result first = pipeline.reduce(dataset, config(dataset), "hash-1", false);
        AperturePipeline.Result second = pipeline.reduce(dataset, config(dataset), "hash-1", false);
        AperturePipeline.Result forced = pipeline.reduce(dataset, config(dataset), "hash-1", true);

        assertThat(first.measured()).isEqualTo(6);
        assertThat(second.measured()).isZero();
        assertThat(second.reused()).isEqualTo(6);
        assertThat(forced.measured()).isEqualTo(6);
        assertThat(second.lightcurve()).extracting(LightcurvePoint::flux)
                .containsExactlyElementsOf(first.lightcurve().stream().map(LightcurvePoint::flux).toList());

        assertThat(root.resolve("PDS_110").resolve(StarCatalogue.FILE)).isRegularFile();
        try (var tables = Files.list(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR))) {
            assertThat(tables.filter(t -> t.getFileName().toString().endsWith(".csv")).count()).as("one table per frame").isEqualTo(6);
        }
        assertThat(dataset.resolve(AperturePipeline.PHOTOMETRY_DIR).resolve(AperturePipeline.MEASURED_WITH_FILE)).content()
                .contains("aperture 6.960");
        List<CSVRecord> all = csv(dataset.resolve(AperturePipeline.DATASET_TABLE));
        assertThat(all.stream().map(r -> r.get("file")).distinct().count()).isEqualTo(6);
        assertThat(all.size()).isGreaterThan(6 * 50);

        List<String> lc = Files.readAllLines(dataset.resolve("PDS_110_rp_lc.csv"));
        assertThat(lc.get(0)).isEqualTo("time,filter,magnitude,error");
        assertThat(lc).hasSize(7);
        assertThat(lc.get(1)).startsWith("57981.63").contains(",rp,");
        List<String> ecsv = Files.readAllLines(dataset.resolve("PDS_110_rp_lc.ecsv"));
        assertThat(ecsv.get(0)).isEqualTo("# %ECSV 1.0");
        assertThat(String.join("\n", ecsv)).contains("software_version: 'test-version'", "config_hash: 'hash-1'",
                "ogg0m404-kb82-20170815-1159-e91.fits.fz", "frame mjd bjd_tdb hjd_utc filter flux flux_err mag mag_err flags");
        byte[] png = Files.readAllBytes(dataset.resolve("PDS_110_rp_lc.png"));
        assertThat(Arrays.copyOf(png, 8)).containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
        java.awt.image.BufferedImage plot = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(plot.getWidth()).isEqualTo(900);
        assertThat(plot.getHeight()).isEqualTo(500);
        long seriesPixels = 0; // the series is drawn in JFreeChart's first colour, a saturated red
        for (int y = 0; y < plot.getHeight(); y++) {
            for (int x = 0; x < plot.getWidth(); x++) {
                int rgb = plot.getRGB(x, y);
                seriesPixels += ((rgb >> 16) & 0xff) > 200 && ((rgb >> 8) & 0xff) < 120 ? 1 : 0;
            }
        }
        assertThat(seriesPixels).as("points and error bars drawn").isGreaterThan(100);
        JsonNode provenance = new ObjectMapper().readTree(dataset.resolve(LightcurveProducts.PROVENANCE).toFile());
        assertThat(provenance.get("software_version").asText()).isEqualTo("test-version");
        assertThat(provenance.get("input_frames")).hasSize(6);
        for (Iterator<Map.Entry<String, JsonNode>> it = provenance.get("products").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            assertThat(io.skyroute.pipeline.Checksums.sha256(dataset.resolve(product.getKey()))).as(product.getKey()).isEqualTo(product.getValue().asText());
        }
        assertThat(Files.readString(dataset.resolve(DatasetLog.FILE))).contains("WCS confirmed", "lightcurve of PDS_110 in rp");
        try (var hidden = Files.list(dataset)) {
            assertThat(hidden.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
        }
    }

    /**
     * A truncated frame, one whose WCS points elsewhere and a 98000 x 1 image (under max_image_pixels; issue 42) are
     * excluded with their reasons; the rest is reduced.
     */
    @Test
    void unusableFramesAreExcludedWithAReason(@TempDir Path root) throws Exception {
        Path dataset = SampleDatasets.dataset(root, "rp", SampleDatasets.WITH_C1_C2);
        List<Path> frames = AperturePipeline.frames(dataset);
        byte[] bytes = Files.readAllBytes(frames.get(0));
        Files.write(dataset.resolve("zz-truncated.fits.fz"), Arrays.copyOf(bytes, bytes.length / 3));
        Files.write(dataset.resolve("zz-wrong-wcs.fits.fz"), withCrval1Shifted(Files.readAllBytes(frames.get(1))));
        oneRowImage(frames.get(2), dataset.resolve("zz-98000x1.fits"));

        AperturePipeline.Result result = pipeline.reduce(dataset, config(dataset), "hash", false);

        assertThat(result.excluded()).containsOnlyKeys("zz-truncated.fits.fz", "zz-wrong-wcs.fits.fz", "zz-98000x1.fits");
        assertThat(result.excluded().get("zz-98000x1.fits")).isNotBlank();
        assertThat(result.excluded().get("zz-truncated.fits.fz")).contains("truncated");
        assertThat(result.excluded().get("zz-wrong-wcs.fits.fz")).contains("WCS cannot be");
        assertThat(result.lightcurve()).hasSize(6);
        assertThat(Files.readString(dataset.resolve(LightcurveProducts.PROVENANCE))).contains("zz-wrong-wcs.fits.fz");
    }

    /** The catalogue is built once per target and shared: a second dataset (gp) measures the same named stars. */
    @Test
    void theStarCatalogueIsSharedByTheTargetsDatasets(@TempDir Path root) throws Exception {
        Path rp = SampleDatasets.dataset(root, "rp", "  aperture_arcsec: 6.96\n");
        Path gp = SampleDatasets.dataset(root, "gp", "  aperture_arcsec: 6.96\n");

        pipeline.reduce(rp, config(rp), "h", false);
        String catalogue = Files.readString(root.resolve("PDS_110").resolve(StarCatalogue.FILE));
        AperturePipeline.Result gpResult = pipeline.reduce(gp, config(gp), "h", false);

        assertThat(Files.readString(root.resolve("PDS_110").resolve(StarCatalogue.FILE))).isEqualTo(catalogue);
        assertThat(catalogue).contains("PDS_110");
        assertThat(gpResult.lightcurve()).hasSize(2);
        assertThat(gpResult.filter()).isEqualTo("gp");
        assertThat(Files.readString(gp.resolve(DatasetLog.FILE))).doesNotContain("star catalogue:");
    }

    /** A 98000 x 1 float image with the header of a real frame (its structure cards left out), written with nom-tam-fits. */
    private static void oneRowImage(Path frame, Path out) throws Exception {
        nom.tam.fits.Header real;
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits(frame.toFile())) {
            real = fits.getHDU(1).getHeader();
        }
        float[][] pixels = new float[1][98_000];
        java.util.Random noise = new java.util.Random(42);
        for (int i = 0; i < pixels[0].length; i++) {
            pixels[0][i] = (float) (100 + 5 * noise.nextGaussian());
        }
        nom.tam.fits.BasicHDU<?> hdu = nom.tam.fits.Fits.makeHDU(pixels);
        for (var cursor = real.iterator(); cursor.hasNext(); ) {
            nom.tam.fits.HeaderCard card = cursor.next();
            String key = card.getKey();
            if (card.getValue() != null && !key.matches("SIMPLE|XTENSION|BITPIX|NAXIS\\d*|PCOUNT|GCOUNT|EXTEND|Z.*|T(TYPE|FORM|FIELDS)\\d*|CHECKSUM|DATASUM|END")) {
                hdu.getHeader().addLine(card);
            }
        }
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits()) {
            fits.addHDU(hdu);
            fits.write(out.toFile());
        }
    }

    /** Moves CRVAL1 of the SCI header by 0.2 degrees (the card's value digits are rewritten in place). */
    private static byte[] withCrval1Shifted(byte[] frame) {
        String text = new String(frame, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("CRVAL1  = ");
        String card = text.substring(at, at + 80);
        double value = Double.parseDouble(card.substring(10, 30).trim());
        String shifted = String.format(java.util.Locale.ROOT, "%20.10f", value + 0.2);
        byte[] copy = frame.clone();
        System.arraycopy(shifted.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, copy, at + 10, 20);
        return copy;
    }

    @Test
    void aFramesTableIsNamedAfterItWithoutItsFitsSuffixes() {
        Path tables = Path.of("photometry");
        assertThat(AperturePipeline.tableOf(tables, Path.of("a.fits.fz"))).isEqualTo(tables.resolve("a.csv"));
        assertThat(AperturePipeline.tableOf(tables, Path.of("a.fit.fz"))).isEqualTo(tables.resolve("a.csv"));
        assertThat(AperturePipeline.tableOf(tables, Path.of("a.fts"))).isEqualTo(tables.resolve("a.csv"));
        assertThat(AperturePipeline.tableOf(tables, Path.of("a.fz"))).isEqualTo(tables.resolve("a.csv"));
        assertThat(AperturePipeline.tableOf(tables, Path.of("a.fits.fits.fz"))).isEqualTo(tables.resolve("a.fits.csv"));
        assertThat(AperturePipeline.tableOf(tables, Path.of("ogg0m404-kb82-20170815-1159-e91.fits.fz")))
                .isEqualTo(tables.resolve("ogg0m404-kb82-20170815-1159-e91.csv"));
    }
}
