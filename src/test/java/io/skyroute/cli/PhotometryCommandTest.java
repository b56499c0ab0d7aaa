package io.skyroute.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** The `skyroute photometry` contract, checked against photutils' numbers for the same frames. */
class PhotometryCommandTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PhotometryCommandTest.class.getResource(name).toURI());
    }

    private static List<CSVRecord> read(Path csv) throws Exception {
        try (Reader in = Files.newBufferedReader(csv)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    @Test
    void writesOneRowPerFrameAndStarMatchingPhotutils(@TempDir Path dir) throws Exception {
        Path frames = resource("/frames");
        List<String> args = new java.util.ArrayList<>(List.of("photometry", "--positions", resource("/photometry/stars.csv").toString(),
                "--aperture-px", "6", "--annulus-px", "12,18", "--no-recenter", "--out", dir.resolve("out.csv").toString()));
        try (var files = Files.list(frames)) {
            files.filter(f -> f.toString().endsWith(".fits.fz")).sorted().forEach(f -> args.add(f.toString()));
        }

        CliRunner result = CliRunner.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("4 frame(s) measured, 531 row(s), 0 frame(s) skipped");
        List<CSVRecord> rows = read(dir.resolve("out.csv"));
        assertThat(rows.get(0).toMap().keySet()).containsAll(List.of("file", "name", "x", "y", "flux", "flux_err", "sky", "mjd", "filter", "flag"));
        Map<String, CSVRecord> ours = new HashMap<>();
        rows.forEach(r -> ours.put(r.get("file") + "|" + r.get("name"), r));
        List<CSVRecord> expected = read(resource("/photometry/forced.csv"));
        assertThat(ours).hasSameSizeAs(expected);
        for (CSVRecord e : expected) {
            CSVRecord o = ours.get(e.get("file") + "|" + e.get("name"));
            assertThat(o).as(e.toString()).isNotNull();
            assertThat(d(o, "x")).isCloseTo(d(e, "x"), offset(0.01));
            assertThat(d(o, "y")).isCloseTo(d(e, "y"), offset(0.01));
            assertThat(d(o, "sky")).isEqualTo(d(e, "sky"));
            assertThat(d(o, "flux")).as(e.toString()).isCloseTo(d(e, "flux"), offset(1e-6 * Math.abs(d(e, "flux"))));
            assertThat(o.get("filter")).isIn("rp", "gp");
            assertThat(d(o, "mjd")).isBetween(57981.0, 57983.0);
        }
    }

    @Test
    void aBadFrameIsReportedAndTheOthersStillMeasured(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.fits"), "SIMPLE  =                    T" + " ".repeat(3000));
        Path out = dir.resolve("out.csv");

        CliRunner result = CliRunner.run("photometry", "--positions", resource("/photometry/stars.csv").toString(), "--aperture-arcsec", "3",
                "--annulus-px", "12,18", "--recenter", "--out", out.toString(), broken.toString(),
                resource("/frames/ogg0m404-kb82-20170815-1160-e91.fits.fz").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("skipped broken.fits: ");
        List<CSVRecord> rows = read(out);
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.get("file")).isEqualTo("ogg0m404-kb82-20170815-1160-e91.fits.fz"));
        assertThat(d(rows.get(0), "area")).isCloseTo(Math.PI * Math.pow(3 / 1.16, 2), offset(1e-9));
    }

    @Test
    void aBadStarListOrAnnulusIsAUsageError(@TempDir Path dir) throws Exception {
        Path stars = Files.writeString(dir.resolve("stars.csv"), "name,ra,dec\nA,80.9,-1.1\nB,eighty,-1\n");
        String frame = resource("/frames/ogg0m404-kb82-20170815-1160-e91.fits.fz").toString();

        CliRunner badStars = CliRunner.run("photometry", "--positions", stars.toString(), "--aperture-px", "6", "--annulus-px", "12,18",
                "--out", dir.resolve("o.csv").toString(), frame);
        CliRunner badAnnulus = CliRunner.run("photometry", "--positions", stars.toString(), "--aperture-px", "6", "--annulus-px", "12",
                "--out", dir.resolve("o.csv").toString(), frame);

        assertThat(badStars.exitCode()).isEqualTo(2);
        assertThat(badStars.err()).contains("stars.csv: line 3: ra: expected degrees, found 'eighty'");
        assertThat(badAnnulus.exitCode()).isEqualTo(2);
        assertThat(badAnnulus.err()).contains("--annulus-px takes two radii");
        assertThat(dir.resolve("o.csv")).doesNotExist();
    }

    private static double d(CSVRecord record, String column) {
        return Double.parseDouble(record.get(column));
    }
}
