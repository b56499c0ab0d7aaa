package io.skyroute.analysis.events;

import io.skyroute.analysis.lightcurve.Lightcurve;

import java.util.Arrays;

/**
 * Flags bad epochs into a {@code qflag} (0 = good, else a sum of bits): {@link #SOURCE_FLAG} where the
 * source flagged the epoch (TESS QUALITY, ZTF catflags, skyroute's own flags), {@link #SKY_OUTLIER} and
 * {@link #POSITION_OUTLIER} where the sky level or the centroid's offset is a robust outlier (|x - median|
 * above {@code zThreshold} times 1.4826 MAD), {@link #NOT_FINITE} where time, value or error is unusable.
 */
public final class QualityChecker {

    public static final int SOURCE_FLAG = 1;
    public static final int SKY_OUTLIER = 2;
    public static final int POSITION_OUTLIER = 4;
    public static final int NOT_FINITE = 8;

    private final double zThreshold;

    public QualityChecker(double zThreshold) {
        this.zThreshold = zThreshold;
    }

    public int[] qflags(Lightcurve lc) {
        int n = lc.size();
        int[] q = new int[n];
        boolean[] skyOutlier = outliers(lc.sky(), n);
        boolean[] positionOutlier = outliers(lc.centroidOffset(), n);
        for (int i = 0; i < n; i++) {
            if (lc.flags()[i] != 0) {
                q[i] |= SOURCE_FLAG;
            }
            if (skyOutlier[i]) {
                q[i] |= SKY_OUTLIER;
            }
            if (positionOutlier[i]) {
                q[i] |= POSITION_OUTLIER;
            }
            if (!Double.isFinite(lc.time()[i]) || !Double.isFinite(lc.value()[i]) || !Double.isFinite(lc.error()[i]) || !(lc.error()[i] > 0)) {
                q[i] |= NOT_FINITE;
            }
        }
        return q;
    }

    private boolean[] outliers(double[] values, int n) {
        boolean[] out = new boolean[n];
        if (values == null) {
            return out;
        }
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        if (finite.length < 5) {
            return out;
        }
        double median = Robust.median(finite);
        double scatter = Robust.scatter(finite, median);
        if (!(scatter > 0)) {
            return out;
        }
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.isFinite(values[i]) && Math.abs(values[i] - median) / scatter > zThreshold;
        }
        return out;
    }
}
