package io.skyroute.photometry.aperture;

import io.skyroute.photometry.fits.Observation;

import java.util.List;

/** Everything measured on one frame: its file name, header values and the stars' measurements. */
public record FrameMeasurements(String file, Observation observation, List<Measurement> measurements) {

    public Measurement of(String star) {
        for (Measurement m : measurements) {
            if (m.star().equals(star)) {
                return m;
            }
        }
        return null;
    }
}
