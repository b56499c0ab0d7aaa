package io.skyroute.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;

import java.time.Duration;

/**
 * skyroute's own meters, beside Camel's route and exchange metrics in the same Micrometer registry (the
 * Prometheus one that /observe/metrics serves; names become {@code skyroute_frames_found_total} and so on).
 * The registry is looked up on first use, since Camel makes it when the context starts; one-shot commands,
 * which serve no metrics, count into a private registry nobody reads.
 */
public final class SkyrouteMetrics {

    public static final String BEAN = "skyrouteMetrics";

    private final CamelContext context;
    private volatile MeterRegistry registry;

    public SkyrouteMetrics(CamelContext context) {
        this.context = context;
    }

    /** The context's meters, or a fresh set when the context has none bound (route tests without the full assembly). */
    public static SkyrouteMetrics of(CamelContext context) {
        SkyrouteMetrics bound = context.getRegistry().lookupByNameAndType(BEAN, SkyrouteMetrics.class);
        return bound != null ? bound : new SkyrouteMetrics(context);
    }

    public MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    MeterRegistry found = context.getRegistry().findSingleByType(MeterRegistry.class);
                    registry = found != null ? found : new SimpleMeterRegistry();
                }
                r = registry;
            }
        }
        return r;
    }

    public void framesFound(String source, String feed, int count) {
        counter("skyroute.frames.found", "Frames a source listed (new or not)", "source", source, "feed", feed).increment(count);
    }

    public void frameDownloaded(String source, String feed, long bytes, Duration took) {
        counter("skyroute.frames.downloaded", "Frames fetched, verified and landed", "source", source, "feed", feed).increment();
        Counter.builder("skyroute.download.bytes").description("Bytes landed by downloads").baseUnit("bytes")
                .tags(tags("source", source)).register(registry()).increment(bytes);
        Timer.builder("skyroute.download.duration").description("Time to fetch and land one item").tags(tags("source", source))
                .publishPercentiles(0.5, 0.95).register(registry()).record(took);
    }

    /** A frame the sorting rules decided on: placed, dropped, waiting (for a header) or quarantined; feed is where it came from. */
    public void frameSorted(String feed, String decision) {
        counter("skyroute.frames.sorted", "Frames sorting decided on, by feed and decision", "decision", decision, "feed", feed).increment();
    }

    public void frameQuarantined(String route) {
        counter("skyroute.frames.quarantined", "Files moved to quarantine, by the route that gave up on them", "route", route).increment();
    }

    public void frameFailed(String feed) {
        counter("skyroute.frames.failed", "Frames given up on after retries (dead-lettered)", "feed", feed).increment();
    }

    public void deadLetter(String route) {
        counter("skyroute.dead.letters", "Dead letters recorded, by route", "route", route).increment();
    }

    public void reduction(String dataset, String outcome, Duration took) {
        Timer.builder("skyroute.reduction.duration").description("Time to reduce a dataset, by dataset and outcome")
                .tags(tags("dataset", dataset, "outcome", outcome)).register(registry()).record(took);
    }

    public void lightcurvePublished() {
        counter("skyroute.lightcurves.published", "Lightcurves that passed their checks and were handed to their subscribers").increment();
    }

    /** A lightcurve analysed, by its class per filter (interesting, boring, null), and how long the analysis took. */
    public void lightcurveAnalysed(String kind, Duration took) {
        counter("skyroute.lightcurves.analysed", "Lightcurve filters analysed, by class", "class", kind).increment();
        Timer.builder("skyroute.analysis.duration").description("Time to analyse one lightcurve file (statistics, periodogram, "
                + "detections, injections, its page)").register(registry()).record(took);
    }

    /** A TOM upload's outcome: the delivery's action (uploaded, unchanged, ...) or failed. */
    public void upload(String outcome) {
        counter("skyroute.uploads", "Lightcurve uploads to the TOM, by outcome", "outcome", outcome).increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags(tags)).register(registry());
    }

    /** Micrometer refuses a null tag value; an absent one is "none". */
    private static String[] tags(String... keysAndValues) {
        String[] out = keysAndValues.clone();
        for (int i = 1; i < out.length; i += 2) {
            out[i] = out[i] == null || out[i].isEmpty() ? "none" : out[i];
        }
        return out;
    }
}
