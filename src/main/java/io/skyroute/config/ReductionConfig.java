package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;

/** A dataset's {@code reduction_config.yaml} (seed format: target, photometry, tom). */
public record ReductionConfig(
        @JsonProperty(required = true) Target target,
        Photometry photometry,
        Tom tom) {

    public ReductionConfig {
        photometry = photometry == null ? new Photometry(null, null, null, null, null, null, null, null) : photometry;
        tom = tom == null ? new Tom(null, null, null) : tom;
    }

    /** The science target; RA and Dec in degrees or sexagesimal, as the header or the observer wrote them. */
    public record Target(
            @JsonProperty(required = true) String name,
            @JsonProperty("RA") @ValueFormat(ValueFormat.Form.RIGHT_ASCENSION) String ra,
            @JsonProperty("Dec") @ValueFormat(ValueFormat.Form.DECLINATION) String dec) {
    }

    /**
     * Aperture radius in arcsec and an optional reference image (file name within the dataset), and our
     * additions: the sky annulus in arcsec ({@code [inner, outer]}, default 3 and 5 aperture radii), the
     * detection threshold in sigma for the star catalogue, the S/N a comparison star needs, the
     * magnitude zero point, an optional catalogue file ({@code name,ra,dec}) used instead of detection,
     * and optional comparison stars chosen by the observer ({@code "ra dec"} in degrees or sexagesimal;
     * otherwise they are chosen automatically).
     */
    public record Photometry(@Range(min = 0, minExclusive = true, max = 600) Double apertureArcsec, String referenceImage,
                             java.util.List<Double> annulusArcsec,
                             @Range(min = 0, minExclusive = true) Double detectionSigma, @Range(min = 0) Double comparisonMinSnr,
                             Double zeroPoint, Path catalogue,
                             java.util.List<String> comparisonStars) {

        public Photometry {
            apertureArcsec = apertureArcsec == null ? 3.0 : apertureArcsec;
            annulusArcsec = annulusArcsec == null || annulusArcsec.size() != 2
                    ? java.util.List.of(3 * apertureArcsec, 5 * apertureArcsec) : annulusArcsec;
            detectionSigma = detectionSigma == null ? 5.0 : detectionSigma;
            comparisonMinSnr = comparisonMinSnr == null ? 20.0 : comparisonMinSnr;
            zeroPoint = zeroPoint == null ? 25.0 : zeroPoint;
            comparisonStars = comparisonStars == null ? java.util.List.of() : java.util.List.copyOf(comparisonStars);
        }
    }

    /** Whether and how the lightcurve goes to the TOM. */
    public record Tom(Boolean upload, Path configFile, String dataLabel) {

        public Tom {
            upload = upload != null && upload;
        }
    }
}
