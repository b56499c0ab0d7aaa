package io.skyroute.analysis;

import io.skyroute.pipeline.Dataset;
import io.skyroute.pipeline.LightcurveReady;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A lightcurve file to analyse and what is known around it: the dataset it came from (null for a user's
 * file), the instrument, the products to link from its page and its provenance file (or null).
 */
public record LightcurveSubject(Path file, Dataset dataset, String instrument, List<Path> products, Path provenance) {

    public LightcurveSubject {
        file = file.toAbsolutePath().normalize();
        products = List.copyOf(products);
    }

    /** A file a user points at: its own folder's provenance.json if there is one. */
    public static LightcurveSubject ofFile(Path file) {
        Path provenance = file.toAbsolutePath().getParent().resolve(Dataset.PROVENANCE_FILE);
        return new LightcurveSubject(file, null, "unknown", List.of(file), Files.isRegularFile(provenance) ? provenance : null);
    }

    /** A published lightcurve: its ECSV (every column, flags) when written, else the TOM-format CSV. */
    public static LightcurveSubject of(LightcurveReady ready) {
        Path ecsv = ready.products().stream().filter(p -> p.getFileName().toString().endsWith("_lc.ecsv")).findFirst().orElse(ready.lightcurveCsv());
        List<Path> products = ready.products().stream().filter(p -> !p.getFileName().toString().endsWith(".png")).toList();
        return new LightcurveSubject(ecsv, ready.dataset(), ready.dataset().instrument(), products, ready.provenance());
    }

    /** A lightcurve of a dataset folder the ledger knows (its ECSV beside the CSV when there is one). */
    public static LightcurveSubject inDataset(Dataset dataset, Path csv) {
        String stem = csv.getFileName().toString().replaceAll("\\.csv$", "");
        Path ecsv = csv.resolveSibling(stem + ".ecsv");
        Path file = Files.isRegularFile(ecsv) ? ecsv : csv;
        List<Path> products = Files.isRegularFile(ecsv) ? List.of(csv, ecsv) : List.of(csv);
        Path provenance = Files.isRegularFile(dataset.provenance()) ? dataset.provenance() : null;
        return new LightcurveSubject(file, dataset, dataset.instrument(), provenance == null ? products
                : java.util.stream.Stream.concat(products.stream(), java.util.stream.Stream.of(provenance)).toList(), provenance);
    }
}
