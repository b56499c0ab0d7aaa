package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The LCO pipeline's {@code data_download.yaml}, read as it is: {@code archives} is a mapping keyed by the
 * archive's id (the seed's form; a list of archives each with a {@code name} is read too).
 */
public record DataDownloadConfig(
        @JsonProperty(required = true) @AlsoAsList(key = "name") Map<String, ArchiveConfig> archives,
        Path logDir,
        Path frameList,
        @JsonProperty(required = true) Path dataDownloadDir,
        @JsonProperty(required = true) Path dataReductionDir,
        DateTimeOrNone startDatetime,
        DateTimeOrNone endDatetime,
        @MustBeReadable Path defaultRedConfig,
        @Range(min = 1, max = 64) Integer maxParallelDownloads,
        Boolean includeCalibrations,
        @Range(min = 1) Integer reconcileLookbackHours,
        @Range(min = 1, max = 3600) Integer httpTimeoutSeconds) {

    public DataDownloadConfig {
        Map<String, ArchiveConfig> byId = new LinkedHashMap<>();
        archives.forEach((id, archive) -> byId.put(id, archive.withId(id)));
        archives = java.util.Collections.unmodifiableMap(byId);
        startDatetime = startDatetime == null ? DateTimeOrNone.parse("none") : startDatetime;
        endDatetime = endDatetime == null ? DateTimeOrNone.parse("none") : endDatetime;
        maxParallelDownloads = maxParallelDownloads == null ? 4 : maxParallelDownloads;
        includeCalibrations = includeCalibrations != null && includeCalibrations;
        reconcileLookbackHours = reconcileLookbackHours == null ? 48 : reconcileLookbackHours;
        httpTimeoutSeconds = httpTimeoutSeconds == null ? 60 : httpTimeoutSeconds;
    }

    /** Every archive, in the file's order. */
    public List<ArchiveConfig> allArchives() {
        return List.copyOf(archives.values());
    }

    /** The archives to poll. */
    public List<ArchiveConfig> activeArchives() {
        return archives.values().stream().filter(ArchiveConfig::active).toList();
    }

    public Optional<ArchiveConfig> archive(String id) {
        return Optional.ofNullable(archives.get(id));
    }

    /**
     * One science archive to poll. Its id is the key it is filed under (the frame list records frames by
     * it); {@code name} is for people and defaults to the id. The token is never in the file:
     * {@code token_envvar} names the variable.
     */
    public record ArchiveConfig(
            @JsonIgnore String id,
            String name,
            Boolean active,
            @JsonProperty(required = true) @ValueFormat(ValueFormat.Form.HTTP_URL) String url,
            @JsonProperty(required = true) String tokenEnvvar,
            @JsonProperty(required = true) List<String> proposals,
            ReductionLevels reductionLevel) {

        public ArchiveConfig {
            active = active == null || active;
            reductionLevel = reductionLevel == null ? new ReductionLevels(null, null) : reductionLevel;
        }

        ArchiveConfig withId(String newId) {
            return new ArchiveConfig(newId, name == null || name.isBlank() ? newId : name, active, url, tokenEnvvar, proposals, reductionLevel);
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
