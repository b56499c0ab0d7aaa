package io.skyroute.sources.local;

import io.skyroute.ledger.Frame;
import io.skyroute.ledger.FrameLedger;
import io.skyroute.ledger.FrameStatus;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.SafeNames;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Checksums;
import io.skyroute.pipeline.Handoffs;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Lands dropped files in {@code <download dir>/local/} and records them in the frame list. The move comes
 * first and is remembered on the exchange, so a retry after a failed ledger write records the file where
 * it now is; a file moved but never recorded (the ledger away until the retries ran out, a stop between
 * the two steps) is found by {@link #unrecorded()}, which route {@code local-recover} runs at start and
 * periodically. Anything but a regular, non-empty file is refused: the error policy quarantines it.
 */
final class LocalLanding {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLanding.class);

    /** Exchange property: where this exchange's file was moved (set before the ledger write). */
    static final String LANDED_AT = "SkyrouteLandedAt";

    private final Path landingFolder;
    private final FrameLedger ledger;
    /** Files moved by a drop exchange and not yet recorded: the recovery leaves them to it. */
    private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();

    LocalLanding(Path landingFolder, FrameLedger ledger) {
        this.landingFolder = landingFolder.toAbsolutePath().normalize();
        this.ledger = ledger;
    }

    Path landingFolder() {
        return landingFolder;
    }

    /** Route local-drop: the dropped file (the exchange's body) moved into the landing folder and recorded. */
    void land(Exchange exchange) throws IOException {
        Path landed = exchange.getProperty(LANDED_AT, Path.class);
        if (landed == null) {
            Path dropped = exchange.getIn().getBody(java.io.File.class).toPath();
            refuseUnlessRegularAndNonEmpty(dropped);
            String name = dropped.getFileName().toString();
            String safe = SafeNames.ofFile(name).orElseThrow(() -> new PermanentFailure(dropped + ": its name has nothing usable left once made safe"));
            if (!safe.equals(name)) {
                LOG.warn("{} from the drop folder is taken as {}: its name held characters that could break a path, a table row or a log line",
                        DropFolderFilter.printable(name), safe);
            }
            landed = landingFolder.resolve(safe);
            inFlight.add(landed);
            landed = AtomicFiles.moveInto(dropped, landingFolder, safe);
            exchange.setProperty(LANDED_AT, landed);
        }
        try {
            record(exchange, landed);
        } finally {
            inFlight.remove(landed);
        }
    }

    /** Route local-recover: records one file found in the landing folder that the frame list lacks. */
    void recover(Exchange exchange) throws IOException {
        Path landed = exchange.getIn().getBody(Path.class);
        LOG.warn("Recovering {}: it was landed from the drop folder but the frame list does not have it", landed);
        record(exchange, landed);
    }

    /** Files in the landing folder that no drop exchange is handling and the frame list does not hold there. */
    List<Path> unrecorded() throws IOException {
        if (!Files.isDirectory(landingFolder)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(landingFolder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || inFlight.contains(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Optional<Frame> known = ledger.find(LocalDropRoutes.SOURCE, name);
                boolean recordedHere = known.isPresent() && known.get().getStatus() == FrameStatus.DOWNLOADED
                        && Objects.equals(known.get().getPath(), file.toString());
                if (!recordedHere) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    private void record(Exchange exchange, Path landed) throws IOException {
        String checksum = Checksums.md5(landed);
        String name = landed.getFileName().toString();
        FrameLedger.Arrival arrival = ledger.recordLanded(LocalDropRoutes.SOURCE, name, name, checksum, landed.toString());
        exchange.getIn().setHeader(Handoffs.PATH, landed.toString());
        exchange.getIn().setHeader(Handoffs.SOURCE, LocalDropRoutes.SOURCE);
        exchange.getIn().setHeader(Handoffs.NATURAL_ID, name);
        exchange.getIn().setHeader(Handoffs.CHECKSUM, checksum);
        exchange.getIn().setHeader(Handoffs.ARRIVAL, arrival.name());
        exchange.getIn().setBody(landed.toFile());
    }

    /** Symbolic links (which would let a dataset reach outside the folders), folders, devices and empty files are refused. */
    private static void refuseUnlessRegularAndNonEmpty(Path dropped) throws IOException {
        if (Files.isSymbolicLink(dropped)) {
            throw new PermanentFailure(dropped + ": a symbolic link, not a file; only regular files are taken from the drop folder");
        }
        if (!Files.isRegularFile(dropped, LinkOption.NOFOLLOW_LINKS)) {
            throw new PermanentFailure(dropped + ": not a regular file; only regular files are taken from the drop folder");
        }
        if (Files.size(dropped) == 0) {
            throw new PermanentFailure(dropped + ": empty (0 bytes) after it stopped growing");
        }
    }
}
