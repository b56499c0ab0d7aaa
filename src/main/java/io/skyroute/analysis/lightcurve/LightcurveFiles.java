package io.skyroute.analysis.lightcurve;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the lightcurve files users point analysis at, one {@link Lightcurve} per filter:
 * <ul>
 * <li>CSV as the TOM takes it ({@code time,filter,magnitude,error}), or IRSA ZTF's ({@code mjd,mag,magerr,filtercode,catflags});</li>
 * <li>skyroute's ECSV ({@code mjd ... filter flux flux_err mag mag_err flags}; time-tag: {@code time filter counts counts_err ...})
 * or any ECSV with time and mag, flux or counts columns;</li>
 * <li>FITS tables: TIME with PDCSAP_FLUX (TESS; QUALITY as flags, SAP_BKG as sky, MOM_CENTR1/2 as position) or FLUX/FLUX_ERR.</li>
 * </ul>
 * A file that is none of these is reported with its name and what was missing ({@link BadLightcurve}).
 */
public final class LightcurveFiles {

    private LightcurveFiles() {
    }

    /** A lightcurve file that cannot be read: the message names the file and what is wrong. */
    public static final class BadLightcurve extends Exception {
        public BadLightcurve(Path file, String reason) {
            super(file + ": " + reason);
        }
    }

