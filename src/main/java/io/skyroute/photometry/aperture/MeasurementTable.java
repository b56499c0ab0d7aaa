package io.skyroute.photometry.aperture;

import io.skyroute.photometry.fits.Observation;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes measurements as CSV, one row per frame and star: {@code file,name,x,y,flux,flux_err,sky,
 * mjd,filter,flag} (the contract other tools read) followed by {@code mag,mag_err,aperture_sum,
 * area,sky_std,sky_pixels,flags,exptime,peak,saturation,fwhm} (tables written before the last three
 * read back with them unknown); {@link #read} reads such a file back. {@code x, y} are 0-based, {@code mjd} is mid-exposure (UTC),
 * numbers are written in full precision.
 */
public final class MeasurementTable implements AutoCloseable {

    public static final List<String> COLUMNS = List.of("file", "name", "x", "y", "flux", "flux_err", "sky", "mjd", "filter", "flag",
            "mag", "mag_err", "aperture_sum", "area", "sky_std", "sky_pixels", "flags", "exptime", "peak", "saturation", "fwhm");

    private final CSVPrinter printer;

    public MeasurementTable(Appendable out) throws IOException {
        this.printer = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(COLUMNS.toArray(String[]::new)).get().print(out);
    }

    public void write(FrameMeasurements frame) throws IOException {
        Observation obs = frame.observation();
        for (Measurement m : frame.measurements()) {
            printer.printRecord(frame.file(), m.star(), m.x(), m.y(), m.flux(), m.fluxError(), m.sky(), obs.midMjd(), obs.filter(),
                    m.flags(), m.magnitude(), m.magnitudeError(), m.apertureSum(), m.area(), m.skyStd(), m.skyPixels(),
                    Flags.describe(m.flags()), obs.exposure(), m.peak(), obs.saturation(), obs.fwhm());
        }
    }

    /** Reads back the rows of one frame's table (as written by {@link #write}). */
    public static FrameMeasurements read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            List<Measurement> measurements = new ArrayList<>();
            String frame = null;
            Observation observation = null;
            for (CSVRecord row : parser) {
                frame = row.get("file");
                if (observation == null) {
                    double exposure = number(row, "exptime");
                    double mid = number(row, "mjd");
                    observation = new Observation(exposure, Double.NaN, Double.NaN, number(row, "saturation"), Double.NaN,
                            Double.isNaN(exposure) ? mid : mid - exposure / 2 / 86400.0, null, row.get("filter"), Double.NaN, Double.NaN, 0,
                            number(row, "fwhm"));
                }
                // interned: the ensemble compares each frame's list of star names with the last, identical strings at once
                measurements.add(new Measurement(row.get("name").intern(), number(row, "x"), number(row, "y"), number(row, "aperture_sum"),
                        number(row, "area"), number(row, "sky"), number(row, "sky_std"), (int) number(row, "sky_pixels"),
                        number(row, "flux"), number(row, "flux_err"), number(row, "mag"), number(row, "mag_err"),
                        Integer.parseInt(row.get("flag")), number(row, "peak")));
            }
            return frame == null ? null : new FrameMeasurements(frame, observation, measurements);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(file.getFileName() + ": not a photometry table: " + e.getMessage(), e);
        }
    }

    private static double number(CSVRecord row, String column) {
        String text = row.isMapped(column) ? row.get(column) : "";
        return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }

    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
