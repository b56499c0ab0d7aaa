package io.skyroute.timetag.events;

import java.nio.file.Path;

/**
 * An HST COS ({@code corrtag}) or STIS ({@code tag}) time-tag exposure: its events (times in seconds from
 * the exposure start, DQ flags and PHA where the file has them), its good time intervals, and what the
 * headers say about it. {@code expflag} is COS's EXPFLAG (null where the file has none).
 */
public record EventFile(Path file, String rootname, String target, String instrument, String detector, String grating, String cenwave,
                        String segment, double exptime, double expstartMjd, String expflag, long sdqflags,
                        double[] time, int[] dq, int[] pha, double[][] gti) {

    public int events() {
        return time.length;
    }

    /** Target, instrument, grating and central wavelength: what a composite lightcurve groups. */
    public String group() {
        return target + "/" + instrument + "/" + grating + "_" + cenwave;
    }
}
