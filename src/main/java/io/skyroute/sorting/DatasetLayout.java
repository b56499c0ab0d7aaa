package io.skyroute.sorting;

import io.skyroute.pipeline.SafeNames;

import io.skyroute.pipeline.Dataset;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a frame belongs: {@code <data_reduction_dir>/<TARGET>/<instrument class>/<filter>} for imagers
 * and {@code <TARGET>/<instrument class>/<DAY-OBS>} for spectrographs, every part a safe name; or why it
 * cannot be placed (the reason a quarantine records).
 */
public final class DatasetLayout {

    /** Either a dataset or a reason; exactly one is present. */
    public record Placement(Optional<Dataset> dataset, Optional<String> problem) {
        static Placement at(Dataset dataset) {
            return new Placement(Optional.of(dataset), Optional.empty());
        }

        static Placement refused(String problem) {
            return new Placement(Optional.empty(), Optional.of(problem));
        }
    }

    private final Path reductionDir;

    /** The reduction folder the datasets are placed under. */
    public Path root() {
        return reductionDir;
    }

    public DatasetLayout(Path reductionDir) {
        this.reductionDir = reductionDir.toAbsolutePath().normalize();
    }

    /**
     * A rule's own layout: {@code TARGET/instrument/subset} as its template produced it, each part made a
     * safe directory name (survey images placed by field and epoch, say).
     */
    public Placement custom(String relative) {
        String[] parts = relative == null ? new String[0] : relative.split("/");
        if (parts.length != 3) {
            return Placement.refused("layout gave '" + relative + "': expected TARGET/instrument/subset");
        }
        String[] safe = new String[3];
        for (int i = 0; i < 3; i++) {
            Optional<String> name = SafeNames.of(parts[i]);
            if (name.isEmpty()) {
                return Placement.refused("layout gave '" + relative + "': part " + (i + 1) + " leaves no usable directory name");
            }
            safe[i] = name.get();
        }
        Path directory = reductionDir.resolve(safe[0]).resolve(safe[1]).resolve(safe[2]).normalize();
        if (!directory.startsWith(reductionDir)) {
            return Placement.refused("layout gave '" + relative + "': outside the reduction directory");
        }
        return Placement.at(new Dataset(directory, safe[0], safe[1], safe[2]));
    }

    public Placement place(FrameHeader header) {
        Optional<String> object = header.object();
        if (object.isEmpty()) {
            return Placement.refused("no OBJECT in the header");
        }
        Optional<String> target = SafeNames.of(object.get());
        if (target.isEmpty()) {
            return Placement.refused("OBJECT '" + object.get() + "' leaves no usable directory name");
        }
        Optional<InstrumentClass> instrument = InstrumentClass.of(header.instrument().orElse(null));
        if (instrument.isEmpty()) {
            return Placement.refused(header.instrument().map(i -> "unknown instrument '" + i + "'").orElse("no INSTRUME in the header"));
        }
        String subsetKey = instrument.get().isSpectrograph() ? "DAY-OBS" : "FILTER";
        Optional<String> subsetText = instrument.get().isSpectrograph() ? header.dayObs() : header.filter();
        if (subsetText.isEmpty()) {
            return Placement.refused("no " + subsetKey + " in the header");
        }
        Optional<String> subset = SafeNames.of(subsetText.get());
        if (subset.isEmpty()) {
            return Placement.refused(subsetKey + " '" + subsetText.get() + "' leaves no usable directory name");
        }
        Path directory = reductionDir.resolve(target.get()).resolve(instrument.get().directoryName()).resolve(subset.get()).normalize();
        if (!directory.startsWith(reductionDir)) {
            return Placement.refused("the header would place the frame outside the reduction directory");
        }
        return Placement.at(new Dataset(directory, target.get(), instrument.get().directoryName(), subset.get()));
    }
}
