package io.skyroute.reduction;

import io.skyroute.config.ReductionConfig;
import io.skyroute.config.SkyCoordinates;
import io.skyroute.photometry.aperture.ForcedPhotometry;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.PhotometryOptions;
import io.skyroute.photometry.aperture.SkyMethod;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.detection.LocalCentroids;
import io.skyroute.photometry.detection.SkyMatcher;
import io.skyroute.photometry.detection.Source;
import io.skyroute.photometry.detection.SourceDetector;
import io.skyroute.photometry.ensemble.AutomaticEnsemble;
import io.skyroute.photometry.ensemble.MeasurementMatrix;
import io.skyroute.photometry.ensemble.RunningTally;
import io.skyroute.photometry.ensemble.Ensemble;
import io.skyroute.photometry.ensemble.LightcurvePoint;
import io.skyroute.photometry.ensemble.Lightcurves;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.wcs.Wcs;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aperture pipeline's science as pure steps — decoded frames, the star catalogue and the dataset's
 * configuration in; measurements, exclusions and the lightcurve out — with no file, database or log in
 * sight ({@link AperturePipeline} does the reading and writing around them), so each step can be tested
 * and extended on its own: choose the catalogue's reference frame, measure one frame (its WCS checked
 * against the catalogue first), and turn every frame's measurements into the target's lightcurve.
 */
final class AperturePhotometry {

    /** What one frame gave: its measurements and a note for the log, or why it was excluded. */
    record FrameResult(FrameMeasurements measurements, String note, String exclusion) {
        boolean excluded() {
            return exclusion != null;
        }
    }

    /** The target's lightcurve, the ensemble behind it, and its normalised scatter (NaN below two points). */
    record LightcurveResult(List<LightcurvePoint> points, Ensemble.Result ensemble, double scatter) {
    }

    /** How far (px) from where the header's WCS puts a catalogue star its local centroid is looked for; further off, the full detection. */
    static final int LOCAL_SEARCH_PX = 12;
    static final String FULL_DETECTION_NOTE = "on a full-image detection: the catalogue stars were not all where the WCS puts them";

    private final ReductionConfig config;
    private final double aperture;
    private final List<Double> annulus;

    /** @param aperture the aperture radius in arcsec: the configured one, or the automatic one the pipeline fixed for the dataset */
    AperturePhotometry(ReductionConfig config, double aperture) {
        this.config = config;
        this.aperture = aperture;
        this.annulus = config.photometry().annulus(aperture);
    }

    double aperture() {
        return aperture;
    }

    /** The peak, as a fraction of saturation, above which a star is no comparison star. */
    double maxPeakFraction() {
        return config.photometry().comparisonMaxPeakFraction();
    }

    double targetMinSnr() {
        return config.photometry().targetMinSnr();
    }

    /** The target as the configuration places it. */
    Star target() {
        return new Star(config.target().name(), SkyCoordinates.ra(config.target().ra()), SkyCoordinates.dec(config.target().dec()));
    }

    /** The frame to build a new field's catalogue on: the configured reference image, else the one with most stars (sharpest on a tie). */
    <K> Map.Entry<K, List<Source>> reference(Map<K, List<Source>> detections, java.util.function.Function<K, String> fileName) {
        String configured = config.photometry().referenceImage();
        if (configured != null && !configured.isBlank()) {
            return detections.entrySet().stream().filter(e -> fileName.apply(e.getKey()).equals(configured)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("photometry.reference_image: " + configured
                            + " is not a readable frame of this dataset"));
        }
        return detections.entrySet().stream()
                .max(Comparator.<Map.Entry<K, List<Source>>>comparingInt(e -> e.getValue().size())
                        .thenComparing(e -> -SourceDetector.medianFwhm(e.getValue())))
                .orElseThrow(() -> new IllegalArgumentException("no readable frame to build the star catalogue on"));
    }

    /**
     * One frame of a known field: its WCS checked on the catalogue stars found near where it puts them
     * (a few hundred pixels each); only when that cannot confirm it does a full-image detection decide
     * (a WCS off by more than the search radius, a frame of another field). Then every catalogue star measured.
     */
    FrameResult measure(FitsImage image, List<Star> catalogue, SourceDetector detector) {
        Wcs wcs = Wcs.of(image.header());
        List<Source> local = new LocalCentroids(detector.threshold(), detector.minArea(), LOCAL_SEARCH_PX)
                .find(image, WcsCheck.predicted(wcs, catalogue, image.width(), image.height()));
        WcsCheck.Outcome check = WcsCheck.check(wcs, catalogue, local, image.width(), image.height());
        if (check.exclusion() != null) {
            WcsCheck.Outcome detected = WcsCheck.check(wcs, catalogue, detector.detect(image, wcs), image.width(), image.height());
            check = new WcsCheck.Outcome(detected.projection(), detected.exclusion(),
                    detected.note() == null ? null : detected.note() + " (" + FULL_DETECTION_NOTE + ")");
        }
        return measure(image, wcs, catalogue, check);
    }

    /** One frame whose detections are known (a new field's frames are all detected to choose its reference). */
    FrameResult measure(FitsImage image, List<Star> catalogue, List<Source> detected) {
        Wcs wcs = Wcs.of(image.header());
        return measure(image, wcs, catalogue, WcsCheck.check(wcs, catalogue, detected, image.width(), image.height()));
    }

