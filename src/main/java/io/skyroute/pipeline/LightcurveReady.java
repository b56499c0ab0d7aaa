package io.skyroute.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * The "lightcurve ready" hand-off: a dataset's lightcurve that passed its reduction's own checks, with
 * every product written (the TOM-format CSV among them) and the provenance that vouches for it.
 */
public record LightcurveReady(Dataset dataset, String target, String filter, Path lightcurveCsv, List<Path> products, Path provenance) {

    public LightcurveReady {
        products = List.copyOf(products);
    }
}
