package io.skyroute.reduction;

import nom.tam.fits.Fits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Dataset folders made of the real sample frames shipped in samples/frames (PDS 110, LCO 0.4 m). */
final class SampleDatasets {

    static final Path SAMPLES = Path.of("samples", "frames");

    private SampleDatasets() {
    }

    /** {@code <root>/PDS_110/sbig/<filter>} holding the sample frames of that filter, with a reduction_config.yaml. */
    static Path dataset(Path root, String filter, String photometryYaml) throws Exception {
        Path dataset = Files.createDirectories(root.resolve("PDS_110").resolve("sbig").resolve(filter));
        for (Path frame : frames(filter)) {
            Files.copy(frame, dataset.resolve(frame.getFileName()));
        }
        Files.writeString(dataset.resolve(DatasetReducer.CONFIG_FILE), """
                target:
                  name: PDS_110
                  RA: "05:23:31.0"
                  Dec: "-01:04:24"
                photometry:
                """ + photometryYaml);
        return dataset;
    }

    /** The README's convention: 6 px (6.96 arcsec) aperture, 12-18 px annulus, the comparison stars C1 and C2. */
    static final String WITH_C1_C2 = """
              aperture_arcsec: 6.96
              annulus_arcsec: [13.92, 20.88]
              comparison_stars: ["80.965269 -1.386212", "05:23:26.36 -01:19:37.3"]
            """;

    static List<Path> frames(String filter) throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(f -> filter.equals(filterOf(f))).sorted().toList();
        }
    }

    private static String filterOf(Path frame) {
        try (Fits fits = new Fits(frame.toFile())) {
            return fits.getHDU("SCI").getHeader().getStringValue("FILTER").trim();
        } catch (Exception e) {
            throw new IllegalStateException(frame + ": " + e.getMessage(), e);
        }
    }
}
