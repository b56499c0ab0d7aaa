package io.skyroute.sources.lco;

import io.skyroute.config.DataDownloadConfig;
import io.skyroute.config.DataDownloadConfig.ArchiveConfig;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.FrameLedger;
import io.skyroute.sources.AtomicFiles;
import io.skyroute.sources.HttpDownloader;
import io.skyroute.sources.HttpDownloader.Landed;
import io.skyroute.sources.PassReport;
import io.skyroute.ops.PermanentFailure;

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
 * What the LCO routes do, as plain methods: which archives to poll over which window, listing every
 * proposal of an archive, downloading one frame (with a fresh URL when the old one expired), and the
 * human-readable frame list export.
 */
public class LcoSource extends org.apache.camel.support.service.ServiceSupport {

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
     * Downloads one frame into {@code data_download_dir}, verifies its md5 and records it as downloaded
     * only after the rename. An expired URL (403 from the storage host) is replaced by a fresh one from
     * the archive and tried once more at once.
     *
     * @param retry true when this is a redelivery (the first attempt was counted when the frame was admitted)
     */
    public Path download(String archive, LcoFrame frame, boolean retry, PassReport report) throws IOException, InterruptedException {
        if (retry) {
            frames.startAttempt(archive, String.valueOf(frame.id())); // the first attempt was counted on admission
        }
        Path target = config.dataDownloadDir().resolve(safeName(frame.fileName()));
        String md5 = frame.md5().orElse(null);
        Landed landed;
        try {
            landed = downloader.download(url(frame), target, "MD5", md5, Map.of(), frame.describe(archive));
        } catch (HttpDownloader.StorageRefused expired) {
            LcoFrame fresh = clients.get(archive).frame(frame.id());
            landed = downloader.download(url(fresh), target, "MD5", fresh.md5().orElse(md5), Map.of(), fresh.describe(archive));
        }
        frames.markDownloaded(archive, String.valueOf(frame.id()), target.getFileName().toString(), landed.checksum(), landed.path().toString());
        if (report != null) {
            report.addDownloaded();
        }
        return landed.path();
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
    }
}
