package io.skyroute.sources.mast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skyroute.config.MastConfig;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.SafeNames;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.sources.FrameSource;
import io.skyroute.sources.HttpDownloader;
import io.skyroute.sources.SourceRoutes;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.impl.cookie.BasicClientCookie;
import org.apache.hc.client5.http.protocol.HttpClientContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MAST as a {@link FrameSource} (hstlc's {@code download_hstlc}): each pass runs the configured queries,
 * drops the calibration targets (DARK, BIAS, ...), lists the observations' products, keeps the configured
 * product types, and lets the frame list pick what it lacks; a product is fetched (following MAST's redirect
 * to cloud storage) into the time-tag ingest folder, verified by its announced size and its FITS structure
 * (MAST serves no checksum), and renamed into place. The products go to the time-tag ingest, not to sorting.
 * Every pass's requests and answers are kept in the requests folder, one JSON line each.
 */
public final class MastSource extends org.apache.camel.support.service.ServiceSupport implements FrameSource {

    public static final String NAME = "mast";
    public static final String PASS = SourceRoutes.passOf(NAME);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final MastConfig config;
    private final MastClient client;
    private final HttpDownloader downloader;
    private final Path ingestDir;
    private final Clock clock;

    public MastSource(MastConfig config, MastClient client, HttpDownloader downloader, Path ingestDir, Clock clock) {
        this.config = config;
        this.client = client;
        this.downloader = downloader;
        this.ingestDir = ingestDir;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int parallelFetches() {
        return config.parallelDownloads();
    }

    @Override
    public List<Item> list(String feed, boolean reconcile) throws IOException, InterruptedException {
        List<String> record = new ArrayList<>();
        MastClient.Recorder recorder = (request, answer) -> {
            ObjectNode line = JSON.createObjectNode();
            line.set("request", request);
            line.set("answer", answer);
            record.add(line.toString());
        };
        try {
            Set<String> obsids = new LinkedHashSet<>();
            for (MastConfig.MastQuery query : config.queries()) {
                for (JsonNode row : client.observations(query, recorder)) {
                    String target = row.path("target_name").asText("").trim().toUpperCase(Locale.ROOT);
                    String obsid = row.path("obsid").asText("");
                    if (!obsid.isEmpty() && config.ignoredTargets().stream().noneMatch(t -> t.equalsIgnoreCase(target))) {
                        obsids.add(obsid);
                    }
                }
            }
            Map<String, Item> items = new LinkedHashMap<>();
            for (JsonNode row : client.products(new ArrayList<>(obsids), recorder)) {
                MastProduct product = MastProduct.of(row);
                if (wanted(product)) {
                    items.putIfAbsent(product.fileName(), new Item(NAME, product.fileName(), "size:" + product.size(), product.fileName(),
                            product.describe(), product));
                }
            }
            return new ArrayList<>(items.values());
        } finally {
            keep(record);
        }
    }

    private boolean wanted(MastProduct product) {
        String name = product.fileName().toLowerCase(Locale.ROOT);
        return !product.dataUri().isEmpty() && config.productSuffixes().stream().anyMatch(s -> name.endsWith(s.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Fetched fetch(Item item) throws IOException {
        MastProduct product = (MastProduct) item.detail();
        String fileName = SafeNames.of(product.fileName()).filter(n -> !n.startsWith("."))
                .orElseThrow(() -> new PermanentFailure("MAST gave an unusable file name: '" + product.fileName() + "'"));
        Path target = ingestDir.resolve(fileName);
        HttpDownloader.Verifier verifier = (file, bytes) -> {
            if (product.size() >= 0 && bytes != product.size()) {
                throw new TransientFailure(product.describe() + ": " + bytes + " bytes received, MAST announced " + product.size()
                        + "; the body was truncated");
            }
            try {
                FitsStructure.check(file);
            } catch (IOException damaged) {
                throw new TransientFailure(product.describe() + ": not whole FITS: " + damaged.getMessage());
            }
        };
        HttpDownloader.Landed landed = downloader.download(client.downloadUri(product.dataUri()), target, "SHA-256", null, Map.of(),
                product.describe(), verifier, cookies());
        return new Fetched(landed.path(), "size:" + landed.bytes());
    }

    /** The token as MAST's cookie, sent only to MAST's own host (also when a download is redirected elsewhere). */
    private HttpClientContext cookies() {
        HttpClientContext context = HttpClientContext.create();
        if (client.token() != null) {
            BasicCookieStore store = new BasicCookieStore();
            BasicClientCookie cookie = new BasicClientCookie("mast_token", client.token().reveal());
            cookie.setDomain(URI.create(config.url()).getHost());
            cookie.setPath("/");
            cookie.setAttribute("domain", cookie.getDomain());
            store.addCookie(cookie);
            context.setCookieStore(store);
        }
        return context;
    }

    @Override
    public boolean isFrame(Item item, Fetched fetched) {
        return false;   // time-tag files are the timetag room's (it watches the ingest folder), not sorting's
    }

    private void keep(List<String> record) throws IOException {
        if (record.isEmpty()) {
            return;
        }
        Path file = config.requestsDir().resolve("mast-pass-" + STAMP.format(clock.instant()) + ".jsonl");
        AtomicFiles.write(new ByteArrayInputStream((String.join("\n", record) + "\n").getBytes(StandardCharsets.UTF_8)), file);
    }

    @Override
    protected void doStop() throws IOException {
        downloader.close();
    }
}
