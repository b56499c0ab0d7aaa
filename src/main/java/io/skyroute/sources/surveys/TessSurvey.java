package io.skyroute.sources.surveys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.skyroute.config.MastConfig;
import io.skyroute.config.ProjectConfig;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.SafeNames;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.sources.HttpDownloader;
import io.skyroute.sources.mast.FitsStructure;
import io.skyroute.sources.mast.MastClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * TESS lightcurves at MAST for the TIC nearest a position: a {@code Mast.Caom.Filtered.Position} search of TESS
 * and HLSP time series within the radius, the nearest target's observations, their products, and of those the
 * SPOC ({@code tess...-s_lc.fits}), TESS-SPOC ({@code hlsp_tess-spoc_..._lc.fits}) and QLP
 * ({@code hlsp_qlp_..._llc.fits}) lightcurves configured, each downloaded and verified like any MAST product.
 */
public final class TessSurvey implements SurveyAdapter {

    private static final Pattern SPOC = Pattern.compile("tess\\d+-s\\d{4}-\\d{16}-\\d{4}-s_lc\\.fits");

    private final ProjectConfig.TessConfig config;
    private final MastClient client;
    private final HttpDownloader downloader;

    public TessSurvey(ProjectConfig.TessConfig config, MastClient client, HttpDownloader downloader) {
        this.config = config;
        this.client = client;
        this.downloader = downloader;
    }

    /** The MAST client's configuration for these searches. */
    public static MastConfig mastConfig(ProjectConfig.TessConfig tess) {
        return new MastConfig(tess.url(), tess.tokenEnvvar(), null, null, List.of(), 2000, 50, 600, tess.executingRetryMs(), tess.httpTimeoutSeconds(),
                1, null);
    }

    @Override
    public String name() {
        return "TESS";
    }

    @Override
    public double requestsPerSecond() {
        return config.requestsPerSecond();
    }

    @Override
    public Raw fetch(SurveyTarget target, Path folder) throws Exception {
        JsonNodeFactory json = JsonNodeFactory.instance;
        var query = new MastConfig.MastQuery(MastConfig.MastQuery.Service.POSITION,
                String.format(Locale.ROOT, "%.7f, %.7f, %.7f", target.ra(), target.dec(), config.radiusArcsec() / 3600.0),
                List.of(new MastConfig.MastFilter("obs_collection", json.arrayNode().add("TESS").add("HLSP")),
                        new MastConfig.MastFilter("dataproduct_type", json.arrayNode().add("timeseries"))));
        List<JsonNode> observations = client.observations(query, (r, a) -> { });
        String nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (JsonNode o : observations) {
            double d = separation(target.ra(), target.dec(), o.path("s_ra").asDouble(Double.NaN), o.path("s_dec").asDouble(Double.NaN));
            if (d < best) {
                best = d;
                nearest = o.path("target_name").asText();
            }
        }
        if (nearest == null) {
            return new Raw(List.of());
        }
        Set<String> obsids = new LinkedHashSet<>();
        for (JsonNode o : observations) {
            if (nearest.equals(o.path("target_name").asText())) {
                obsids.add(o.path("obsid").asText());
            }
        }
        List<Path> files = new ArrayList<>();
        for (JsonNode p : client.products(new ArrayList<>(obsids), (r, a) -> { })) {
            String name = p.path("productFilename").asText("");
            if (!wanted(name)) {
                continue;
            }
            long size = p.path("size").asLong(-1);
            String safe = SafeNames.of(name).filter(n -> !n.startsWith("."))
                    .orElseThrow(() -> new PermanentFailure("MAST gave an unusable file name: '" + name + "'"));
            files.add(downloader.download(client.downloadUri(p.path("dataURI").asText()), folder.resolve(safe), "SHA-256", null, Map.of(),
                    "TESS lightcurve " + name, (file, bytes) -> verify(name, size, file, bytes), null).path());
        }
        return new Raw(files);
    }

    private boolean wanted(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return (config.products().contains(ProjectConfig.TessConfig.TessProduct.SPOC) && SPOC.matcher(n).matches())
                || (config.products().contains(ProjectConfig.TessConfig.TessProduct.TESS_SPOC) && n.startsWith("hlsp_tess-spoc_") && n.endsWith("_lc.fits"))
                || (config.products().contains(ProjectConfig.TessConfig.TessProduct.QLP) && n.startsWith("hlsp_qlp_") && n.endsWith("_llc.fits"));
    }

    private static void verify(String name, long size, Path file, long bytes) throws IOException {
        if (size >= 0 && bytes != size) {
            throw new TransientFailure(name + ": " + bytes + " bytes received, MAST announced " + size);
        }
        try {
            FitsStructure.check(file);
        } catch (IOException damaged) {
            throw new TransientFailure(name + ": not whole FITS: " + damaged.getMessage());
        }
    }

    /** Angular separation in degrees (haversine). */
    static double separation(double ra1, double dec1, double ra2, double dec2) {
        double r1 = Math.toRadians(ra1);
        double d1 = Math.toRadians(dec1);
        double r2 = Math.toRadians(ra2);
        double d2 = Math.toRadians(dec2);
        double h = Math.pow(Math.sin((d2 - d1) / 2), 2) + Math.cos(d1) * Math.cos(d2) * Math.pow(Math.sin((r2 - r1) / 2), 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }
}
