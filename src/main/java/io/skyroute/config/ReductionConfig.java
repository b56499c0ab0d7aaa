package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;

/** A dataset's {@code reduction_config.yaml} (seed format: target, photometry, tom). */
public record ReductionConfig(
        @JsonProperty(required = true) Target target,
        Photometry photometry,
        Tom tom) {

    public ReductionConfig {
        photometry = photometry == null ? new Photometry(null, null) : photometry;
        tom = tom == null ? new Tom(null, null, null) : tom;
    }

    /** The science target; RA and Dec in degrees or sexagesimal, as the header or the observer wrote them. */
    public record Target(
            @JsonProperty(required = true) String name,
            @JsonProperty("RA") String ra,
            @JsonProperty("Dec") String dec) {
    }

    /** Aperture radius in arcsec and an optional reference image (file name within the dataset). */
    public record Photometry(Double apertureArcsec, String referenceImage) {

        public Photometry {
            apertureArcsec = apertureArcsec == null ? 3.0 : apertureArcsec;
        }
    }

    /** Whether and how the lightcurve goes to the TOM. */
    public record Tom(Boolean upload, Path configFile, String dataLabel) {

        public Tom {
            upload = upload != null && upload;
        }
    }
}
