package io.skyroute.sources.lco;

import io.skyroute.config.DataDownloadConfig;
import io.skyroute.config.DataDownloadConfig.ArchiveConfig;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.FrameLedger;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.sources.FrameSource;
import io.skyroute.sources.HttpDownloader;
import io.skyroute.sources.SourceRoutes;
import io.skyroute.sources.HttpDownloader.Landed;
import io.skyroute.pipeline.PermanentFailure;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The LCO science archive as a {@link FrameSource}: every active archive of the seed's data_download.yaml
 * is a feed, listed over the configured window (a reconcile pass over {@code reconcile_lookback_hours}),
 * every proposal and reduction level asked; a frame is fetched from its presigned URL (a fresh one when it
 * expired), md5-verified; after each pass the seed's human-readable frame list is written.
 */
public class LcoSource extends org.apache.camel.support.service.ServiceSupport implements FrameSource {

    public static final String NAME = "lco";
    /** Runs one pass now (the one-shot download command). */
    public static final String PASS = SourceRoutes.passOf(NAME);

    /** The window a pass lists, in UTC. */
    public record Window(LocalDateTime start, LocalDateTime end) {
    }

    private final DataDownloadConfig config;
    private final Map<String, LcoArchiveClient> clients;
    private final ArchiveStates states;
    private final HttpDownloader downloader;
    private final FrameLedger frames;
    private final Clock clock;

    public LcoSource(DataDownloadConfig config, Map<String, LcoArchiveClient> clients, ArchiveStates states,
                     HttpDownloader downloader, FrameLedger frames, Clock clock) {
        this.config = config;
        this.clients = Map.copyOf(clients);
        this.states = states;
        this.downloader = downloader;
        this.frames = frames;
        this.clock = clock;
    }

    public DataDownloadConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public java.util.Optional<String> reconcileSchedule() {
        return java.util.Optional.of("{{skyroute.schedules.lco-reconcile}}");
    }

    @Override
    public List<String> feeds() {
        return archivesToPoll();
    }

    @Override
    public int parallelFetches() {
        return config.maxParallelDownloads();
    }

    @Override
    public List<Item> list(String archive, boolean reconcile) throws IOException, InterruptedException {
        return list(archive, window(reconcile)).stream()
                .map(f -> new Item(archive, String.valueOf(f.id()), f.md5().orElse(""), f.fileName(), f.describe(archive), f)).toList();
    }

    @Override
    public Fetched fetch(Item item) throws IOException, InterruptedException {
        Landed landed = download(item.feed(), (LcoFrame) item.detail());
        return new Fetched(landed.path(), landed.checksum());
    }

    @Override
    public void refused(String archive, io.skyroute.pipeline.AuthenticationFailure failure) {
        states.markFailed(archive, failure.getMessage());
    }

    @Override
    public void afterPass() throws IOException {
        exportFrameList();
    }

    public ArchiveStates archiveStates() {
        return states;
    }

    /** Active archives whose credentials have not been refused. */
    public List<String> archivesToPoll() {
        return config.activeArchives().stream().map(ArchiveConfig::id).filter(a -> !states.isFailed(a)).toList();
    }

