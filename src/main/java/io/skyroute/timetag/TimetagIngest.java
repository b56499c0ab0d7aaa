package io.skyroute.timetag;

import io.skyroute.config.TimetagConfig;
import io.skyroute.ledger.TimetagLedger;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Checksums;
import io.skyroute.pipeline.Dataset;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.pipeline.SafeNames;
import io.skyroute.timetag.events.BinnedLightcurve;
import io.skyroute.timetag.events.Binner;
import io.skyroute.timetag.events.EventFile;
import io.skyroute.timetag.events.EventFiles;
import io.skyroute.timetag.events.EventQuality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * hstlc's {@code ingest_hstlc}: takes every FITS file in the ingest folder. A time-tag event file is
 * checked ({@link EventQuality}); a bad one goes to the bad-data folder and table with the reason; a good
 * one is binned into its exposure's lightcurve (outputs folder), recorded (hstlc's metadata), moved into
 * the filesystem folder by target and instrument, and its group's composite lightcurve (every exposure of
 * the target, instrument, grating and central wavelength) is rebuilt. Other FITS files (x1d spectra) are
 * moved into the filesystem folder as they are. Nothing is deleted unless an identical copy is kept.
 */
public final class TimetagIngest {

    private static final Logger LOG = LoggerFactory.getLogger(TimetagIngest.class);

    /** What one pass did: files ingested, files found bad (with reasons), composites rebuilt (ready to publish). */
    public record Result(List<String> ingested, Map<String, String> bad, List<String> moved, List<LightcurveReady> composites) {

        @Override
        public String toString() {
            return ingested.size() + " ingested, " + bad.size() + " bad, " + moved.size() + " other files filed, " + composites.size()
                    + " composite(s) rebuilt";
        }
    }

    private final TimetagConfig config;
    private final TimetagLedger ledger;
    private final String softwareVersion;
    private final EventQuality quality;
    private final Binner binner;

    public TimetagIngest(TimetagConfig config, TimetagLedger ledger, String softwareVersion) {
        this.config = config;
        this.ledger = ledger;
        this.softwareVersion = softwareVersion;
        this.quality = new EventQuality(config.minExptimeSeconds());
        this.binner = new Binner(config.binSeconds(), config.dqMask());
    }

    public TimetagConfig config() {
        return config;
    }

