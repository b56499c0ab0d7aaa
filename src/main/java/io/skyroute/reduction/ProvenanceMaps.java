package io.skyroute.reduction;

import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.ensemble.Ensemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of the provenance that are more than a list: plain maps, written as JSON (NaN as null). */
final class ProvenanceMaps {

    private ProvenanceMaps() {
    }

    static Map<String, Object> target(Star target, String coordinatesSource, boolean detected) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", target.name());
        map.put("ra_deg", number(target.ra()));
        map.put("dec_deg", number(target.dec()));
        map.put("coordinates_from", coordinatesSource);
        map.put("detected_on_reference_image", detected);
        return map;
    }

    static Map<String, Object> ensemble(Ensemble.Result ensemble) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<Map<String, Object>> stars = new ArrayList<>();
        for (Ensemble.Comparison c : ensemble.comparisons()) {
            Map<String, Object> star = new LinkedHashMap<>();
            star.put("star", c.star());
            star.put("weight", number(c.weight()));
            star.put("scatter", number(c.scatter()));
            stars.add(star);
        }
        map.put("comparison_stars", stars);
        map.put("rejected", ensemble.rejected());
        Map<String, Object> frames = new LinkedHashMap<>();
        ensemble.scales().forEach((frame, scale) -> {
            if (scale.outlier() != null) {
                frames.put(frame, scale.outlier());
            }
        });
        map.put("flagged_frames", frames);
        map.put("reduced_chi_square", number(ensemble.reducedChiSquare()));
        map.put("error_scale", number(ensemble.errorScale()));
        return map;
    }

    static Map<String, Object> quality(LightcurveChecks.Quality quality) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("quality", quality.passed() ? "passed" : "failed");
        map.put("reasons", quality.reasons());
        return map;
    }

    private static Object number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
