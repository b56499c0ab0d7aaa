package io.skyroute.survey;

import io.skyroute.analysis.events.Seasons;
import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.lightcurve.LightcurveFiles;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Checksums;
import io.skyroute.pipeline.Dataset;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.pipeline.SafeNames;
import io.skyroute.sources.surveys.SurveyTarget;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reduces a source's raw survey data into lightcurves per filter and per season (a gap of more than
 * {@code gap} days starts a new one), AstroRetriever's reduction: in
 * {@code <project folder>/<NAME>/<SURVEY>/<filter>/<NAME>_<SURVEY>_<filter>_s<k>_lc.{csv,ecsv}} with a
 * {@code provenance.json}. ZTF: IRSA's CSV, epochs with bad catflags flagged (kept in the ECSV, left out of
 * the TOM CSV). TESS: each FITS lightcurve (PDCSAP flux, QUALITY != 0 flagged), times BJD_TDB - 2400000.5,
 * the TOM CSV's magnitude = -2.5 log10(flux) + 20.44 (TESS's zero point).
 */
public final class SurveyReduction {

    static final double TESS_ZERO_POINT = 20.44;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final double gap;
    private final int badCatflags;
    private final String softwareVersion;

    public SurveyReduction(double gap, int badCatflags, String softwareVersion) {
        this.gap = gap;
        this.badCatflags = badCatflags;
        this.softwareVersion = softwareVersion;
    }

    /** One epoch as the products hold it: time, value (mag or flux), error, flag, magnitude for the TOM CSV. */
    record Epoch(double time, double value, double error, int flag, double mag, double magErr) {
    }

