package io.skyroute.sources.lco;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One result of the LCO archive's {@code frames/} endpoint. Lower-case fields are current; the
 * upper-case legacy names are used where a result lacks the current one ({@link #read}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LcoFrame(
        @JsonProperty("id") long id,
        @JsonProperty("basename") String basename,
        @JsonProperty("filename") String filename,
        @JsonProperty("url") String url,
        @JsonProperty("observation_date") String observationDate,
        @JsonProperty("proposal_id") String proposalId,
        @JsonProperty("instrument_id") String instrumentId,
        @JsonProperty("target_name") String targetName,
        @JsonProperty("reduction_level") Integer reductionLevel,
        @JsonProperty("configuration_type") String configurationType,
        @JsonProperty("primary_optical_element") String filter,
        @JsonProperty("site_id") String siteId,
        @JsonProperty("version_set") List<Version> versionSet) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LEGACY = Map.of(
            "observation_date", "DATE_OBS", "proposal_id", "PROPID", "instrument_id", "INSTRUME", "target_name", "OBJECT",
            "reduction_level", "RLEVEL", "configuration_type", "OBSTYPE", "primary_optical_element", "FILTER", "site_id", "SITEID");

    /** Binds one result, taking a legacy upper-case field where the current one is missing. */
    public static LcoFrame read(JsonNode result) throws JsonProcessingException {
        if (result instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            LEGACY.forEach((current, legacy) -> {
                if ((!copy.hasNonNull(current)) && copy.hasNonNull(legacy)) {
                    copy.set(current, copy.get(legacy));
                }
            });
            return JSON.treeToValue(copy, LcoFrame.class);
        }
        throw new IllegalArgumentException("a frame record must be a JSON object, got " + result.getNodeType());
    }

    /** One stored version of the file; the newest is the one behind {@code url}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(
            @JsonProperty("id") long id,
            @JsonProperty("md5") String md5,
            @JsonProperty("extension") String extension,
            @JsonProperty("url") String url,
            @JsonProperty("created") String created) {
    }

    /** The newest entry of {@code version_set} (latest {@code created}, then highest id). */
    public Optional<Version> newestVersion() {
        if (versionSet == null || versionSet.isEmpty()) {
            return Optional.empty();
        }
        return versionSet.stream().max(Comparator
                .comparing((Version v) -> v.created() == null ? "" : v.created())
                .thenComparingLong(Version::id));
    }

    /** The md5 of the newest version: the checksum of the file behind {@code url}. */
    public Optional<String> md5() {
        return newestVersion().map(Version::md5).filter(m -> m != null && !m.isBlank());
    }

    /** Where to download: {@code url}, else the newest version's URL. */
    public Optional<String> downloadUrl() {
        if (url != null && !url.isBlank()) {
            return Optional.of(url);
        }
        return newestVersion().map(Version::url).filter(u -> u != null && !u.isBlank());
    }

    /** The file name to land as: {@code filename}, else basename plus the newest version's extension. */
    public String fileName() {
        if (filename != null && !filename.isBlank()) {
            return filename;
        }
        return basename + newestVersion().map(Version::extension).orElse(".fits.fz");
    }

    /** How dead letters and logs name the frame (never by its presigned URL). */
    public String describe(String archive) {
        return archive + " frame " + id + " (" + fileName() + ")";
    }
}
