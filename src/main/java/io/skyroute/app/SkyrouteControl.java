package io.skyroute.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skyroute.ledger.DatasetLeases;
import io.skyroute.ledger.DeadLetters;
import io.skyroute.ledger.FrameLedger;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.ledger.LedgerStatus;
import io.skyroute.pipeline.AtomicFiles;
import io.skyroute.pipeline.Dataset;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.reduction.ReductionRoutes;
import io.skyroute.sources.SourceRoutes;
import io.skyroute.sources.lco.ArchiveStates;
import io.skyroute.sources.lco.LcoOperations;
import io.skyroute.sources.local.LocalDropRoutes;
import io.skyroute.tom.TomRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's operator controls (see {@link SkyrouteControlMXBean}): each works through the same routes and
 * ledger the daemon uses on its own, and refuses anything outside the configured folders.
 */
public final class SkyrouteControl implements SkyrouteControlMXBean {

    public static final String OBJECT_NAME = "io.skyroute:type=control";
    private static final Logger LOG = LoggerFactory.getLogger(SkyrouteControl.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The folders the controls may touch. */
    record Folders(Path reduction, Path quarantine, Path downloads) {
    }

    private final CamelContext camel;
    private final Map<String, String> sourceOfFeed;
    private final List<String> sources;
    private final Folders folders;
    private final FrameLedger frames;
    private final DeadLetters deadLetters;
    private final DatasetLeases leases;
    private final LedgerQueries queries;
    private ProducerTemplate producer;

    SkyrouteControl(CamelContext camel, Map<String, String> sourceOfFeed, List<String> sources, Folders folders, FrameLedger frames,
                    DeadLetters deadLetters, DatasetLeases leases, LedgerQueries queries) {
        this.camel = camel;
        this.sourceOfFeed = Map.copyOf(sourceOfFeed);
        this.sources = List.copyOf(sources);
        this.folders = new Folders(folders.reduction().toAbsolutePath().normalize(), folders.quarantine().toAbsolutePath().normalize(),
                folders.downloads().toAbsolutePath().normalize());
        this.frames = frames;
        this.deadLetters = deadLetters;
        this.leases = leases;
        this.queries = queries;
    }

    /** One template for the bean's life (made on first use, once the context runs); each send runs on Camel's threads. */
    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }

    /**
     * Registers the controls as {@value #OBJECT_NAME} in the platform MBean server once the context has started,
     * and removes them when it stops.
     */
    static org.apache.camel.CamelConfiguration registeredWith(java.util.function.Function<CamelContext, SkyrouteControl> make) {
        return new Registration(make);
    }

