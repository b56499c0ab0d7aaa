package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.List;

/** The LCO pipeline's {@code data_download.yaml}, read as it is. */
public record DataDownloadConfig(
        @JsonProperty(required = true) List<ArchiveConfig> archives,
        Path logDir,
        Path frameList,
        @JsonProperty(required = true) Path dataDownloadDir,
        @JsonProperty(required = true) Path dataReductionDir,
        DateTimeOrNone startDatetime,
        DateTimeOrNone endDatetime,
        @MustBeReadable Path defaultRedConfig,
        Integer maxParallelDownloads,
        Boolean includeCalibrations,
        Integer reconcileLookbackHours,
        Integer httpTimeoutSeconds) {

    public DataDownloadConfig {
        startDatetime = startDatetime == null ? DateTimeOrNone.parse("none") : startDatetime;
        endDatetime = endDatetime == null ? DateTimeOrNone.parse("none") : endDatetime;
        maxParallelDownloads = maxParallelDownloads == null ? 4 : maxParallelDownloads;
        includeCalibrations = includeCalibrations != null && includeCalibrations;
        reconcileLookbackHours = reconcileLookbackHours == null ? 48 : reconcileLookbackHours;
        httpTimeoutSeconds = httpTimeoutSeconds == null ? 60 : httpTimeoutSeconds;
    }

    /** The archives to poll. */
    public java.util.List<ArchiveConfig> activeArchives() {
        return archives.stream().filter(ArchiveConfig::active).toList();
    }

    /** One science archive to poll. The token is never in the file: {@code token_envvar} names the variable. */
    public record ArchiveConfig(
            @JsonProperty(required = true) String name,
            Boolean active,
            @JsonProperty(required = true) String url,
            @JsonProperty(required = true) String tokenEnvvar,
            @JsonProperty(required = true) List<String> proposals,
            ReductionLevels reductionLevel) {

        public ArchiveConfig {
            active = active == null || active;
            reductionLevel = reductionLevel == null ? new ReductionLevels(null, null) : reductionLevel;
        }
    }

    /** Which reduction level to fetch for imaging frames and for spectra (91 = BANZAI-reduced, 0 = raw). */
    public record ReductionLevels(Integer image, Integer spectrum) {

        public ReductionLevels {
            image = image == null ? 91 : image;
            spectrum = spectrum == null ? 0 : spectrum;
        }
    }
}