    /** Its WCS checked against the catalogue (confirmed, refined, or the frame excluded), every catalogue star measured. */
    private FrameResult measure(FitsImage image, Wcs wcs, List<Star> catalogue, WcsCheck.Outcome check) {
        if (check.exclusion() != null) {
            return new FrameResult(null, null, check.exclusion());
        }
        double scale = image.observation().pixelScale();
        if (Double.isNaN(scale) || scale <= 0) {
            scale = wcs.pixelScaleArcsec();
        }
        ReductionConfig.Photometry p = config.photometry();
        double radius = aperture / scale;
        double inner = Math.max(annulus.get(0) / scale, radius + 1);
        double outer = Math.max(annulus.get(1) / scale, inner + 2);
        ForcedPhotometry photometry = new ForcedPhotometry(
                new PhotometryOptions(radius, inner, outer, SkyMethod.MEDIAN, false, p.zeroPoint(), true));
        FrameMeasurements result = new FrameMeasurements(image.file(), image.observation(),
                photometry.measure(image, check.projection(), catalogue));
        return new FrameResult(result, check.note() + "; " + result.measurements().size() + " stars measured", null);
    }

    /** Every frame's measurements (in time order) normalised on the ensemble: the target's lightcurve. */
    LightcurveResult lightcurve(Star target, List<Star> catalogue, List<FrameMeasurements> measured) {
        return lightcurve(target, catalogue, measured, null);
    }

    /** As {@link #lightcurve(Star, List, List)}, the comparison stars chosen with the dataset's running tally (may be null). */
    LightcurveResult lightcurve(Star target, List<Star> catalogue, List<FrameMeasurements> measured, RunningTally tally) {
        ReductionConfig.Photometry p = config.photometry();
        Ensemble.Result ensemble;
        if (p.comparisonStars().isEmpty()) {
            MeasurementMatrix matrix = MeasurementMatrix.of(measured, tally);
            ensemble = AutomaticEnsemble.choose(matrix, target.name(), notIsolated(catalogue, matrix),
                    new AutomaticEnsemble.Options(p.comparisonMinSnr(), p.comparisonMinFluxRatio(), p.comparisonMaxPeakFraction(), 0.9, 3.0));
        } else {
            ensemble = Ensemble.normaliseOn(measured, comparisonNames(catalogue));
        }
        List<LightcurvePoint> points = Lightcurves.of(target, measured, ensemble, config.photometry().zeroPoint());
        return new LightcurveResult(points, ensemble, scatter(points));
    }

    /**
     * Stars with a neighbour in the catalogue inside their sky annulus that gives at least a tenth of
     * their light: the neighbour's light would enter the aperture or bias the sky as the seeing changes.
     */
    private Set<String> notIsolated(List<Star> catalogue, MeasurementMatrix measured) {
        double radius = annulus.get(1);
        // the close pairs first (few in most fields): only their stars' median fluxes are needed
        List<Star[]> close = new java.util.ArrayList<>();
        Set<String> involved = new java.util.HashSet<>();
        for (Star a : catalogue) {
            for (Star b : catalogue) {
                // the Dec difference alone rules out most pairs (the separation is never less than it)
                if (a != b && Math.abs(a.dec() - b.dec()) * 3600 < radius && separationArcsec(a, b) < radius) {
                    close.add(new Star[]{a, b});
                    involved.add(a.name());
                    involved.add(b.name());
                }
            }
        }
        Map<String, Double> flux = measured.medianPositiveFluxes(involved);
        Set<String> crowded = new LinkedHashSet<>();
        for (Star[] pair : close) {
            if (flux.getOrDefault(pair[1].name(), 0.0) >= 0.1 * flux.getOrDefault(pair[0].name(), 0.0)) {
                crowded.add(pair[0].name());
            }
        }
        return crowded;
    }

    private static double separationArcsec(Star a, Star b) {
        double dRa = (a.ra() - b.ra()) * Math.cos(Math.toRadians((a.dec() + b.dec()) / 2));
        return Math.hypot(dRa, a.dec() - b.dec()) * 3600;
    }

    /** The catalogue names of the comparison stars the configuration lists by position (each within 2 arcsec). */
    private Set<String> comparisonNames(List<Star> catalogue) {
        SkyMatcher<Star> matcher = new SkyMatcher<>(catalogue, Star::ra, Star::dec);
        Set<String> names = new LinkedHashSet<>();
        for (String position : config.photometry().comparisonStars()) {
            String[] parts = position.trim().split("[,\\s]+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("photometry.comparison_stars: expected 'ra dec', found '" + position + "'");
            }
            Star star = matcher.nearest(SkyCoordinates.ra(parts[0]), SkyCoordinates.dec(parts[1]), StarCatalogue.TARGET_MATCH_ARCSEC);
            if (star == null) {
                throw new IllegalArgumentException("photometry.comparison_stars: no catalogue star within 2 arcsec of " + position);
            }
            names.add(star.name());
        }
        return names;
    }

    static double scatter(List<LightcurvePoint> points) {
        double[] flux = points.stream().filter(p -> p.flux() > 0).mapToDouble(LightcurvePoint::flux).toArray();
        if (flux.length < 2) {
            return Double.NaN;
        }
        return Statistics.std(flux, flux.length) / Statistics.mean(flux, flux.length);
    }
}
