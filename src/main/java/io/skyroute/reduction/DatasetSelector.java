package io.skyroute.reduction;

import io.skyroute.pipeline.Dataset;

import io.skyroute.config.ReductionManagerConfig;
import io.skyroute.config.ReductionManagerConfig.DatasetSelection;
import io.skyroute.photometry.fits.BadImage;
import io.skyroute.photometry.fits.FitsImageReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Which datasets a reduction-manager pass reduces (the seed's {@code dataset_selection}): every dataset
 * folder ({@code <TARGET>/<instrument>/<filter>} with a {@code reduction_config.yaml}) of the reduction
 * directory whose instrument is listed (all when the list is empty), narrowed by the group:
 * {@code all}; {@code recent}, a frame arrived in the last {@code ndays} days; {@code date}, a frame was
 * observed (DATE-OBS) between {@code start_date} and {@code end_date}; {@code file}, the folders a text
 * file lists (one per line, absolute or relative to the reduction directory, # for comments).
 */
public final class DatasetSelector {

    private final Clock clock;

    public DatasetSelector(Clock clock) {
        this.clock = clock;
    }

    public List<Path> select(ReductionManagerConfig config) {
        Path root = config.dataReductionDir().toAbsolutePath().normalize();
        DatasetSelection selection = config.datasetSelection();
        LocalDate start = selection.startDate().value().orElse(LocalDate.MIN);
        LocalDate end = selection.endDate().value().orElse(LocalDate.MAX);
        List<Path> candidates = switch (selection.group()) {
            case FILE -> listed(root, selection);
            default -> datasets(root);
        };
        return candidates.stream()
                .filter(d -> config.instrumentList().isEmpty() || config.instrumentList().stream()
                        .anyMatch(i -> i.equalsIgnoreCase(Dataset.of(d).instrument())))
                .filter(d -> switch (selection.group()) {
                    case RECENT -> arrivedSince(d, clock.instant().minus(selection.recentWindow()));
                    case DATE -> observedBetween(d, start, end);
                    default -> true;
                })
                .sorted().toList();
    }

    public static List<Path> datasets(Path root) {
        return Dataset.under(root).stream().map(Dataset::folder).toList();
    }

    private static List<Path> listed(Path root, DatasetSelection selection) {
        if (selection.file() == null) {
            throw new IllegalArgumentException("dataset_selection.file: required with group: file");
        }
        try (Stream<String> lines = Files.lines(selection.file())) {
            return lines.map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> root.resolve(l).toAbsolutePath().normalize())
                    .filter(d -> Files.isRegularFile(d.resolve(DatasetReducer.CONFIG_FILE)))
                    .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("dataset_selection.file: cannot read " + selection.file() + ": " + e.getMessage(), e);
        }
    }

    private static boolean arrivedSince(Path dataset, Instant since) {
        return frames(dataset).anyMatch(f -> {
            try {
                return Files.getLastModifiedTime(f).toInstant().isAfter(since);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static boolean observedBetween(Path dataset, LocalDate start, LocalDate end) {
        FitsImageReader reader = new FitsImageReader();
        return frames(dataset).anyMatch(f -> {
            try {
                String dateObs = reader.readHeader(f).string("DATE-OBS");
                if (dateObs == null || dateObs.length() < 10) {
                    return false;
                }
                LocalDate day = LocalDate.parse(dateObs.substring(0, 10));
                return !day.isBefore(start) && !day.isAfter(end);
            } catch (BadImage | DateTimeParseException e) {
                return false;
            }
        });
    }

    private static Stream<Path> frames(Path dataset) {
        try {
            return AperturePipeline.frames(dataset).stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    static String describe(ReductionManagerConfig config) {
        return config.datasetSelection().group().name().toLowerCase(Locale.ROOT);
    }
}
