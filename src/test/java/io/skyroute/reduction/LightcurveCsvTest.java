package io.skyroute.reduction;

import io.skyroute.photometry.ensemble.LightcurvePoint;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lightcurve's CSV (the TOM's format) joins its rows itself and has commons-csv quote only the filter cell: the
 * text must be what commons-csv's printRecord gives, also for filters that need quoting and for numbers of every
 * kind, and a point without a magnitude is left out.
 */
class LightcurveCsvTest {

    @Test
    void theRowsAreWhatCommonsCsvPrintsForAnyFilterAndNumber() throws Exception {
        List<String> filters = List.of("rp", "r,p", "say \"x\"", " lead", "trail ", "", "#c", "two\nlines", "-gp", "ü");
        double[] numbers = {57_981.81439594861, -0.5, 0.0, -0.0, 1e-300, 6.02e23, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                14.37338810902152, Double.MIN_VALUE};
        List<LightcurvePoint> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double magnitude = i % 13 == 12 ? Double.NaN : numbers[(i + 3) % numbers.length];
            double error = i % 7 == 6 ? Double.NaN : numbers[(i + 5) % numbers.length];
            points.add(new LightcurvePoint("f" + i, numbers[i % numbers.length], 0, 0, filters.get(i % filters.size()), 1, 0.1, magnitude, error, 0));
        }

        StringWriter written = new StringWriter();
        LightcurveProducts.writeCsv(written, points);

        StringWriter expected = new StringWriter();
        try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("time", "filter", "magnitude", "error").get()
                .print(expected)) {
            for (LightcurvePoint p : points) {
                if (!Double.isNaN(p.magnitude())) {
                    printer.printRecord(ShortestDecimal.of(p.mjd()), p.filter(), ShortestDecimal.of(p.magnitude()), ShortestDecimal.of(p.magnitudeError()));
                }
            }
        }
        assertThat(written.toString()).isEqualTo(expected.toString()).contains("\"r,p\"", "\"say \"\"x\"\"\"", "\" lead\"", "NaN", "-Infinity");
        try (var records = CSVFormat.DEFAULT.parse(new java.io.StringReader(written.toString()))) {
            List<org.apache.commons.csv.CSVRecord> read = records.getRecords();
            assertThat(read).as("a header and the points with a magnitude").hasSize(1 + 40 - 3);
            assertThat(read.stream().map(r -> r.get(1)).toList()).contains("r,p", "two\nlines", "say \"x\"", "");
        }
    }

    /** Issue 42: no frame name or filter (spaces, quotes, line breaks, control characters) can break an ECSV row or its header. */
    @Test
    void anEcsvRowKeepsItsTenCellsWhateverTheNamesHold() throws Exception {
        List<String> names = List.of("plain.fits", "with space.fits", "new\nline.fits", "cr\rtab\t.fits", "quote\"d.fits", "src=x y.fits", "\u0001ctl.fits");
        List<LightcurvePoint> points = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            points.add(new LightcurvePoint(names.get(i), 57_981.5 + i, 57_981.6 + i, 57_981.7 + i, i % 2 == 0 ? "rp" : "r p\n\"x\"", 1.5, 0.1,
                    14.2, 0.01, i));
        }
        Provenance provenance = new Provenance("1.0", "abc", names, java.util.Map.of(), List.of("C1"), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of(), 30.0);
        StringWriter written = new StringWriter();
        LightcurveProducts.writeEcsv(written, "PDS\n110", "r p\n\"x\"", points, provenance);

        String text = written.toString();
        List<String> header = text.lines().takeWhile(l -> l.startsWith("#")).toList();
        assertThat(header).allSatisfy(line -> assertThat(line).startsWith("# "));
        String data = text.substring(header.stream().mapToInt(l -> l.length() + 1).sum());
        var records = CSVFormat.DEFAULT.builder().setDelimiter(' ').get().parse(new java.io.StringReader(data)).getRecords();
        assertThat(records.get(0).toList()).containsExactly("frame", "mjd", "bjd_tdb", "hjd_utc", "filter", "flux", "flux_err", "mag", "mag_err", "flags");
        assertThat(records).hasSize(names.size() + 1);
        for (int i = 0; i < names.size(); i++) {
            assertThat(records.get(i + 1).size()).isEqualTo(10);
            assertThat(records.get(i + 1).get(0)).isEqualTo(names.get(i));
            assertThat(records.get(i + 1).get(4)).isEqualTo(points.get(i).filter());
            assertThat(records.get(i + 1).get(9)).isEqualTo(Integer.toString(i));
        }
    }
}
