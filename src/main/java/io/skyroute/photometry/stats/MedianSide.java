package io.skyroute.photometry.stats;

import java.util.Arrays;

/**
 * Which side of a threshold the median of each slot's values lies, tallied as the values come, one at a
 * time and in any order, without keeping them: the median is below the threshold when more than half the
 * values are, not when fewer than half are, and on an even split it is the mean of the largest value below
 * and the smallest at or above, as {@link Statistics#median} computes it. A slot that saw a value that is
 * not finite (or so large a sum of two could overflow) cannot be told this way: {@link #below} says so,
 * and the caller asks {@link Statistics#median} of the values themselves.
 */
public final class MedianSide {

    /** Beyond this a sum of two values could overflow, and the mean of the middle two would not be the median's. */
    private static final double LARGEST_SAFE = 1e300;

    private final double threshold;
    private final int[] below;
    private final int[] count;
    private final double[] largestBelow;
    private final double[] smallestAtOrAbove;
    private final boolean[] unsure;

    public MedianSide(int slots, double threshold) {
        this.threshold = threshold;
        below = new int[slots];
        count = new int[slots];
        largestBelow = new double[slots];
        smallestAtOrAbove = new double[slots];
        unsure = new boolean[slots];
        Arrays.fill(largestBelow, Double.NEGATIVE_INFINITY);
        Arrays.fill(smallestAtOrAbove, Double.POSITIVE_INFINITY);
    }

    public void add(int slot, double value) {
        count[slot]++;
        if (!(Math.abs(value) < LARGEST_SAFE)) {
            unsure[slot] = true;
        } else if (value < threshold) {
            below[slot]++;
            largestBelow[slot] = Math.max(largestBelow[slot], value);
        } else {
            smallestAtOrAbove[slot] = Math.min(smallestAtOrAbove[slot], value);
        }
    }

    /** Adds every slot's values that {@code other} tallied (against the same threshold), as if they had come here. */
    public void add(MedianSide other) {
        if (Double.compare(other.threshold, threshold) != 0 || other.count.length != count.length) {
            throw new IllegalArgumentException("a tally against " + other.threshold + " over " + other.count.length
                    + " slots cannot join one against " + threshold + " over " + count.length);
        }
        for (int slot = 0; slot < count.length; slot++) {
            count[slot] += other.count[slot];
            below[slot] += other.below[slot];
            largestBelow[slot] = Math.max(largestBelow[slot], other.largestBelow[slot]);
            smallestAtOrAbove[slot] = Math.min(smallestAtOrAbove[slot], other.smallestAtOrAbove[slot]);
            unsure[slot] |= other.unsure[slot];
        }
    }

    /** Whether the slot's median is below the threshold; null when only its values can tell. */
    public Boolean below(int slot) {
        if (unsure[slot]) {
            return null;
        }
        int n = count[slot];
        int middle = n / 2;
        if (n == 0) {
            return false; // the median is NaN
        }
        if (below[slot] > middle) {
            return true;
        }
        if (below[slot] < middle || n % 2 == 1) {
            return false;
        }
        return (largestBelow[slot] + smallestAtOrAbove[slot]) / 2 < threshold;
    }
}
