package io.skyroute.analysis.events;

/**
 * An event the finder found: a run of consecutive good epochs whose S/N against the season's robust
 * baseline is beyond the threshold with one sign. {@code peakSnr} is signed (positive = brighter),
 * {@code peakDeltaMag} the magnitude change at the peak (negative = brighter), {@code flaggedEpochs} how
 * many epochs inside the time span the quality checker flagged (and so did not count).
 */
public record Detection(String filter, int season, double start, double end, double peakTime, double peakSnr, double peakDeltaMag,
                        int epochs, int flaggedEpochs) {

    public boolean overlaps(double from, double to) {
        return end >= from && start <= to;
    }
}
