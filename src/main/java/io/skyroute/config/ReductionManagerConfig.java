package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.List;

/** The LCO pipeline's {@code reduction_manager.yaml}: which datasets to reduce and how many at once. */
public record ReductionManagerConfig(
        Path logDir,
        @JsonProperty(required = true) Path dataReductionDir,
        List<String> instrumentList,
        DatasetSelection datasetSelection,
        Integer maxParallel) {

    public ReductionManagerConfig {
        instrumentList = instrumentList == null ? List.of() : instrumentList;
        datasetSelection = datasetSelection == null ? new DatasetSelection(null, null, null, null, null) : datasetSelection;
        maxParallel = maxParallel == null ? 2 : maxParallel;
    }

    /** The seed's {@code dataset_selection}: {@code group} all | date | recent | file. */
    public record DatasetSelection(Group group, Path file, String startDate, String endDate, Integer ndays) {

        public DatasetSelection {
            group = group == null ? Group.ALL : group;
        }
    }

    public enum Group { ALL, DATE, RECENT, FILE }
}