    private record Registration(java.util.function.Function<CamelContext, SkyrouteControl> make) implements org.apache.camel.CamelConfiguration {
        @Override
        public void configure(CamelContext context) throws Exception {
            javax.management.ObjectName name = new javax.management.ObjectName(OBJECT_NAME);
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            context.addStartupListener((camel, alreadyStarted) -> {
                if (!server.isRegistered(name)) {
                    server.registerMBean(make.apply(camel), name);
                }
            });
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    if (server.isRegistered(name)) {
                        server.unregisterMBean(name);
                    }
                }
            }, true, true);
        }
    }

    @Override
    public String listSources() {
        if (sources.isEmpty()) {
            return "no polled source is configured";
        }
        List<String> states = new ArrayList<>();
        for (String source : sources) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(source + "-poll");
            states.add(source + ": " + (status == ServiceStatus.Started ? "polling" : status == null ? "unknown" : status.name().toLowerCase()));
        }
        return String.join("; ", states);
    }

    @Override
    public String pollNow(String source) {
        requireSource(source);
        producer().asyncSendBody(SourceRoutes.passOf(source), null);
        LOG.info("Operator: a pass of {} started now", source);
        return source + ": a pass has started; its report goes to the log";
    }

    @Override
    public String resetArchive(String archive) {
        ArchiveStates states = camel.getRegistry().lookupByNameAndType(LcoOperations.STATES_BEAN, ArchiveStates.class);
        if (states == null) {
            throw new IllegalArgumentException("no LCO archive is configured");
        }
        if (!states.reset(archive)) {
            return archive + ": was not stopped (stopped archives: " + states.failures().keySet() + ")";
        }
        LOG.info("Operator: archive {} reset", archive);
        return archive + ": reset; it is polled again from its next pass";
    }

    @Override
    public String pauseSource(String source) {
        return switchSource(source, true);
    }

    @Override
    public String resumeSource(String source) {
        return switchSource(source, false);
    }

    private String switchSource(String source, boolean pause) {
        requireSource(source);
        List<String> switched = new ArrayList<>();
        try {
            for (Route route : camel.getRoutes()) {
                String id = route.getRouteId();
                if (id.equals(source + "-poll") || id.equals(source + "-reconcile")) {
                    if (pause) {
                        camel.getRouteController().suspendRoute(id);
                    } else {
                        camel.getRouteController().startRoute(id);
                        camel.getRouteController().resumeRoute(id);
                    }
                    switched.add(id);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(source + ": " + (pause ? "could not pause: " : "could not resume: ") + e.getMessage(), e);
        }
        LOG.info("Operator: {} {} ({})", pause ? "paused" : "resumed", source, switched);
        return source + (pause ? ": paused (" : ": resumed (") + String.join(", ", switched) + ")"
                + (pause ? "; a pass already running finishes; resume it or restart the daemon to poll again" : "");
    }

    private void requireSource(String source) {
        if (source == null || !sources.contains(source)) {
            throw new IllegalArgumentException("unknown source '" + source + "'; configured: "
                    + (sources.isEmpty() ? "none" : String.join(", ", sources)));
        }
    }

    @Override
    public String reduceNow(String dataset) {
        Optional<Path> folder = datasetFolder(dataset);
        if (folder.isEmpty()) {
            throw new IllegalArgumentException("'" + dataset + "' is not a dataset folder under " + folders.reduction());
        }
        producer().asyncSendBody(ReductionRoutes.REDUCE, folder.get().toString());
        LOG.info("Operator: reducing {} now", folder.get());
        return Dataset.of(folder.get()).label() + ": reduction started; its outcome goes to the log and the ledger";
    }

    @Override
    public String releaseLease(String dataset) {
        Optional<Path> folder = datasetFolder(dataset);
        if (folder.isEmpty()) {
            throw new IllegalArgumentException("'" + dataset + "' is not a dataset folder under " + folders.reduction());
        }
        Optional<DatasetLeases.Lease> released = leases.forceRelease(Dataset.of(folder.get()).key());
        LOG.warn("Operator: lease of {} released ({})", folder.get(), released.map(l -> "held by " + l.owner()).orElse("none held"));
        return Dataset.of(folder.get()).label() + released.map(l -> ": released the lease held by " + l.owner() + " until " + l.expiresAt())
                .orElse(": no lease was held");
    }

    /** A dataset folder inside the reduction folder (given as TARGET/instrument/filter or a full path), if it is one. */
    private Optional<Path> datasetFolder(String dataset) {
        if (dataset == null || dataset.isBlank()) {
            return Optional.empty();
        }
        Path given = Path.of(dataset);
        Path folder = (given.isAbsolute() ? given : folders.reduction().resolve(given)).toAbsolutePath().normalize();
        if (!folder.startsWith(folders.reduction()) || folder.equals(folders.reduction()) || !Files.isDirectory(folder)) {
            return Optional.empty();
        }
        return Optional.of(folder);
    }

    @Override
    public String retryDeadLetter(long id) {
        DeadLetters.Entry entry = deadLetters.find(id).orElseThrow(() -> new IllegalArgumentException("no dead letter " + id));
        Retried retried = retry(entry);
        if (!retried.done()) {
            throw new IllegalStateException(retried.message());
        }
        return retried.message();
    }

    @Override
    public String retryDeadLetters(String routeId) {
        List<DeadLetters.Entry> open = deadLetters.open(routeId);
        if (open.isEmpty()) {
            return "no dead letter of route '" + routeId + "' waits for a retry";
        }
        List<String> outcomes = new ArrayList<>();
        for (DeadLetters.Entry entry : open) {
            outcomes.add(retry(entry).message());
        }
        return open.size() + " dead letter(s) of " + routeId + ": " + String.join("; ", outcomes);
    }

    /**
     * Sends a dead letter back where it can succeed now: a quarantined file goes back through the landing hand-off
     * (sorting); a frame given up on is queued for its source's next pass, which starts now; a dataset is reduced
     * again; a TOM delivery is sent again. The dead letter is marked retried once it is on its way.
     */
    private record Retried(boolean done, String message) {
    }

    private Retried retry(DeadLetters.Entry entry) {
        String what = "dead letter " + entry.id() + " (" + entry.routeId() + ")";
        if (entry.retriedAt() != null) {
            return new Retried(false, what + " was already retried at " + entry.retriedAt());
        }
        try {
            String done = resend(entry);
            if (done == null) {
                return new Retried(false, what + " has nothing that can be sent again: " + entry.reason());
            }
            if (!deadLetters.markRetried(entry.id())) {
                return new Retried(false, what + " was retried by someone else meanwhile");
            }
            LOG.info("Operator: {} retried: {}", what, done);
            return new Retried(true, what + ": " + done);
        } catch (IOException | RuntimeException e) {
            return new Retried(false, what + " could not be retried: " + e.getMessage());
        }
    }

    private String resend(DeadLetters.Entry entry) throws IOException {
        Path payload = entry.payloadRef() == null ? null : Path.of(entry.payloadRef()).toAbsolutePath().normalize();
        if (payload != null && payload.startsWith(folders.quarantine()) && Files.isRegularFile(payload)) {
            return reland(entry, payload);
        }
        if (entry.frameSource() != null && entry.frameNaturalId() != null) {
            String source = sourceOfFeed.get(entry.frameSource());
            if (source != null && frames.requeue(entry.frameSource(), entry.frameNaturalId())) {
                pollNow(source);
                return "frame " + entry.frameNaturalId() + " queued again; a pass of " + source + " has started";
            }
        }
        if (entry.routeId().startsWith("reduce-") && payload != null && datasetFolder(payload.toString()).isPresent()) {
            return reduceNow(payload.toString());
        }
        if (entry.routeId().startsWith("tom-")) {
            producer().asyncSendBody(TomRoutes.RETRY_NOW, null);
            return "undelivered lightcurves are being sent to the TOM again";
        }
        return null;
    }

    /** A quarantined file back into the download folder and through the landing hand-off, as it first arrived. */
    private String reland(DeadLetters.Entry entry, Path quarantined) throws IOException {
        String feed = entry.frameSource() != null ? entry.frameSource() : LocalDropRoutes.SOURCE;
        String naturalId = entry.frameNaturalId() != null ? entry.frameNaturalId() : quarantined.getFileName().toString();
        Path back = AtomicFiles.moveIntoBesideOthers(quarantined, folders.downloads().resolve("retried"));
        Files.deleteIfExists(AtomicFiles.reasonFileOf(quarantined));
        frames.markDownloaded(feed, naturalId, back.getFileName().toString(), null, back.toString());
        producer().asyncRequestBodyAndHeaders(Handoffs.FRAME_LANDED, back.toFile(), Map.of(Handoffs.PATH, back.toString(),
                Handoffs.SOURCE, feed, Handoffs.NATURAL_ID, naturalId));
        return quarantined.getFileName() + " sent back to sorting from " + back;
    }

    @Override
    public String counts() {
        LedgerStatus status = queries.status();
        ObjectNode doc = JSON.createObjectNode();
        doc.set("frames", JSON.valueToTree(status.framesByStatus()));
        doc.put("datasets", status.datasets());
        doc.put("datasets_leased", status.lockedDatasets());
        doc.set("reductions", JSON.valueToTree(status.reductionsByStatus()));
        doc.set("uploads", JSON.valueToTree(status.uploadsByStatus()));
        doc.put("dead_letters", status.deadLetters());
        doc.put("dead_letters_open", queries.openDeadLetters());
        doc.put("datasets_needing_attention", status.needingAttention().size());
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"" + e.getOriginalMessage() + "\"}";
        }
    }
}