    /** The lightcurve files under these paths (files as given; folders searched for *_lc.csv, *.ecsv, *.fits, *.csv, sorted). */
    public static List<Path> find(List<Path> paths) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(LightcurveFiles::looksLikeLightcurve).sorted().forEach(found::add);
                }
            } else {
                found.add(path);
            }
        }
        return found;
    }

    private static boolean looksLikeLightcurve(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        // a dataset folder holds frames (*.fits.fz) and other CSVs: take its lightcurves only
        return name.endsWith("_lc.csv") || name.endsWith(".ecsv") || name.endsWith("_lc.fits") || name.endsWith("lc.fits")
                || name.endsWith(".lc.csv");
    }

    public static List<Lightcurve> read(Path file) throws IOException, BadLightcurve {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".fits") || name.endsWith(".fit") || name.endsWith(".fits.gz")) {
            return readFits(file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (name.endsWith(".ecsv") || text.startsWith("# %ECSV")) {
            return readEcsv(file, text);
        }
        return readCsv(file, new StringReader(text), CSVFormat.DEFAULT);
    }

    private static List<Lightcurve> readCsv(Path file, Reader reader, CSVFormat format) throws IOException, BadLightcurve {
        try (CSVParser parser = format.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get().parse(reader)) {
            Map<String, String> columns = lowerCase(parser.getHeaderNames());
            String time = first(columns, "time", "mjd", "bjd", "hjd", "jd");
            String mag = first(columns, "magnitude", "mag");
            String magErr = first(columns, "error", "magerr", "mag_err", "e_mag");
            String flux = first(columns, "flux", "counts");
            String fluxErr = columns.containsKey("flux") ? first(columns, "flux_err", "fluxerr", "error") : first(columns, "counts_err", "error");
            boolean counts = !columns.containsKey("flux") && columns.containsKey("counts");
            String filter = first(columns, "filter", "filtercode", "band");
            String flags = first(columns, "flags", "catflags", "qflag", "quality");
            String exposure = first(columns, "exptime", "exposure");
            boolean magnitudes = mag != null;
            if (time == null || (mag == null && flux == null)) {
                throw new BadLightcurve(file, "no time and magnitude/flux columns (found " + parser.getHeaderNames() + ")");
            }
            String valueColumn = magnitudes ? mag : flux;
            String errorColumn = magnitudes ? magErr : fluxErr;
            if (errorColumn == null) {
                throw new BadLightcurve(file, "no error column for " + valueColumn);
            }
            Map<String, Columns> byFilter = new LinkedHashMap<>();
            for (CSVRecord row : parser) {
                String band = filter == null ? "unknown" : row.get(filter);
                Columns c = byFilter.computeIfAbsent(band, b -> new Columns());
                try {
                    c.add(parse(row.get(time)), parse(row.get(valueColumn)), parse(row.get(errorColumn)),
                            flags == null ? 0 : (int) parse(row.get(flags)), Double.NaN, Double.NaN,
                            exposure == null ? Double.NaN : parse(row.get(exposure)));
                } catch (NumberFormatException e) {
                    throw new BadLightcurve(file, "line " + row.getRecordNumber() + ": not a number: " + e.getMessage());
                }
            }
            String name = stem(file);
            List<Lightcurve> out = new ArrayList<>();
            Lightcurve.Unit unit = magnitudes ? Lightcurve.Unit.MAGNITUDE : counts ? Lightcurve.Unit.COUNTS : Lightcurve.Unit.FLUX;
            byFilter.forEach((band, c) -> out.add(c.build(name, band, unit, false, false, exposure != null)));
            return out;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new BadLightcurve(file, "not a readable CSV table: " + e.getMessage());
        }
    }

    private static List<Lightcurve> readEcsv(Path file, String text) throws IOException, BadLightcurve {
        StringBuilder table = new StringBuilder();
        String metaFilter = null;
        String metaTarget = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                String trimmed = line.substring(1).trim();
                if (trimmed.startsWith("filter:")) {
                    metaFilter = trimmed.substring("filter:".length()).trim().replaceAll("^'(.*)'$", "$1");
                } else if (trimmed.matches("target: '.*'")) {   // skyroute's ECSV: the target's name (its position is a JSON value)
                    metaTarget = trimmed.substring("target: '".length(), trimmed.length() - 1).replace("''", "'");
                }
            } else if (!line.isBlank()) {
                table.append(line).append('\n');
            }
        }
        List<Lightcurve> lightcurves = readCsv(file, new StringReader(table.toString()),
                CSVFormat.DEFAULT.builder().setDelimiter(' ').get());
        String name = metaTarget;
        String onlyFilter = lightcurves.size() == 1 && lightcurves.get(0).filter().equals("unknown") ? metaFilter : null;
        return lightcurves.stream().map(lc -> new Lightcurve(name != null ? name : lc.name(), onlyFilter != null ? onlyFilter : lc.filter(), lc.unit(),
                lc.time(), lc.value(), lc.error(), lc.flags(), lc.sky(), lc.centroidOffset(), lc.exposure())).toList();
    }

    private static List<Lightcurve> readFits(Path file) throws IOException, BadLightcurve {
        try (Fits fits = new Fits(file.toFile())) {
            Header primary = null;
            for (BasicHDU<?> hdu : fits.read()) {
                if (primary == null) {
                    primary = hdu.getHeader();
                }
                if (hdu instanceof BinaryTableHDU table && table.findColumn("TIME") >= 0) {
                    return List.of(fromTable(file, primary, table));
                }
            }
            throw new BadLightcurve(file, "no binary table with a TIME column");
        } catch (RuntimeException e) { // nom.tam's FitsException is one too
            throw new BadLightcurve(file, "not a readable FITS table: " + e.getMessage());
        }
    }

    private static Lightcurve fromTable(Path file, Header primary, BinaryTableHDU table) throws FitsException, BadLightcurve {
        String fluxName = Stream.of("PDCSAP_FLUX", "FLUX", "SAP_FLUX").filter(c -> table.findColumn(c) >= 0).findFirst()
                .orElseThrow(() -> new BadLightcurve(file, "TIME but no PDCSAP_FLUX, FLUX or SAP_FLUX column"));
        int n = table.getNRows();
        double[] time = column(table, "TIME", n);
        double[] flux = column(table, fluxName, n);
        double[] error = table.findColumn(fluxName + "_ERR") >= 0 ? column(table, fluxName + "_ERR", n) : new double[n];
        if (table.findColumn(fluxName + "_ERR") < 0) {
            throw new BadLightcurve(file, "no " + fluxName + "_ERR column");
        }
        int[] flags = new int[n];
        if (table.findColumn("QUALITY") >= 0) {
            double[] q = column(table, "QUALITY", n);
            for (int i = 0; i < n; i++) {
                flags[i] = (int) q[i];
            }
        }
        double[] sky = table.findColumn("SAP_BKG") >= 0 ? column(table, "SAP_BKG", n) : null;
        double[] offset = null;
        if (table.findColumn("MOM_CENTR1") >= 0 && table.findColumn("MOM_CENTR2") >= 0) {
            double[] x = column(table, "MOM_CENTR1", n);
            double[] y = column(table, "MOM_CENTR2", n);
            double mx = nanMedian(x);
            double my = nanMedian(y);
            offset = new double[n];
            for (int i = 0; i < n; i++) {
                offset[i] = Math.hypot(x[i] - mx, y[i] - my);
            }
        }
        Header header = table.getHeader();
        double timedel = header.getDoubleValue("TIMEDEL", Double.NaN);
        double[] exposure = null;
        if (Double.isFinite(timedel)) {
            exposure = new double[n];
            java.util.Arrays.fill(exposure, timedel * 86400.0);
        }
        String object = firstNonBlank(primary.getStringValue("OBJECT"), header.getStringValue("OBJECT"), stem(file));
        String telescope = firstNonBlank(primary.getStringValue("TELESCOP"), header.getStringValue("TELESCOP"), "");
        String filter = firstNonBlank(primary.getStringValue("FILTER"), header.getStringValue("FILTER"),
                telescope.equalsIgnoreCase("TESS") ? "TESS" : "unknown");
        String unit = header.getStringValue("TUNIT" + (table.findColumn(fluxName) + 1));
        Lightcurve.Unit kind = unit != null && unit.toLowerCase(Locale.ROOT).matches("counts?|adu|photons?") ? Lightcurve.Unit.COUNTS
                : Lightcurve.Unit.FLUX;
        return new Lightcurve(object, filter, kind, time, flux, error, flags, sky, offset, exposure);
    }

    private static double[] column(BinaryTableHDU table, String name, int n) throws FitsException {
        Object data = table.getColumn(name);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (data instanceof double[] d) {
                out[i] = d[i];
            } else if (data instanceof float[] f) {
                out[i] = f[i];
            } else if (data instanceof int[] v) {
                out[i] = v[i];
            } else if (data instanceof short[] v) {
                out[i] = v[i];
            } else if (data instanceof long[] v) {
                out[i] = v[i];
            } else if (data instanceof byte[] v) {
                out[i] = v[i];
            } else {
                throw new FitsException("column " + name + " is not numeric");
            }
        }
        return out;
    }

    private static double nanMedian(double[] values) {
        double[] finite = java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        int m = finite.length / 2;
        return finite.length % 2 == 1 ? finite[m] : 0.5 * (finite[m - 1] + finite[m]);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "";
    }

    private static double parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("null") || t.equals("--")) {
            return Double.NaN;
        }
        return Double.parseDouble(t);
    }

    private static Map<String, String> lowerCase(List<String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String h : headers) {
            out.putIfAbsent(h.trim().toLowerCase(Locale.ROOT), h);
        }
        return out;
    }

    private static String first(Map<String, String> columns, String... candidates) {
        for (String c : candidates) {
            if (columns.containsKey(c)) {
                return columns.get(c);
            }
        }
        return null;
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : List.of(".csv", ".ecsv", ".fits.gz", ".fits", ".fit")) {
            if (name.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** Growing columns of one filter. */
    private static final class Columns {
        final List<double[]> rows = new ArrayList<>();

        void add(double time, double value, double error, int flag, double sky, double offset, double exposure) {
            rows.add(new double[]{time, value, error, flag, sky, offset, exposure});
        }

        Lightcurve build(String name, String filter, Lightcurve.Unit unit, boolean withSky, boolean withOffset, boolean withExposure) {
            int n = rows.size();
            double[][] c = new double[7][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 7; k++) {
                    c[k][i] = rows.get(i)[k];
                }
            }
            int[] flags = java.util.Arrays.stream(c[3]).mapToInt(v -> Double.isFinite(v) ? (int) v : 0).toArray();
            return new Lightcurve(name, filter, unit, c[0], c[1], c[2], flags, withSky ? c[4] : null, withOffset ? c[5] : null,
                    withExposure ? c[6] : null);
        }
    }
}
