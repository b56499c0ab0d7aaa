package io.skyroute.analysis;

import io.skyroute.analysis.lightcurve.Lightcurve;
import io.skyroute.analysis.lightcurve.LightcurveFiles;
import io.skyroute.analysis.pages.DashboardEntry;
import io.skyroute.analysis.pages.DashboardPages;
import io.skyroute.analysis.science.Analyser;
import io.skyroute.analysis.science.LightcurveAnalysis;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.pipeline.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a lightcurve file and analyses each of its filters into a dashboard entry. */
final class EntryReader {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private EntryReader() {
    }

    static DashboardEntry analyse(Analyser analyser, LightcurveSubject subject) throws IOException, LightcurveFiles.BadLightcurve {
        List<LightcurveAnalysis> filters = new ArrayList<>();
        String name = null;
        for (Lightcurve lc : LightcurveFiles.read(subject.file())) {
            filters.add(analyser.analyse(lc));
            name = name == null ? lc.name() : name;
        }
        if (subject.dataset() != null) {
            name = subject.dataset().target();
        }
        String provenance = subject.provenance() != null && Files.isRegularFile(subject.provenance()) ? Files.readString(subject.provenance()) : null;
        return new DashboardEntry(DashboardPages.idFor(subject.file()), name == null ? subject.file().getFileName().toString() : name,
                subject.file(), subject.instrument(), filters, provenance, subject.products(), datasetExposure(subject, provenance));
    }

    /**
     * The summed exposure of the dataset's frames: as the reduction recorded it in provenance.json (its input
     * frames); for a dataset reduced before it did, the EXPTIME of every frame's header. NaN for a file outside
     * a dataset or frames without it.
     */
    private static double datasetExposure(LightcurveSubject subject, String provenance) throws IOException {
        if (subject.dataset() == null) {
            return Double.NaN;
        }
        if (provenance != null) {
            try {
                com.fasterxml.jackson.databind.JsonNode recorded = JSON.readTree(provenance).get(io.skyroute.pipeline.Dataset.PROVENANCE_EXPOSURE_KEY);
                if (recorded != null && recorded.isNumber()) {
                    return recorded.doubleValue();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
                // the page shows the provenance as it is; the exposure comes from the headers instead
            }
        }
        double total = 0;
        boolean any = false;
        FitsImageReader reader = new FitsImageReader();
        for (Path frame : subject.dataset().frames()) {
            try {
                double exposure = reader.readHeader(frame).number("EXPTIME", Double.NaN);
                if (Double.isFinite(exposure)) {
                    total += exposure;
                    any = true;
                }
            } catch (RuntimeException unreadable) {
                // a damaged frame is sorting's and reduction's business; it adds no exposure here
            }
        }
        return any ? total : Double.NaN;
    }

    /** Pages written as every product is: a temporary name in the folder, flushed, renamed. */
    static DashboardPages pages(Path out) {
        return new DashboardPages(out, (target, body) -> AtomicFiles.write(target, body::write));
    }
}
