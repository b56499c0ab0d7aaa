package io.skyroute.sources.dropbox;

import io.skyroute.sources.FrameSource;
import io.skyroute.sources.SourceRoutes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A survey release on a Dropbox shared link as a {@link FrameSource}: the release is listed (every
 * folder, every page); a file new or changed (by Dropbox's content hash) is fetched and verified into
 * {@code <data_dir>/downloads/dropbox/<release path>}; FITS images go on to sorting with the survey field
 * (the file name up to its first dot) and epoch (the {@code EPOCHnn} folder) as headers for the rules.
 */
public final class DropboxSource implements FrameSource {

    public static final String NAME = "dropbox";
    /** Runs one pass now. */
    public static final String PASS = SourceRoutes.passOf(NAME);
    public static final String SURVEY_FIELD = "SkyrouteSurveyField";
    public static final String SURVEY_EPOCH = "SkyrouteSurveyEpoch";

    private final ReleaseClient client;
    private final Predicate<ReleaseFile> wanted;
    private final Path downloads;

    public DropboxSource(ReleaseClient client, Predicate<ReleaseFile> wanted, Path downloads) {
        this.client = client;
        this.wanted = wanted;
        this.downloads = downloads.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Item> list(String feed, boolean reconcile) throws IOException {
        return client.list("").stream().filter(wanted)
                .map(f -> new Item(NAME, f.path(), f.contentHash() == null ? "" : f.contentHash(), f.name(), "Dropbox release file " + f.path(), f))
                .toList();
    }

    @Override
    public Fetched fetch(Item item) throws IOException {
        ReleaseFile file = (ReleaseFile) item.detail();
        Path target = file.under(downloads);
        Files.createDirectories(target.getParent());
        String hash = ReleaseDownloader.fetchOnce(client, file, target);
        return new Fetched(target, hash);
    }

    @Override
    public boolean isFrame(Item item, Fetched fetched) {
        return fetched.path().getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.fits(\\.fz)?$");
    }

    @Override
    public Map<String, Object> headers(Item item) {
        ReleaseFile file = (ReleaseFile) item.detail();
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(SURVEY_FIELD, file.name().contains(".") ? file.name().substring(0, file.name().indexOf('.')) : file.name());
        java.util.Arrays.stream(file.path().split("/")).filter(p -> p.toUpperCase(Locale.ROOT).startsWith("EPOCH")).findFirst()
                .ifPresent(epoch -> headers.put(SURVEY_EPOCH, epoch));
        return headers;
    }
}
