package io.skyroute.photometry;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.util.List;

/**
 * Writes measurements as CSV, one row per frame and star: {@code file,name,x,y,flux,flux_err,sky,
 * mjd,filter,flag} (the contract other tools read) followed by {@code mag,mag_err,aperture_sum,
 * area,sky_std,sky_pixels,flags}. {@code x, y} are 0-based, {@code mjd} is mid-exposure (UTC),
 * numbers are written in full precision.
 */
public final class MeasurementTable implements AutoCloseable {

    public static final List<String> COLUMNS = List.of("file", "name", "x", "y", "flux", "flux_err", "sky", "mjd", "filter", "flag",
            "mag", "mag_err", "aperture_sum", "area", "sky_std", "sky_pixels", "flags");

    private final CSVPrinter printer;

    public MeasurementTable(Appendable out) throws IOException {
        this.printer = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(COLUMNS.toArray(String[]::new)).get().print(out);
    }

    public void write(FrameMeasurements frame) throws IOException {
        Observation obs = frame.observation();
        for (Measurement m : frame.measurements()) {
            printer.printRecord(frame.file(), m.star(), m.x(), m.y(), m.flux(), m.fluxError(), m.sky(), obs.midMjd(), obs.filter(),
                    m.flags(), m.magnitude(), m.magnitudeError(), m.apertureSum(), m.area(), m.skyStd(), m.skyPixels(),
                    Flags.describe(m.flags()));
        }
    }

    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
