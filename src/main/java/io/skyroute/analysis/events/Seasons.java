package io.skyroute.analysis.events;

import io.skyroute.analysis.lightcurve.Lightcurve;

import java.util.ArrayList;
import java.util.List;

/** Splits a time-sorted lightcurve into seasons: a gap of more than {@code gapDays} between epochs starts a new one. */
public final class Seasons {

    private Seasons() {
    }

    public static List<int[]> split(double[] sortedTimes, double gapDays) {
        List<int[]> seasons = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sortedTimes.length; i++) {
            if (i == sortedTimes.length || sortedTimes[i] - sortedTimes[i - 1] > gapDays) {
                if (i > start) {
                    seasons.add(java.util.stream.IntStream.range(start, i).toArray());
                }
                start = i;
            }
        }
        return seasons;
    }

    public static List<Lightcurve> of(Lightcurve sorted, double gapDays) {
        return split(sorted.time(), gapDays).stream().map(sorted::select).toList();
    }
}
