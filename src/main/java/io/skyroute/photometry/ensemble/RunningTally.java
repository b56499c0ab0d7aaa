package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.aperture.FrameMeasurements;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What choosing comparison stars asks of every frame, kept between the runs of one dataset and brought up to date
 * by the frames that came, went or changed since the last run (adding a frame to 2,000 touches that frame's 142
 * measurements, not all 284,000): per star the number of usable measurements and of those near saturation, and,
 * kept sorted, its usable fluxes, their S/N and its positive fluxes (each frame's first measurement of it).
 * <p>
 * A median read from sorted values is the one {@link io.skyroute.photometry.stats.Statistics#median} gives of the
 * same values (the same two middle values, the same sum), so a choice made with the tally is the choice made
 * without it. Where they could differ the tally does not answer and the caller computes from the matrix as before:
 * a star with a NaN among its values (they have no order), and a median of zero used as a number (its sign may
 * differ). Each frame is known by its file name and counted from a compact copy of what it added (the frame object
 * itself is only weakly held: the stored-table cache, not this tally, decides which frames stay in memory); a frame
 * object seen for the first time under a known name is compared with that copy and counted again only if it differs.
 * Not thread-safe: one run of a dataset at a time uses it (the dataset's lock).
 */
public final class RunningTally {

    /** More changed frames than this and the tally is built again from all of them: sorting beats inserting one by one. */
    private static final int REBUILD_FROM = 64;

    private static final byte USABLE = 1;
    private static final byte FIRST_POSITIVE = 2;
    private static final byte NEAR_SATURATION = 4;

    private final double maxPeakFraction;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<StarTally> stars = new ArrayList<>();
    private final Map<String, Counted> counted = new HashMap<>();
    private String[] lastOrder;
    private int[] lastIds;
    private int[] seenInFrame = new int[0];
    private int frameStamp;
    private int runs;
    private long measurements;

    /** @param maxPeakFraction the peak, as a fraction of the frame's saturation level, above which a star is near saturation */
    public RunningTally(double maxPeakFraction) {
        this.maxPeakFraction = maxPeakFraction;
    }

    public double maxPeakFraction() {
        return maxPeakFraction;
    }

    /** Frames counted. */
    public int frames() {
        return counted.size();
    }

    /**
     * Measurements counted: the tally holds five numbers and a flag for each, ~50 bytes with the sorted arrays' slack
     * (a parsed table row in the stored-table cache is ~150).
     */
    public long measurements() {
        return measurements;
    }

    /**
     * The tally brought up to the matrix's frames, read through the matrix's star indices; null when the matrix has
     * two frames of one name (the caller then computes everything from the matrix).
     */
    View over(MeasurementMatrix matrix) {
        try {
            return update(matrix);
        } catch (RuntimeException e) {
            reset(); // half brought up to date is wrong: the next run counts every frame afresh
            throw e;
        }
    }

    private void reset() {
        counted.clear();
        measurements = 0;
        rebuild(List.of());
    }

    private View update(MeasurementMatrix matrix) {
        int run = ++runs; // frames met this run are marked with it: the rest have gone
        List<Counted> gone = new ArrayList<>();
        List<Counted> come = new ArrayList<>();
        java.util.Set<String> newNames = new java.util.HashSet<>();
        for (int f = 0; f < matrix.frameCount(); f++) {
            FrameMeasurements frame = matrix.frame(f);
            Counted known = counted.get(frame.file());
            if (known != null && known.run == run || known == null && !newNames.add(frame.file())) {
                reset(); // two frames of one name
                return null;
            }
            if (known != null) {
                known.run = run;
                if (known.frame.get() == frame) {
                    continue;
                }
            }
            Counted current = copyOf(frame);
            if (known != null && known.sameCounts(current)) {
                known.frame = current.frame; // the same numbers in a new object (a table read again): nothing to count
                continue;
            }
            if (known != null) {
                gone.add(known);
            }
            come.add(current);
        }
        for (Counted frame : counted.values()) {
            if (frame.run != run) {
                gone.add(frame);
            }
        }
        for (Counted frame : gone) {
            counted.remove(frame.name);
            measurements -= frame.ids.length;
        }
        for (Counted frame : come) {
            counted.put(frame.name, frame);
            frame.run = run;
            measurements += frame.ids.length;
        }
        if (gone.size() + come.size() > REBUILD_FROM) {
            rebuild(counted.values());
        } else {
            gone.forEach(frame -> count(frame, false));
            come.forEach(frame -> count(frame, true));
        }
        int[] tallyId = new int[matrix.starCount()];
        for (int s = 0; s < tallyId.length; s++) {
            tallyId[s] = ids.getOrDefault(matrix.name(s), -1);
        }
        return new View(tallyId);
    }

    /** Every frame counted afresh: values gathered, then sorted once. */
    private void rebuild(java.util.Collection<Counted> all) {
        for (StarTally star : stars) {
            star.clear();
        }
        for (Counted frame : all) {
            for (int k = 0; k < frame.ids.length; k++) {
                StarTally star = stars.get(frame.ids[k]);
                byte flags = frame.flags[k];
                star.nearSaturation += (flags & NEAR_SATURATION) != 0 ? 1 : 0;
                if ((flags & USABLE) != 0) {
                    star.usable++;
                    star.flux.append(frame.flux[k]);
                    star.snr.append(frame.snr[k]);
                }
                if ((flags & FIRST_POSITIVE) != 0) {
                    star.positive.append(frame.flux[k]);
                }
            }
        }
        for (StarTally star : stars) {
            star.flux.sort();
            star.snr.sort();
            star.positive.sort();
        }
    }

    /** Adds (or takes away) one frame's measurements. */
    private void count(Counted frame, boolean add) {
        int sign = add ? 1 : -1;
        for (int k = 0; k < frame.ids.length; k++) {
            StarTally star = stars.get(frame.ids[k]);
            byte flags = frame.flags[k];
            star.nearSaturation += (flags & NEAR_SATURATION) != 0 ? sign : 0;
            if ((flags & USABLE) != 0) {
                star.usable += sign;
                star.flux.change(frame.flux[k], add);
                star.snr.change(frame.snr[k], add);
            }
            if ((flags & FIRST_POSITIVE) != 0) {
                star.positive.change(frame.flux[k], add);
            }
        }
    }

    /** What one frame adds to the tally, kept to take it away again; the frame itself weakly held. */
    private static final class Counted {
        java.lang.ref.WeakReference<FrameMeasurements> frame;
        int run;
        final String name;
        final int[] ids;
        final double[] flux;
        final double[] snr;
        final byte[] flags;

        Counted(FrameMeasurements frame, int[] ids, double[] flux, double[] snr, byte[] flags) {
            this.frame = new java.lang.ref.WeakReference<>(frame);
            this.name = frame.file();
            this.ids = ids;
            this.flux = flux;
            this.snr = snr;
            this.flags = flags;
        }

        boolean sameCounts(Counted other) {
            return Arrays.equals(ids, other.ids) && Arrays.equals(flags, other.flags) && Arrays.equals(flux, other.flux)
                    && Arrays.equals(snr, other.snr);
        }
    }

    /** A frame's measurements as the tally counts them: near saturation and first-in-frame judged as the ensemble does. */
    private Counted copyOf(FrameMeasurements frame) {
        FrameMeasurements.Columns columns = frame.columns();
        int[] starIds = idsOf(columns.stars());
        double saturation = frame.observation().saturation();
        if (seenInFrame.length < stars.size()) {
            seenInFrame = Arrays.copyOf(seenInFrame, 2 * stars.size());
        }
        frameStamp++;
        int n = starIds.length;
        double[] flux = new double[n];
        double[] snr = new double[n];
        byte[] flags = new byte[n];
        for (int k = 0; k < n; k++) {
            int id = starIds[k];
            boolean first = seenInFrame[id] != frameStamp;
            seenInFrame[id] = frameStamp;
            flux[k] = columns.flux()[k];
            byte f = 0;
            if (ComparisonCandidates.nearSaturation(columns.peak()[k], saturation, maxPeakFraction)) {
                f |= NEAR_SATURATION;
            }
            if (columns.usable()[k]) {
                f |= USABLE;
                snr[k] = flux[k] / columns.fluxError()[k];
            }
            if (first && flux[k] > 0) {
                f |= FIRST_POSITIVE;
            }
            flags[k] = f;
        }
        return new Counted(frame, starIds, flux, snr, flags);
    }

    /** The tally's ids of a frame's stars (most frames list the catalogue in one order: worked out once per order). */
    private int[] idsOf(String[] order) {
        if (lastOrder != null && (order == lastOrder || Arrays.equals(order, lastOrder))) {
            return lastIds;
        }
        int[] result = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            Integer id = ids.get(order[k]);
            if (id == null) {
                id = stars.size();
                ids.put(order[k], id);
                stars.add(new StarTally());
            }
            result[k] = id;
        }
        lastOrder = order;
        lastIds = result;
        return result;
    }

    private static final class StarTally {
        int usable;
        int nearSaturation;
        final SortedValues flux = new SortedValues();
        final SortedValues snr = new SortedValues();
        final SortedValues positive = new SortedValues();

        void clear() {
            usable = 0;
            nearSaturation = 0;
            flux.clear();
            snr.clear();
            positive.clear();
        }
    }

    /** The tally as the matrix numbers its stars. */
    final class View {
        private final int[] tallyId;

        private View(int[] tallyId) {
            this.tallyId = tallyId;
        }

        double maxPeakFraction() {
            return maxPeakFraction;
        }

        private StarTally of(int s) {
            return tallyId[s] < 0 ? null : stars.get(tallyId[s]);
        }

        int usableCount(int s) {
            StarTally star = of(s);
            return star == null ? 0 : star.usable;
        }

        boolean nearSaturation(int s) {
            StarTally star = of(s);
            return star != null && star.nearSaturation > 0;
        }

        /** Whether the median of the star's usable S/N is below the threshold; null when only its values can tell. */
        Boolean snrBelow(int s, double threshold) {
            return below(of(s) == null ? null : of(s).snr, threshold);
        }

        /** Whether the median of the star's usable fluxes is below the threshold; null when only its values can tell. */
        Boolean fluxBelow(int s, double threshold) {
            return below(of(s) == null ? null : of(s).flux, threshold);
        }

        /** The median of the star's usable fluxes; NaN when only its values can tell (a NaN among them, or a median of zero). */
        double usableFluxMedian(int s) {
            StarTally star = of(s);
            double median = star == null || star.flux.hasNaN() ? Double.NaN : star.flux.median();
            return median == 0 ? Double.NaN : median;
        }

        /** The median of the star's positive fluxes (each frame's first measurement of it), NaN when it has none. */
        double positiveFluxMedian(int s) {
            StarTally star = of(s);
            return star == null ? Double.NaN : star.positive.median();
        }

        private Boolean below(SortedValues values, double threshold) {
            if (values == null) {
                return false; // no usable value: the median is NaN, never below
            }
            return values.hasNaN() ? null : values.median() < threshold;
        }
    }

    /** A growing, shrinking sorted list of numbers; NaNs only counted (they have no place in the order). */
    private static final class SortedValues {
        private double[] values = new double[16];
        private int size;
        private int nans;

        void clear() {
            size = 0;
            nans = 0;
        }

        boolean hasNaN() {
            return nans > 0;
        }

        void append(double value) {
            if (Double.isNaN(value)) {
                nans++;
                return;
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        void sort() {
            Arrays.sort(values, 0, size);
        }

        void change(double value, boolean add) {
            if (Double.isNaN(value)) {
                nans += add ? 1 : -1;
                return;
            }
            int at = Arrays.binarySearch(values, 0, size, value);
            if (add) {
                if (at < 0) {
                    at = -at - 1;
                }
                if (size == values.length) {
                    values = Arrays.copyOf(values, 2 * size);
                }
                System.arraycopy(values, at, values, at + 1, size - at);
                values[at] = value;
                size++;
            } else {
                if (at < 0) {
                    throw new IllegalStateException("a value taken away that was never counted: " + value);
                }
                System.arraycopy(values, at + 1, values, at, size - at - 1);
                size--;
            }
        }

        /** As Statistics.median of the same values: the middle one, or the mean of the middle two; NaN when empty. */
        double median() {
            if (size == 0) {
                return Double.NaN;
            }
            int middle = size / 2;
            return size % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }
}
