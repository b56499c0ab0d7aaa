package io.skyroute.analysis.events;

import io.skyroute.analysis.lightcurve.Lightcurve;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * AstroRetriever's simulator: injects an event into a real lightcurve {@code count} times (centred on a
 * randomly chosen good epoch, so efficiency measures detection, not coverage — coverage is what the scan
 * histograms record), runs the finder on each copy and reports which injections were recovered: a
 * detection of the event's sign inside its window. Seeded, so a run can be repeated exactly.
 */
public final class Simulator {

    /** One injection and what the finder made of it; {@code detection} is null when missed. */
    public record Trial(InjectedEvent event, boolean recovered, Detection detection) {
    }

    private final Finder finder;

    public Simulator(Finder finder) {
        this.finder = finder;
    }

    public List<Trial> run(Lightcurve sorted, int[] qflags, InjectedEvent.Kind kind, double amplitude, double width, int count, long seed) {
        int[] good = java.util.stream.IntStream.range(0, sorted.size()).filter(i -> qflags[i] == 0).toArray();
        List<Trial> trials = new ArrayList<>();
        if (good.length == 0) {
            return trials;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < count; k++) {
            InjectedEvent event = new InjectedEvent(kind, amplitude, width, sorted.time()[good[random.nextInt(good.length)]]);
            Lightcurve injected = sorted.withValues(inject(sorted, event));
            Detection hit = finder.find(injected, qflags).stream()
                    .filter(d -> d.overlaps(event.windowStart(), event.windowEnd()) && Math.signum(d.peakSnr()) == event.sign())
                    .findFirst().orElse(null);
            trials.add(new Trial(event, hit != null, hit));
        }
        return trials;
    }

    static double[] inject(Lightcurve lc, InjectedEvent event) {
        double[] out = lc.value().clone();
        for (int i = 0; i < out.length; i++) {
            double dm = event.deltaMag(lc.time()[i]);
            out[i] = lc.magnitudes() ? out[i] + dm : out[i] * Math.pow(10, -0.4 * dm);
        }
        return out;
    }

    /** The fraction of trials recovered (NaN with none). */
    public static double efficiency(List<Trial> trials) {
        return trials.isEmpty() ? Double.NaN : trials.stream().filter(Trial::recovered).count() / (double) trials.size();
    }
}
