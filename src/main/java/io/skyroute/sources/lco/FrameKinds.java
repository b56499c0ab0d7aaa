package io.skyroute.sources.lco;

import java.util.Locale;
import java.util.Set;

/** Which LCO configuration types are science images, which are spectra, and which are calibrations. */
public final class FrameKinds {

    private static final Set<String> IMAGING = Set.of("EXPOSE", "REPEAT_EXPOSE", "STANDARD");
    private static final Set<String> SPECTRA = Set.of("SPECTRUM", "REPEAT_SPECTRUM", "NRES_SPECTRUM", "REPEAT_NRES_SPECTRUM");

    public enum Kind { IMAGE, SPECTRUM, CALIBRATION }

    private FrameKinds() {
    }

    public static Kind of(String configurationType) {
        String type = configurationType == null ? "" : configurationType.toUpperCase(Locale.ROOT);
        if (IMAGING.contains(type)) {
            return Kind.IMAGE;
        }
        if (SPECTRA.contains(type)) {
            return Kind.SPECTRUM;
        }
        return Kind.CALIBRATION;
    }
}
