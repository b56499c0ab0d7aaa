package io.skyroute.bench;

import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.stats.Classification;
import io.skyroute.analysis.stats.PeriodSearch;
import io.skyroute.analysis.stats.StatisticsCalculator;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times statistics + periodogram (exact GLS on the documented grid, Baluev FAP) over the lightcurves of a
 * CSV (id,time,mag,err), one thread, after a warm-up pass; writes the first curves' powers for the
 * comparison with astropy. Run by bench/analysis-benchmark.sh, which prints astropy's figures beside it.
 */
public final class AnalysisBenchmark {

    public static void main(String[] args) throws Exception {
        List<Lightcurve> curves = read(Path.of(args[0]));
        StatisticsCalculator calculator = new StatisticsCalculator(PeriodSearch.defaults(), Classification.defaults());
        for (int i = 0; i < Math.min(200, curves.size()); i++) {
            calculator.compute(curves.get(i));
        }
        long start = System.nanoTime();
        int frequencies = 0;
        double checksum = 0;
        for (Lightcurve lc : curves) {
            StatisticsCalculator.Result r = calculator.compute(lc);
            frequencies = frequencies == 0 ? r.periodogram().grid().count() : frequencies;
            checksum += r.statistics().bestPower();
        }
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "skyroute statistics + exact GLS + FAP  %5d curves: %7.3f s  (%.2f ms per curve, %d frequencies; checksum %.6f)%n",
                curves.size(), took, 1000 * took / curves.size(), frequencies, checksum);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
            for (int k = 0; k < 3; k++) {
                double[] power = calculator.compute(curves.get(k)).periodogram().power();
                for (double p : power) {
                    out.println(k + "," + p);
                }
            }
        }
    }

    private static List<Lightcurve> read(Path csv) throws Exception {
        List<Lightcurve> curves = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        int current = -1;
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] p = line.split(",");
                int id = Integer.parseInt(p[0]);
                if (id != current && !rows.isEmpty()) {
                    curves.add(curve(current, rows));
                    rows.clear();
                }
                current = id;
                rows.add(new double[]{Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3])});
            }
        }
        curves.add(curve(current, rows));
        return curves;
    }

    private static Lightcurve curve(int id, List<double[]> rows) {
        int n = rows.size();
        double[] t = new double[n];
        double[] y = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = rows.get(i)[0];
            y[i] = rows.get(i)[1];
            e[i] = rows.get(i)[2];
        }
        return Lightcurve.of("lc" + id, "V", Lightcurve.Unit.MAGNITUDE, t, y, e);
    }
}
