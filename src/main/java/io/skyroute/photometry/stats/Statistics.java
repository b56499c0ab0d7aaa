package io.skyroute.photometry.stats;

import java.util.Arrays;

/** Order statistics and sigma clipping over a prefix of a work array (the arrays are reordered). */
public final class Statistics {

    private Statistics() {
    }

    /** Median as numpy computes it (the mean of the two middle values for an even count); NaN when empty. */
    public static double median(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        int middle = n / 2;
        double upper = select(values, n, middle);
        if (n % 2 == 1) {
            return upper;
        }
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < middle; i++) {
            lower = Math.max(lower, values[i]);
        }
        return (lower + upper) / 2;
    }

    /** Places the k-th smallest at index k (smaller ones before it) and returns it. */
    static double select(double[] a, int n, int k) {
        int left = 0;
        int right = n - 1;
        while (right > left) {
            if (right - left < 16) {
                Arrays.sort(a, left, right + 1);
                return a[k];
            }
            int mid = (left + right) >>> 1;
            double pivot = medianOfThree(a[left], a[mid], a[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    public static double mean(double[] values, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Population standard deviation (numpy's default, ddof=0). */
    public static double std(double[] values, int n) {
        double mean = mean(values, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = values[i] - mean;
            sum += d * d;
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    /** Mean, median and standard deviation of what survives clipping. */
    public record Clipped(double mean, double median, double std, int count) {
    }

    /**
     * astropy's {@code sigma_clip}: around the median, by the standard deviation, rejecting values
     * strictly beyond {@code sigma} until nothing changes or {@code maxIterations} is reached.
     */
    public static Clipped sigmaClip(double[] values, int n, double sigma, int maxIterations) {
        int count = n;
        for (int iteration = 0; iteration < maxIterations && count > 0; iteration++) {
            double median = median(values, count);
            double std = std(values, count);
            double low = median - sigma * std;
            double high = median + sigma * std;
            int kept = 0;
            for (int i = 0; i < count; i++) {
                double v = values[i];
                if (v >= low && v <= high) {
                    values[kept++] = v;
                }
            }
            if (kept == count) {
                break;
            }
            count = kept;
        }
        return new Clipped(mean(values, count), median(values, count), std(values, count), count);
    }
}