    /** Ingests every file now in the ingest folder. */
    public synchronized Result ingestAll() throws IOException {
        Path ingest = config.ingestDir();
        Files.createDirectories(ingest);
        List<Path> files;
        try (Stream<Path> list = Files.list(ingest)) {
            files = list.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !f.getFileName().toString().startsWith("."))
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.fits(\\.gz)?"))
                    .sorted().toList();
        }
        List<String> ingested = new ArrayList<>();
        Map<String, String> bad = new LinkedHashMap<>();
        List<String> moved = new ArrayList<>();
        Set<List<String>> groups = new LinkedHashSet<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!EventFiles.isEventFile(file)) {
                moved.add(name);
                AtomicFiles.moveInto(file, filesystemFolder(headerValue(file, "TARGNAME"), headerValue(file, "INSTRUME")));
                continue;
            }
            EventFile events;
            try {
                events = EventFiles.read(file);
            } catch (EventFiles.Unreadable unreadable) {
                bad.put(name, unreadable.getMessage());
                toBadData(file, unreadable.getMessage());
                continue;
            }
            Optional<String> problem = quality.problem(events);
            if (problem.isPresent()) {
                bad.put(name, problem.get());
                toBadData(file, problem.get());
                continue;
            }
            ingest(file, events);
            ingested.add(name);
            groups.add(List.of(events.target(), events.instrument(), events.grating(), events.cenwave()));
        }
        List<LightcurveReady> composites = new ArrayList<>();
        for (List<String> group : groups) {
            composites.add(composite(group.get(0), group.get(1), group.get(2), group.get(3)));
        }
        if (!files.isEmpty()) {
            LOG.info("Time-tag ingest: {} ingested, {} bad, {} other files filed, {} composite(s) rebuilt", ingested.size(), bad.size(), moved.size(),
                    composites.size());
        }
        return new Result(ingested, bad, moved, composites);
    }

    private void ingest(Path file, EventFile events) throws IOException {
        String hash = Checksums.sha256(file);
        BinnedLightcurve lc = binner.bin(events);
        String stem = safe(events.rootname()) + (events.segment().isEmpty() ? "" : "_" + safe(events.segment())) + "_lc";
        Path outputs = config.outputsDir().resolve(safe(events.target()));
        Map<String, Object> meta = metadata(events);
        meta.put("input_file", file.getFileName().toString());
        meta.put("input_sha256", hash);
        List<Path> products = TimetagProducts.write(outputs, stem, filter(events), lc, meta);
        Path kept = keep(file, hash, filesystemFolder(events.target(), events.instrument()));
        ledger.recordExposure(new TimetagLedger.Exposure(file.getFileName().toString(), events.rootname(), events.target(), events.instrument(),
                events.detector(), events.grating(), events.cenwave(), events.segment(), events.exptime(), events.expstartMjd(), events.events(),
                lc.size(), kept.toString(), products.get(1).toString(), hash));
    }

    /** Moves the file into the filesystem folder; where an identical copy is already there, the ingest copy is removed. */
    private static Path keep(Path file, String hash, Path folder) throws IOException {
        Path target = folder.resolve(file.getFileName().toString());
        if (Files.isRegularFile(target) && Checksums.sha256(target).equals(hash)) {
            Files.delete(file);
            return target;
        }
        return AtomicFiles.moveInto(file, folder);
    }

    /** Rebuilds one group's composite from its exposures' files (binned again: the binning is the one place that knows how). */
    public LightcurveReady composite(String target, String instrument, String grating, String cenwave) throws IOException {
        List<BinnedLightcurve> parts = new ArrayList<>();
        List<Map<String, Object>> inputs = new ArrayList<>();
        double exposure = 0;
        for (TimetagLedger.Exposure e : ledger.group(target, instrument, grating, cenwave)) {
            Path file = Path.of(e.path());
            try {
                parts.add(binner.bin(EventFiles.read(file)));
            } catch (EventFiles.Unreadable unreadable) {
                throw new IOException(file + " was ingested but cannot be read now: " + unreadable.getMessage());
            }
            exposure += e.exptime();
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("file", e.fileName());
            input.put("sha256", e.contentHash());
            input.put("exptime", e.exptime());
            input.put("expstart_mjd", e.expstartMjd());
            inputs.add(input);
        }
        BinnedLightcurve composite = TimetagProducts.concatenate(parts, config.binSeconds());
        String subset = safe(grating) + "_" + safe(cenwave);
        Path folder = config.compositeDir().resolve(safe(target)).resolve(safe(instrument)).resolve(subset);
        String stem = Dataset.lightcurveStem(safe(target), subset);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("target", target);
        meta.put("instrument", instrument);
        meta.put("grating", grating);
        meta.put("cenwave", cenwave);
        meta.put("bin_seconds", config.binSeconds());
        meta.put("exposure_seconds", exposure);
        meta.put("software_version", softwareVersion);
        meta.put("input_files", inputs.stream().map(i -> i.get("file")).toList());
        List<Path> products = new ArrayList<>(TimetagProducts.write(folder, stem, subset, composite, meta));
        Map<String, Object> provenance = new LinkedHashMap<>(meta);
        provenance.put("inputs", inputs);
        Path manifest = TimetagProducts.provenance(folder, provenance, products);
        products.add(manifest);
        Path csv = products.stream().filter(p -> p.getFileName().toString().endsWith("_lc.csv")).findFirst().orElseThrow();
        return new LightcurveReady(Dataset.of(folder), target, subset, csv, products, manifest);
    }

    private void toBadData(Path file, String reason) throws IOException {
        LOG.warn("Bad time-tag data {}: {}", file.getFileName(), reason);
        Path kept = AtomicFiles.moveInto(file, config.badDataDir());
        ledger.recordBadData(file.getFileName().toString(), reason, kept.toString());
    }

    private Path filesystemFolder(String target, String instrument) {
        return config.filesystemDir().resolve(safe(target)).resolve(safe(instrument));
    }

    private static Map<String, Object> metadata(EventFile e) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("target", e.target());
        meta.put("instrument", e.instrument());
        meta.put("detector", e.detector());
        meta.put("grating", e.grating());
        meta.put("cenwave", e.cenwave());
        meta.put("segment", e.segment());
        meta.put("rootname", e.rootname());
        meta.put("exptime", e.exptime());
        meta.put("expstart_mjd", e.expstartMjd());
        meta.put("events", e.events());
        return meta;
    }

    private static String filter(EventFile e) {
        return safe(e.grating()) + "_" + safe(e.cenwave());
    }

    private static String safe(String text) {
        return SafeNames.of(text).orElse("UNKNOWN");
    }

    private static String headerValue(Path file, String key) {
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits(file.toFile())) {
            String value = fits.getHDU(0).getHeader().getStringValue(key);
            return value == null || value.isBlank() ? "UNKNOWN" : value.trim();
        } catch (IOException | RuntimeException e) {
            return "UNKNOWN";
        }
    }
}
