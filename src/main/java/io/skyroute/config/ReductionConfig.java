package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;

/** A dataset's {@code reduction_config.yaml} (seed format: target, photometry, tom). */
public record ReductionConfig(
        @JsonProperty(required = true) Target target,
        Photometry photometry,
        Tom tom) {

    public ReductionConfig {
        photometry = photometry == null ? new Photometry(null, null, null, null, null, null, null, null, null, null, null) : photometry;
        tom = tom == null ? new Tom(null, null, null) : tom;
    }

    /** The science target; RA and Dec in degrees or sexagesimal, as the header or the observer wrote them. */
    public record Target(
            @JsonProperty(required = true) String name,
            @JsonProperty("RA") @ValueFormat(ValueFormat.Form.RIGHT_ASCENSION) String ra,
            @JsonProperty("Dec") @ValueFormat(ValueFormat.Form.DECLINATION) String dec) {
    }

    /**
     * Aperture radius in arcsec (absent: automatic, twice the frames' median seeing — the pipeline's L1FWHM —
     * at least 3 arcsec, fixed at the dataset's first reduction) and an optional reference image (file name within the dataset), and our
     * additions: the sky annulus in arcsec ({@code [inner, outer]}, default 3 and 5 aperture radii), the
     * detection threshold in sigma for the star catalogue, the S/N a comparison star needs, the
     * magnitude zero point, an optional catalogue file ({@code name,ra,dec}) used instead of detection,
     * and optional comparison stars chosen by the observer ({@code "ra dec"} in degrees or sexagesimal;
     * otherwise they are chosen automatically: at least {@code comparison_min_flux_ratio} of the target's
     * flux, peak pixel at most {@code comparison_max_peak_fraction} of saturation); the lightcurve fails its
     * own check when the target's median S/N is below {@code target_min_snr}.
     */
    public record Photometry(@Range(min = 0, minExclusive = true, max = 600) Double apertureArcsec, String referenceImage,
                             java.util.List<Double> annulusArcsec,
                             @Range(min = 0, minExclusive = true) Double detectionSigma, @Range(min = 0) Double comparisonMinSnr,
                             Double zeroPoint, Path catalogue,
                             java.util.List<String> comparisonStars,
                             @Range(min = 0, max = 1) Double comparisonMinFluxRatio,
                             @Range(min = 0, minExclusive = true, max = 1) Double comparisonMaxPeakFraction,
                             @Range(min = 0) Double targetMinSnr) {

        public Photometry {
            annulusArcsec = annulusArcsec == null || annulusArcsec.size() != 2 ? null : java.util.List.copyOf(annulusArcsec);
            detectionSigma = detectionSigma == null ? 5.0 : detectionSigma;
            comparisonMinSnr = comparisonMinSnr == null ? 20.0 : comparisonMinSnr;
            zeroPoint = zeroPoint == null ? 25.0 : zeroPoint;
            comparisonStars = comparisonStars == null ? java.util.List.of() : java.util.List.copyOf(comparisonStars);
            comparisonMinFluxRatio = comparisonMinFluxRatio == null ? 0.1 : comparisonMinFluxRatio;
            comparisonMaxPeakFraction = comparisonMaxPeakFraction == null ? 0.6 : comparisonMaxPeakFraction;
            targetMinSnr = targetMinSnr == null ? 10.0 : targetMinSnr;
        }

        /** The configured aperture, or the automatic one for frames of this median seeing (arcsec; NaN when unknown: 3 arcsec). */
        public double aperture(double medianSeeingArcsec) {
            if (apertureArcsec != null) {
                return apertureArcsec;
            }
            return Double.isNaN(medianSeeingArcsec) ? MIN_AUTO_APERTURE : Math.max(MIN_AUTO_APERTURE, 2 * medianSeeingArcsec);
        }

        /** The configured sky annulus, or 3 to 5 aperture radii. */
        public java.util.List<Double> annulus(double aperture) {
            return annulusArcsec != null ? annulusArcsec : java.util.List.of(3 * aperture, 5 * aperture);
        }

        public static final double MIN_AUTO_APERTURE = 3.0;
    }

    /** Whether and how the lightcurve goes to the TOM. */
    public record Tom(Boolean upload, Path configFile, String dataLabel) {

        public Tom {
            upload = upload != null && upload;
        }
    }
}
