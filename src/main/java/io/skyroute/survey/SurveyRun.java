package io.skyroute.survey;

import io.skyroute.ledger.Frame;
import io.skyroute.ledger.FrameLedger;
import io.skyroute.ledger.FrameStatus;
import io.skyroute.ledger.SurveyLedger;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.pipeline.SafeNames;
import io.skyroute.sources.surveys.SurveyAdapter;
import io.skyroute.sources.surveys.SurveyTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The steps of a survey run for one job, each skipping what is done: the raw data (kept once per source and
 * survey in {@code <data_dir>/surveys/<SURVEY>/RA<deg>/<name>/}, recorded in the frame list — "no data" too —
 * so no project asks twice), and the reduction for this project version (recorded after its lightcurves were
 * published, so a run killed in between reduces and publishes them again, and analysis skips unchanged files).
 */
public final class SurveyRun {

    private final Map<String, SurveyAdapter> surveys;
    private final Path rawRoot;
    private final FrameLedger frames;
    private final SurveyLedger products;
    private final SurveyReduction reduction;

    public SurveyRun(Map<String, SurveyAdapter> surveys, Path rawRoot, FrameLedger frames, SurveyLedger products, SurveyReduction reduction) {
        this.surveys = Map.copyOf(surveys);
        this.rawRoot = rawRoot;
        this.frames = frames;
        this.products = products;
        this.reduction = reduction;
    }

    /** The folder a source's raw data of a survey is kept in. */
    public Path rawFolder(SurveyJob job) {
        SurveyTarget t = job.target();
        return rawRoot.resolve(job.survey()).resolve("RA" + (int) Math.floor(t.ra()))
                .resolve(SafeNames.of(t.name()).orElse("source") + String.format(Locale.ROOT, "_%.5f_%+.5f", t.ra(), t.dec()));
    }

    /**
     * Whether the raw data is kept already: the frame list says so, or the folder's completion marker does (a
     * run killed between keeping the files and recording them records them now instead of asking again).
     */
    public boolean hasRaw(SurveyJob job) {
        try {
            return rawKept(job);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the raw folder of " + job.target().name(), e);
        }
    }

    private boolean rawKept(SurveyJob job) throws IOException {
        if (frames.find(source(job), job.target().key()).filter(f -> f.getStatus() == FrameStatus.DOWNLOADED
                || f.getStatus() == FrameStatus.SORTED).isPresent()) {
            return true;
        }
        Path marker = rawFolder(job).resolve(COMPLETE);
        if (Files.isRegularFile(marker)) {
            frames.recordLanded(source(job), job.target().key(), rawFolder(job).getFileName().toString(), Files.readString(marker).trim(),
                    rawFolder(job).toString());
            return true;
        }
        return false;
    }

    /** Written (atomically) once every raw file of a job is in place, before the frame list records it. */
    static final String COMPLETE = ".raw-complete";

    /** Asks the survey and keeps what it gives; returns true when it had data. */
    public boolean fetch(SurveyJob job) throws Exception {
        Path folder = rawFolder(job);
        Files.createDirectories(folder);
        SurveyAdapter.Raw raw = surveys.get(job.survey()).fetch(job.target(), folder);
        String checksum = raw.empty() ? "empty" : "files:" + raw.files().size();
        io.skyroute.pipeline.AtomicFiles.write(new java.io.ByteArrayInputStream(checksum.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                folder.resolve(COMPLETE));
        frames.recordLanded(source(job), job.target().key(), folder.getFileName().toString(), checksum, folder.toString());
        return !raw.empty();
    }

    public boolean reduced(SurveyJob job, Path projectFolder) {
        return products.reduced(projectFolder.toString(), job.target().key(), job.survey());
    }

    /** The job's lightcurves in this project folder (none when the survey had no data). */
    public List<LightcurveReady> reduce(SurveyJob job, Path projectFolder) throws IOException {
        Path folder = rawFolder(job);
        List<Path> raw;
        if (!Files.isDirectory(folder)) {
            raw = List.of();
        } else {
            try (Stream<Path> files = Files.list(folder)) {
                raw = files.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")).sorted().toList();
            }
        }
        if (job.survey().equals("ZTF") && raw.stream().allMatch(this::headerOnly)) {
            raw = List.of();
        }
        return reduction.reduce(job.target(), job.survey(), raw, projectFolder);
    }

    private boolean headerOnly(Path csv) {
        try (Stream<String> lines = Files.lines(csv)) {
            return lines.filter(l -> !l.isBlank()).count() <= 1;
        } catch (IOException e) {
            return false;
        }
    }

    public void markReduced(SurveyJob job, Path projectFolder, int lightcurves) {
        products.markReduced(projectFolder.toString(), job.target().key(), job.survey(), lightcurves);
    }

    public Optional<Frame> rawRecord(SurveyJob job) {
        return frames.find(source(job), job.target().key());
    }

    static String source(SurveyJob job) {
        return job.survey().toLowerCase(Locale.ROOT);
    }
}
