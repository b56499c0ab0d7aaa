package io.skyroute.photometry.aperture;

import java.util.ArrayList;
import java.util.List;

/** Quality flags of one measurement, OR-ed into an int (the {@code flag} column). */
public final class Flags {

    /** A bad (BPM) or undefined pixel lies in the aperture; it was left out of the sum or interpolated, as the options say. */
    public static final int BAD_PIXEL = 1;
    /** A pixel in the aperture is at or above the frame's SATURATE level. */
    public static final int SATURATED = 2;
    /** The aperture reaches beyond the image. */
    public static final int EDGE = 4;
    /** The annulus holds too few usable pixels for a sky estimate (fewer than {@link ForcedPhotometry#MIN_SKY_PIXELS}). */
    public static final int POOR_SKY = 8;
    /** Recentring was asked for but found no star; the WCS position was kept. */
    public static final int RECENTER_FAILED = 16;
    /** The sky-subtracted flux is not positive, so there is no magnitude. */
    public static final int NO_FLUX = 32;
    /** (Lightcurve points) the frame's transparency, sky, seeing or comparison stars were unlike the dataset's. */
    public static final int FRAME_OUTLIER = 64;

    private Flags() {
    }

    public static String describe(int flags) {
        List<String> names = new ArrayList<>();
        String[] all = {"bad-pixel", "saturated", "edge", "poor-sky", "recenter-failed", "no-flux", "frame-outlier"};
        for (int bit = 0; bit < all.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                names.add(all[bit]);
            }
        }
        return names.isEmpty() ? "ok" : String.join(",", names);
    }
}
