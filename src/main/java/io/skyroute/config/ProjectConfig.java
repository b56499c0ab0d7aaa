package io.skyroute.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code project} section: AstroRetriever's catalogue-driven survey photometry. Keys (defaults):
 * {@code name} (required), {@code obs_names} ([ZTF, TESS]), {@code catalogue} (file, column names),
 * {@code ztf} and {@code tess} (the surveys' services and parameters), {@code version_control} (false: products
 * in <products_dir>/<name>; true: in <name>_<sha256 of the final configuration and software version>),
 * {@code threads} (4 sources at once), {@code products_dir} (<data_dir>/projects), {@code gap} (40 days: a
 * longer gap starts a new season). Raw data is kept once per source and survey in <data_dir>/surveys, shared.
 */
public record ProjectConfig(
        String name,
        List<Survey> obsNames,
        CatalogueConfig catalogue,
        ZtfConfig ztf,
        TessConfig tess,
        Boolean versionControl,
        @Range(min = 1, max = 64) Integer threads,
        @ValueFormat(ValueFormat.Form.FOLDER) Path productsDir,
        @Range(min = 0, minExclusive = true) Double gap) {

    public enum Survey {
        ZTF, TESS;

        public String label() {
            return name();
        }

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The catalogue: a CSV or FITS table with a name, RA and Dec (degrees) and optionally a magnitude per row. */
    public record CatalogueConfig(@MustBeReadable Path file, String nameColumn, String raColumn, String decColumn, String magColumn) {
        public CatalogueConfig {
            nameColumn = nameColumn == null ? "name" : nameColumn;
            raColumn = raColumn == null ? "ra" : raColumn;
            decColumn = decColumn == null ? "dec" : decColumn;
            magColumn = magColumn == null ? "mag" : magColumn;
        }
    }

    /** IRSA's ZTF lightcurve service: search radius, bands, the catflags mask, requests per second. */
    public record ZtfConfig(String url, @Range(min = 0.1, max = 600) Double radiusArcsec, List<String> bands,
                            @Range(min = 0, max = 65535) Integer badCatflagsMask, @Range(min = 0.01, max = 100) Double requestsPerSecond,
                            @Range(min = 1, max = 3600) Integer httpTimeoutSeconds) {
        public ZtfConfig {
            url = url == null ? "https://irsa.ipac.caltech.edu" : url.replaceAll("/+$", "");
            radiusArcsec = radiusArcsec == null ? 2.0 : radiusArcsec;
            bands = bands == null ? List.of("g", "r", "i") : List.copyOf(bands);
            badCatflagsMask = badCatflagsMask == null ? 32768 : badCatflagsMask;
            requestsPerSecond = requestsPerSecond == null ? 1.0 : requestsPerSecond;
            httpTimeoutSeconds = httpTimeoutSeconds == null ? 120 : httpTimeoutSeconds;
        }
    }

    /** TESS lightcurves at MAST: search radius, which products (spoc, tess-spoc, qlp), token, requests per second. */
    public record TessConfig(String url, @Range(min = 0.1, max = 600) Double radiusArcsec, List<TessProduct> products, String tokenEnvvar,
                             @Range(min = 0.01, max = 100) Double requestsPerSecond, @Range(min = 1, max = 3600) Integer httpTimeoutSeconds,
                             @Range(min = 10, max = 600_000) Long executingRetryMs) {

        public enum TessProduct { SPOC, TESS_SPOC, QLP }

        public TessConfig {
            url = url == null ? "https://mast.stsci.edu" : url.replaceAll("/+$", "");
            radiusArcsec = radiusArcsec == null ? 21.0 : radiusArcsec;
            products = products == null ? List.of(TessProduct.SPOC, TessProduct.TESS_SPOC, TessProduct.QLP) : List.copyOf(products);
            requestsPerSecond = requestsPerSecond == null ? 1.0 : requestsPerSecond;
            httpTimeoutSeconds = httpTimeoutSeconds == null ? 120 : httpTimeoutSeconds;
            executingRetryMs = executingRetryMs == null ? 2000L : executingRetryMs;
        }
    }

    public ProjectConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("project.name: a project needs a name");
        }
        obsNames = obsNames == null ? List.of(Survey.ZTF, Survey.TESS) : List.copyOf(obsNames);
        if (catalogue == null || catalogue.file() == null) {
            throw new IllegalArgumentException("project.catalogue.file: a project needs a catalogue (CSV or FITS table of name, ra, dec)");
        }
        ztf = ztf == null ? new ZtfConfig(null, null, null, null, null, null) : ztf;
        tess = tess == null ? new TessConfig(null, null, null, null, null, null, null) : tess;
        versionControl = versionControl != null && versionControl;
        threads = threads == null ? 4 : threads;
        gap = gap == null ? 40.0 : gap;
    }

    public ProjectConfig withThreads(int count) {
        return new ProjectConfig(name, obsNames, catalogue, ztf, tess, versionControl, count, productsDir, gap);
    }

    ProjectConfig withDefaultsFor(Path dataDir) {
        return productsDir != null ? this : new ProjectConfig(name, obsNames, catalogue, ztf, tess, versionControl, threads,
                dataDir.resolve("projects"), gap);
    }
}
