package io.skyroute.analysis.events;

import java.util.Locale;

/**
 * An event the simulator adds to a real lightcurve: a Gaussian flare (brightening by {@code amplitude}
 * magnitudes at the peak, sigma = {@code width} days), a box dip (fainter by {@code amplitude} mag for
 * {@code width} days) or a sinusoid ({@code amplitude} mag semi-amplitude, period {@code width} days),
 * centred at {@code time}. Applied in magnitudes, or as the matching flux ratio for flux lightcurves.
 */
public record InjectedEvent(Kind kind, double amplitude, double width, double time) {

    public enum Kind {
        FLARE, DIP, SINE;

        public static Kind of(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The magnitude change at time t (negative = brighter). */
    public double deltaMag(double t) {
        double x = t - time;
        return switch (kind) {
            case FLARE -> -amplitude * Math.exp(-0.5 * x * x / (width * width));
            case DIP -> Math.abs(x) <= width / 2 ? amplitude : 0;
            case SINE -> amplitude * Math.sin(2 * Math.PI * x / width);
        };
    }

    /** The times within which a detection counts as this event recovered. */
    public double windowStart() {
        return kind == Kind.SINE ? Double.NEGATIVE_INFINITY : time - Math.max(width, 1e-9) * (kind == Kind.FLARE ? 3 : 0.5);
    }

    public double windowEnd() {
        return kind == Kind.SINE ? Double.POSITIVE_INFINITY : time + Math.max(width, 1e-9) * (kind == Kind.FLARE ? 3 : 0.5);
    }

    /** The sign of the S/N a detection of this event has (positive = brighter). */
    public int sign() {
        return kind == Kind.DIP ? -1 : 1;
    }
}
