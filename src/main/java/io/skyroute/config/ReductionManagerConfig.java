package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The LCO pipeline's {@code reduction_manager.yaml}: which datasets to reduce and how many at once
 * ({@code max_parallel}, default {@value #DEFAULT_MAX_PARALLEL}). The seed's {@code software_dir} is
 * accepted and unused: skyroute reduces in its own process.
 */
public record ReductionManagerConfig(
        Path logDir,
        @JsonProperty(required = true) Path dataReductionDir,
        @NotUsedHere("skyroute reduces datasets in its own process, not with a script from a software folder") String softwareDir,
        List<String> instrumentList,
        DatasetSelection datasetSelection,
        @Range(min = 1, max = 64) Integer maxParallel) {

    public static final int DEFAULT_MAX_PARALLEL = 2;

    public ReductionManagerConfig {
        instrumentList = instrumentList == null ? List.of() : instrumentList;
        datasetSelection = datasetSelection == null ? new DatasetSelection(null, null, null, null, null) : datasetSelection;
        maxParallel = maxParallel == null ? DEFAULT_MAX_PARALLEL : maxParallel;
    }

    /** Only the reduction folder, every other key at its default. */
    public static ReductionManagerConfig defaultsFor(Path dataReductionDir) {
        return new ReductionManagerConfig(null, dataReductionDir, null, null, null, null);
    }

    /**
     * The seed's {@code dataset_selection}: {@code group} all | date | recent | file; {@code ndays} (whole
     * or fractional days, default 3) for {@code recent}, the dates for {@code date}, the list for {@code file}.
     */
    public record DatasetSelection(Group group, Path file, DateOrNone startDate, DateOrNone endDate, @Range(min = 0) Double ndays) {

        public DatasetSelection {
            group = group == null ? Group.ALL : group;
            startDate = startDate == null ? DateOrNone.NONE : startDate;
            endDate = endDate == null ? DateOrNone.NONE : endDate;
        }

        /** How far back {@code recent} looks. */
        public Duration recentWindow() {
            return Duration.ofMillis(Math.round((ndays == null ? 3.0 : ndays) * 86_400_000d));
        }
    }

    public enum Group { ALL, DATE, RECENT, FILE }
}
