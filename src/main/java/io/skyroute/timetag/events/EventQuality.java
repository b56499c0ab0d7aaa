package io.skyroute.timetag.events;

import java.util.Optional;

/**
 * hstlc's checks of a time-tag exposure, in its spirit: a bad exposure flag in the header (COS EXPFLAG not
 * NORMAL), no events, times going backwards, every event at one time, an exposure shorter than a minimum.
 * A file that fails one is bad data: kept with the reason, never made into a lightcurve.
 */
public final class EventQuality {

    private final double minExptime;

    public EventQuality(double minExptime) {
        this.minExptime = minExptime;
    }

    /** Why the exposure is bad, or empty when it is good. */
    public Optional<String> problem(EventFile f) {
        if (f.expflag() != null && !f.expflag().equalsIgnoreCase("NORMAL")) {
            return Optional.of("bad exposure flag EXPFLAG = '" + f.expflag() + "'");
        }
        if (f.events() == 0) {
            return Optional.of("no events");
        }
        for (int i = 1; i < f.time().length; i++) {
            if (f.time()[i] < f.time()[i - 1]) {
                return Optional.of("TIME not monotonic at event " + i + " (" + f.time()[i - 1] + " s then " + f.time()[i] + " s)");
            }
        }
        if (f.events() > 1 && f.time()[0] == f.time()[f.events() - 1]) {
            return Optional.of("all " + f.events() + " events at one time (" + f.time()[0] + " s)");
        }
        if (!(f.exptime() >= minExptime)) {
            return Optional.of("exposure time " + f.exptime() + " s is shorter than the minimum " + minExptime + " s");
        }
        if (!Double.isFinite(f.expstartMjd())) {
            return Optional.of("no EXPSTART: the exposure's start time is unknown");
        }
        return Optional.empty();
    }
}
