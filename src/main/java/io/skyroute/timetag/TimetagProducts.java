package io.skyroute.timetag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Checksums;
import io.skyroute.timetag.events.BinnedLightcurve;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A binned time-tag lightcurve's products, each written under a temporary name and renamed:
 * {@code <stem>.fits} (binary table TIME [MJD, mid-bin], COUNTS, RATE, ERROR, GTI), {@code <stem>.ecsv}
 * (time, filter, counts, counts_err, rate, rate_err, gti; metadata in the header), {@code <stem>.csv} in the
 * TOM's format (time, filter, magnitude, error: instrumental -2.5 log10(rate), bins with no counts left
 * out) and, for composites, {@code provenance.json} naming the inputs and each product's SHA-256.
 * {@code counts_err} is sqrt(max(counts, 1)) so that empty bins keep a usable weight; {@code rate_err} is sqrt(counts)/bin.
 */
final class TimetagProducts {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TimetagProducts() {
    }

    static List<Path> write(Path folder, String stem, String filter, BinnedLightcurve lc, Map<String, Object> meta) throws IOException {
        Files.createDirectories(folder);
        Path fits = atomically(folder.resolve(stem + ".fits"), out -> writeFits(out, lc, meta));
        Path ecsv = atomically(folder.resolve(stem + ".ecsv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("# %ECSV 1.0\n# ---\n# datatype:\n");
            for (String[] c : new String[][]{{"time", "float64"}, {"filter", "string"}, {"counts", "int64"}, {"counts_err", "float64"},
                    {"rate", "float64"}, {"rate_err", "float64"}, {"gti", "int32"}}) {
                w.write("# - {name: " + c[0] + ", datatype: " + c[1] + "}\n");
            }
            w.write("# meta:\n");
            for (Map.Entry<String, Object> e : meta.entrySet()) {
                w.write("#   " + e.getKey() + ": " + new ObjectMapper().writeValueAsString(e.getValue()) + "\n");
            }
            w.write("#   time_scale: 'MJD (UTC) at mid-bin'\n# schema: astropy-2.0\ntime filter counts counts_err rate rate_err gti\n");
            for (int i = 0; i < lc.size(); i++) {
                w.write(lc.mjd()[i] + " " + filter + " " + lc.counts()[i] + " " + Math.sqrt(Math.max(lc.counts()[i], 1)) + " " + lc.rate()[i]
                        + " " + lc.error()[i] + " " + lc.gti()[i] + "\n");
            }
            w.flush();
        });
        Path csv = atomically(folder.resolve(stem + ".csv"), out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("time", "filter", "magnitude", "error").get().print(w);
            for (int i = 0; i < lc.size(); i++) {
                if (lc.counts()[i] > 0) {
                    printer.printRecord(lc.mjd()[i], filter, -2.5 * Math.log10(lc.rate()[i]), 2.5 / Math.log(10) * lc.error()[i] / lc.rate()[i]);
                }
            }
            printer.flush();
        });
        return List.of(fits, ecsv, csv);
    }

    static Path provenance(Path folder, Map<String, Object> provenance, List<Path> products) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>(provenance);
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Path p : products) {
            hashes.put(folder.relativize(p).toString(), Checksums.sha256(p));
        }
        manifest.put("products", hashes);
        return atomically(folder.resolve(io.skyroute.pipeline.Dataset.PROVENANCE_FILE), out -> JSON.writeValue(out, manifest));
    }

    private static void writeFits(OutputStream out, BinnedLightcurve lc, Map<String, Object> meta) throws IOException {
        try {
            Fits fits = new Fits();
            fits.addHDU(Fits.makeHDU((Object) null));
            double[] gti = new double[lc.size()];
            for (int i = 0; i < gti.length; i++) {
                gti[i] = lc.gti()[i];
            }
            BinaryTableHDU table = (BinaryTableHDU) Fits.makeHDU(new Object[]{lc.mjd(), lc.counts(), lc.rate(), lc.error(), lc.gti()});
            String[][] names = {{"TIME", "MJD (UTC) at mid-bin", "d"}, {"COUNTS", "events in the bin", "count"},
                    {"RATE", "counts per second", "count/s"}, {"ERROR", "sqrt(COUNTS) / bin", "count/s"}, {"GTI", "good time interval index", ""}};
            for (int c = 0; c < names.length; c++) {
                table.setColumnName(c, names[c][0], names[c][1]);
                if (!names[c][2].isEmpty()) {
                    table.getHeader().addValue("TUNIT" + (c + 1), names[c][2], "");
                }
            }
            table.getHeader().addValue("EXTNAME", "LIGHTCURVE", "");
            table.getHeader().addValue("BINSIZE", lc.binSeconds(), "bin width in seconds");
            Object target = meta.get("target");
            if (target != null) {
                table.getHeader().addValue("OBJECT", String.valueOf(target), "");
            }
            fits.addHDU(table);
            try (nom.tam.util.FitsOutputStream stream = new nom.tam.util.FitsOutputStream(out)) {
                fits.write(stream);
            }
        } catch (FitsException e) {
            throw new IOException("cannot write the FITS lightcurve: " + e.getMessage(), e);
        }
    }

    static Path atomically(Path target, AtomicFiles.Body body) throws IOException {
        return AtomicFiles.write(target, body);
    }

    /** The concatenation of several binned lightcurves, by time. */
    static BinnedLightcurve concatenate(List<BinnedLightcurve> parts, double binSeconds) {
        List<double[]> rows = new ArrayList<>();
        int gtiOffset = 0;
        for (BinnedLightcurve p : parts) {
            int maxGti = 0;
            for (int i = 0; i < p.size(); i++) {
                rows.add(new double[]{p.mjd()[i], p.counts()[i], p.rate()[i], p.error()[i], p.gti()[i] + gtiOffset});
                maxGti = Math.max(maxGti, p.gti()[i] + 1);
            }
            gtiOffset += maxGti;
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        int n = rows.size();
        double[] mjd = new double[n];
        long[] counts = new long[n];
        double[] rate = new double[n];
        double[] error = new double[n];
        int[] gti = new int[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            mjd[i] = r[0];
            counts[i] = (long) r[1];
            rate[i] = r[2];
            error[i] = r[3];
            gti[i] = (int) r[4];
        }
        return new BinnedLightcurve(binSeconds, mjd, counts, rate, error, gti);
    }
}