    public List<LightcurveReady> reduce(SurveyTarget target, String survey, List<Path> raw, Path projectFolder) throws IOException {
        Map<String, List<Epoch>> byFilter = new TreeMap<>();
        boolean magnitudes = survey.equals("ZTF");
        for (Path file : raw) {
            if (magnitudes) {
                readZtf(file).forEach((f, epochs) -> byFilter.computeIfAbsent(f, k -> new ArrayList<>()).addAll(epochs));
            } else {
                byFilter.computeIfAbsent("TESS", k -> new ArrayList<>()).addAll(readTess(file));
            }
        }
        List<LightcurveReady> ready = new ArrayList<>();
        String name = SafeNames.of(target.name()).orElse("source" + target.row());
        for (Map.Entry<String, List<Epoch>> e : byFilter.entrySet()) {
            List<Epoch> epochs = new ArrayList<>(e.getValue());
            epochs.sort((a, b) -> Double.compare(a.time(), b.time()));
            if (epochs.isEmpty()) {
                continue;
            }
            String filter = SafeNames.of(e.getKey()).orElse("unknown");
            Path folder = projectFolder.resolve(name).resolve(survey).resolve(filter);
            Files.createDirectories(folder);
            double[] times = epochs.stream().mapToDouble(Epoch::time).toArray();
            List<int[]> seasons = Seasons.split(times, gap);
            List<Path> products = new ArrayList<>();
            List<Path> csvs = new ArrayList<>();
            for (int s = 0; s < seasons.size(); s++) {
                List<Epoch> season = new ArrayList<>();
                for (int i : seasons.get(s)) {
                    season.add(epochs.get(i));
                }
                int number = s + 1;
                String stem = Dataset.lightcurveStem(name + "_" + survey, filter + "_s" + number);
                Path csv = write(folder.resolve(stem + ".csv"), out -> csv(out, filter, season));
                Path ecsv = write(folder.resolve(stem + ".ecsv"), out -> ecsv(out, target, survey, filter, number, magnitudes, season, raw));
                products.add(csv);
                products.add(ecsv);
                csvs.add(csv);
            }
            Path provenance = provenance(folder, target, survey, raw, products);
            for (Path csv : csvs) {
                List<Path> own = new ArrayList<>(List.of(csv, csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".ecsv")), provenance));
                ready.add(new LightcurveReady(Dataset.of(folder), target.name(), filter, csv, own, provenance));
            }
        }
        return ready;
    }

    private Map<String, List<Epoch>> readZtf(Path file) throws IOException {
        Map<String, List<Epoch>> out = new TreeMap<>();
        try (Reader in = Files.newBufferedReader(file);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            for (CSVRecord r : parser) {
                double mjd = Double.parseDouble(r.get("mjd"));
                double mag = Double.parseDouble(r.get("mag"));
                double err = Double.parseDouble(r.get("magerr"));
                int catflags = (int) Double.parseDouble(r.get("catflags"));
                int flag = (catflags & badCatflags) != 0 ? catflags : 0;
                out.computeIfAbsent(r.get("filtercode"), k -> new ArrayList<>()).add(new Epoch(mjd, mag, err, flag, mag, err));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not IRSA's ZTF CSV: " + e.getMessage(), e);
        }
        return out;
    }

    private static List<Epoch> readTess(Path file) throws IOException {
        List<Epoch> out = new ArrayList<>();
        try {
            for (Lightcurve lc : LightcurveFiles.read(file)) {
                for (int i = 0; i < lc.size(); i++) {
                    double t = lc.time()[i] + 2457000.0 - 2400000.5;   // BTJD -> BJD_TDB - 2400000.5
                    double flux = lc.value()[i];
                    double err = lc.error()[i];
                    if (!Double.isFinite(t) || !Double.isFinite(flux)) {
                        continue;
                    }
                    double mag = flux > 0 ? -2.5 * Math.log10(flux) + TESS_ZERO_POINT : Double.NaN;
                    out.add(new Epoch(t, flux, err, lc.flags()[i], mag, flux > 0 ? 2.5 / Math.log(10) * err / flux : Double.NaN));
                }
            }
        } catch (LightcurveFiles.BadLightcurve bad) {
            throw new IOException(bad.getMessage(), bad);
        }
        return out;
    }

    private static void csv(OutputStream out, String filter, List<Epoch> epochs) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader("time", "filter", "magnitude", "error").get().print(w);
        for (Epoch e : epochs) {
            if (e.flag() == 0 && Double.isFinite(e.mag()) && Double.isFinite(e.magErr())) {
                printer.printRecord(e.time(), filter, e.mag(), e.magErr());
            }
        }
        printer.flush();
    }

    private void ecsv(OutputStream out, SurveyTarget target, String survey, String filter, int season, boolean magnitudes, List<Epoch> epochs,
                      List<Path> raw) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        String value = magnitudes ? "mag" : "flux";
        w.write("# %ECSV 1.0\n# ---\n# datatype:\n# - {name: time, datatype: float64}\n# - {name: filter, datatype: string}\n"
                + "# - {name: " + value + ", datatype: float64}\n# - {name: " + value + "_err, datatype: float64}\n# - {name: flags, datatype: int32}\n");
        w.write("# meta:\n#   target: " + quote(target.name()) + "\n#   filter: " + quote(filter) + "\n#   survey: " + quote(survey) + "\n");
        w.write(String.format(Locale.ROOT, "#   ra: %.7f%n#   dec: %.7f%n#   season: %d%n", target.ra(), target.dec(), season));
        w.write("#   time_scale: " + quote(magnitudes ? "MJD (UTC)" : "BJD_TDB - 2400000.5") + "\n");
        w.write("#   software_version: " + quote(softwareVersion) + "\n");
        w.write("#   raw_files: [" + String.join(", ", raw.stream().map(p -> quote(p.getFileName().toString())).toList()) + "]\n");
        w.write("# schema: astropy-2.0\ntime filter " + value + " " + value + "_err flags\n");
        for (Epoch e : epochs) {
            w.write(e.time() + " " + filter + " " + e.value() + " " + e.error() + " " + e.flag() + "\n");
        }
        w.flush();
    }

    private Path provenance(Path folder, SurveyTarget target, String survey, List<Path> raw, List<Path> products) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("software_version", softwareVersion);
        manifest.put("target", Map.of("name", target.name(), "ra_deg", target.ra(), "dec_deg", target.dec()));
        manifest.put("survey", survey);
        manifest.put("season_gap_days", gap);
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Path p : raw) {
            inputs.put(p.getFileName().toString(), Checksums.sha256(p));
        }
        manifest.put("raw_files", inputs);
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Path p : products) {
            hashes.put(folder.relativize(p).toString(), Checksums.sha256(p));
        }
        manifest.put("products", hashes);
        return write(folder.resolve(Dataset.PROVENANCE_FILE), out -> JSON.writeValue(out, manifest));
    }

    private static Path write(Path target, AtomicFiles.Body body) throws IOException {
        return AtomicFiles.write(target, body);
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