    /** The configured window, or the last 24 h; a reconcile pass looks back {@code reconcile_lookback_hours}. */
    public Window window(boolean reconcile) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        if (reconcile) {
            return new Window(now.minusHours(config.reconcileLookbackHours()), now);
        }
        LocalDateTime end = config.endDatetime().value().orElse(now);
        LocalDateTime start = config.startDatetime().value().orElse(end.minusHours(24));
        return new Window(start, end);
    }

    /**
     * Every frame of every proposal of the archive in the window that this pipeline wants: imaging frames
     * at {@code reduction_level.image}, spectra at {@code reduction_level.spectrum}, calibrations only when
     * {@code include_calibrations}. A frame listed by several proposals or queries counts once.
     */
    public List<LcoFrame> list(String archive, Window window) throws IOException, InterruptedException {
        ArchiveConfig archiveConfig = archiveConfig(archive);
        LcoArchiveClient client = clients.get(archive);
        int imageLevel = archiveConfig.reductionLevel().image();
        int spectrumLevel = archiveConfig.reductionLevel().spectrum();
        Map<Long, LcoFrame> wanted = new LinkedHashMap<>();
        for (String proposal : archiveConfig.proposals()) {
            for (int level : new TreeSet<>(List.of(imageLevel, spectrumLevel))) {
                var query = new LcoArchiveClient.Query(proposal, window.start(), window.end(), level, !config.includeCalibrations());
                for (LcoFrame frame : client.frames(query)) {
                    if (isWanted(frame, imageLevel, spectrumLevel)) {
                        wanted.putIfAbsent(frame.id(), frame);
                    }
                }
            }
        }
        return new ArrayList<>(wanted.values());
    }

    private boolean isWanted(LcoFrame frame, int imageLevel, int spectrumLevel) {
        int level = frame.reductionLevel() == null ? -1 : frame.reductionLevel();
        return switch (FrameKinds.of(frame.configurationType())) {
            case IMAGE -> level == imageLevel;
            case SPECTRUM -> level == spectrumLevel;
            case CALIBRATION -> config.includeCalibrations() && (level == imageLevel || level == spectrumLevel);
        };
    }

    /**
     * Downloads one frame into {@code data_download_dir} and verifies its md5 (the template records it). An
     * expired URL (403 from the storage host) is replaced by a fresh one from the archive and tried once more at once.
     */
    Landed download(String archive, LcoFrame frame) throws IOException, InterruptedException {
        Path target = config.dataDownloadDir().resolve(safeName(frame.fileName()));
        String md5 = frame.md5().orElse(null);
        Landed landed;
        try {
            landed = downloader.download(url(frame), target, "MD5", md5, Map.of(), frame.describe(archive));
        } catch (HttpDownloader.StorageRefused expired) {
            LcoFrame fresh = clients.get(archive).frame(frame.id());
            landed = downloader.download(url(fresh), target, "MD5", fresh.md5().orElse(md5), Map.of(), fresh.describe(archive));
        }
        return landed;
    }

    /** Writes the seed's {@code frame_list} file: one line per frame the ledger holds for the configured archives. */
    public void exportFrameList() throws IOException {
        if (config.frameList() == null) {
            return;
        }
        StringWriter out = new StringWriter();
        out.write("# skyroute frame list (export of the ledger): file archive frame_id md5 status tries updated\n");
        for (ArchiveConfig archive : config.allArchives()) {
            for (Frame f : frames.framesOf(archive.id())) {
                out.write(String.join(" ", f.getFileName(), archive.id(), f.getNaturalId(),
                        f.getChecksum() == null ? "-" : f.getChecksum(), f.getStatus().name(), String.valueOf(f.getTries()),
                        String.valueOf(f.getUpdatedAt())) + "\n");
            }
        }
        AtomicFiles.write(new java.io.ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)), config.frameList());
    }

    private ArchiveConfig archiveConfig(String archive) {
        return config.archive(archive)
                .orElseThrow(() -> new IllegalArgumentException("no archive named " + archive));
    }

    private static URI url(LcoFrame frame) {
        return URI.create(frame.downloadUrl().orElseThrow(() -> new PermanentFailure("frame " + frame.id() + " has no download URL")));
    }

    /** A file name from the archive, made safe to use as one path element. */
    static String safeName(String name) {
        String base = Path.of(name).getFileName().toString();
        String safe = base.replaceAll("[^A-Za-z0-9+._-]", "_");
        if (safe.isEmpty() || safe.equals(".") || safe.equals("..")) {
            throw new PermanentFailure("the archive gave an unusable file name: '" + name + "'");
        }
        return safe;
    }

    @Override
    protected void doStop() throws IOException {
        downloader.close();
        for (LcoArchiveClient client : clients.values()) {
            client.close();
        }
    }
}
