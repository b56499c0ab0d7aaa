package io.skyroute.reduction;

import java.util.List;
import java.util.Map;

/**
 * What a reduction's products came from and what vouches for them: software version, configuration hash,
 * input frames (and those left out, with why), the target's coordinates and where they came from, the
 * comparison ensemble (stars, weights, scatter, rejected stars, flagged frames, reduced chi-square and the
 * error scale), the lightcurve's own checks, and the input frames' summed exposure (seconds, NaN when unknown).
 */
record Provenance(String softwareVersion, String configHash, List<String> inputFrames, Map<String, String> excludedFrames,
                  List<String> comparisonStars, Map<String, Object> target, Map<String, Object> ensemble, Map<String, Object> quality,
                  double exposureSeconds) {

    Provenance(String softwareVersion, String configHash, List<String> inputFrames, Map<String, String> excludedFrames,
               List<String> comparisonStars) {
        this(softwareVersion, configHash, inputFrames, excludedFrames, comparisonStars, Map.of(), Map.of(), Map.of(), Double.NaN);
    }
}
