package io.skyroute.cli;

import io.skyroute.analysis.events.InjectedEvent;
import io.skyroute.analysis.events.Simulator;
import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.lightcurve.LightcurveFiles;
import io.skyroute.analysis.AnalysisSetup;
import io.skyroute.analysis.science.Analyser;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.SkyrouteConfig;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code skyroute inject}: detection efficiency of real lightcurves — injects events of each amplitude and
 * width {@code --count} times per lightcurve and filter, runs the finder, prints the recovered fraction
 * (and writes injections.csv into {@code --out} when given).
 */
@Command(name = "inject", mixinStandardHelpOptions = true,
        description = "Injects simulated events into real lightcurves and prints the fraction the finder recovers.")
public class InjectCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Option(names = "--amplitudes", split = ",", required = true, paramLabel = "MAG", description = "Event amplitudes in magnitudes, e.g. 0.05,0.1,0.5.")
    List<Double> amplitudes;

    @Option(names = "--widths", split = ",", required = true, paramLabel = "DAYS",
            description = "Event widths in days (Gaussian sigma for flares, duration for dips, period for sines).")
    List<Double> widths;

    @Option(names = "--kind", split = ",", defaultValue = "flare", paramLabel = "KIND", description = "flare, dip and/or sine (default: ${DEFAULT-VALUE}).")
    List<String> kinds;

    @Option(names = "--count", defaultValue = "100", paramLabel = "N", description = "Injections per kind, amplitude and width (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write every trial to DIR/injections.csv.")
    Path out;

    @Parameters(paramLabel = "LIGHTCURVE", arity = "1..*", description = "Lightcurve files (CSV, ECSV, FITS) or folders.")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (count < 1 || widths.stream().anyMatch(w -> !(w > 0))) {
            err.println("--count must be at least 1 and every --widths value more than 0");
            return 2;
        }
        List<InjectedEvent.Kind> eventKinds = new ArrayList<>();
        for (String kind : kinds) {
            try {
                eventKinds.add(InjectedEvent.Kind.of(kind));
            } catch (IllegalArgumentException e) {
                err.println("--kind: expected flare, dip or sine, found '" + kind + "'");
                return 2;
            }
        }
        SkyrouteConfig config = configOption.load(ConfigLoader.fromSystemEnvironment());
        Analyser analyser = new Analyser(AnalysisSetup.settings(config.analysis()));
        List<String[]> trials = new ArrayList<>();
        int problems = 0;
        stdout.printf("%-36s %-8s %-6s %9s %9s %9s %10s%n", "lightcurve", "filter", "kind", "amplitude", "width_d", "injected", "recovered");
        for (Path file : LightcurveFiles.find(paths)) {
            List<Lightcurve> lightcurves;
            try {
                lightcurves = LightcurveFiles.read(file);
            } catch (LightcurveFiles.BadLightcurve bad) {
                err.println("cannot read " + bad.getMessage());
                problems++;
                continue;
            }
            for (Lightcurve lc : lightcurves) {
                Lightcurve sorted = Analyser.sortedByTime(lc);
                int[] q = analyser.qflags(sorted);
                for (InjectedEvent.Kind kind : eventKinds) {
                    for (double amplitude : amplitudes) {
                        for (double width : widths) {
                            List<Simulator.Trial> run = analyser.inject(sorted, q, List.of(kind), List.of(amplitude), List.of(width), count);
                            stdout.printf(Locale.ROOT, "%-36s %-8s %-6s %9.4g %9.4g %9d %9.1f%%%n", file.getFileName(), lc.filter(), kind.label(),
                                    amplitude, width, run.size(), 100 * Simulator.efficiency(run));
                            for (Simulator.Trial t : run) {
                                trials.add(new String[]{file.toString(), lc.filter(), kind.label(), Double.toString(amplitude), Double.toString(width),
                                        Double.toString(t.event().time()), Boolean.toString(t.recovered()),
                                        t.detection() == null ? "" : Double.toString(t.detection().peakSnr())});
                            }
                        }
                    }
                }
            }
        }
        if (out != null) {
            Files.createDirectories(out);
            try (Writer w = Files.newBufferedWriter(out.resolve("injections.csv"));
                 CSVPrinter csv = CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                         .setHeader("file", "filter", "kind", "amplitude", "width", "time", "recovered", "peak_snr").get().print(w)) {
                for (String[] row : trials) {
                    csv.printRecord((Object[]) row);
                }
            }
            stdout.println("Wrote " + out.resolve("injections.csv"));
        }
        stdout.flush();
        return problems == 0 ? 0 : 1;
    }
}
