package io.skyroute.ledger;

import jakarta.persistence.EntityManager;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frame list as a Camel idempotent repository over the {@code frames} table. A key is
 * {@code source|natural id|checksum} ({@link #key}). {@link #add} admits a frame when it is
 * <ul>
 * <li>unknown (a DISCOVERED row is inserted),</li>
 * <li>known with another checksum (the file changed upstream: reprocess),</li>
 * <li>known but never finished and not being worked on by this process (a crash left it), or</li>
 * <li>FAILED, when the exchange asks for failed frames to be requeued ({@link #REQUEUE_FAILED}, the reconcile route).</li>
 * </ul>
 * Admission counts the first attempt in {@code tries} (retries count their own). {@link #remove} does not
 * forget the frame: a failure is recorded on the row (FAILED) by the error policy, so a broken frame is
 * not refetched every poll.
 */
public class FrameListRepository extends ServiceSupport implements IdempotentRepository {

    /** Exchange property: when true, FAILED frames are admitted again. */
    public static final String REQUEUE_FAILED = "SkyrouteRequeueFailed";

    private final LedgerDatabase database;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public FrameListRepository(LedgerDatabase database) {
        this.database = database;
    }

    public static String key(String source, String naturalId, String checksum) {
        return source + "|" + naturalId + "|" + (checksum == null ? "" : checksum);
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        boolean requeueFailed = exchange != null && exchange.getProperty(REQUEUE_FAILED, false, Boolean.class);
        return admit(key, requeueFailed);
    }

    @Override
    public boolean add(String key) {
        return admit(key, false);
    }

    private boolean admit(String key, boolean requeueFailed) {
        Key k = Key.parse(key);
        String identity = k.source + "|" + k.naturalId;
        if (!inFlight.add(identity)) {
            return false; // this process is already working on it
        }
        boolean admitted;
        try {
            admitted = admitInLedger(k, requeueFailed);
        } catch (RuntimeException raceLost) {
            // another writer inserted the same frame between our read and insert: it is theirs
            admitted = false;
        }
        if (!admitted) {
            inFlight.remove(identity);
        }
        return admitted;
    }

    private boolean admitInLedger(Key k, boolean requeueFailed) {
        return database.inTransaction(em -> {
            Optional<Frame> existing = FrameLedger.find(em, k.source, k.naturalId);
            if (existing.isEmpty()) {
                Frame frame = new Frame(k.source, k.naturalId, k.naturalId, k.checksum, FrameStatus.DISCOVERED);
                frame.incrementTries(); // the first attempt starts now
                em.persist(frame);
                em.flush();
                return true;
            }
            Frame frame = existing.get();
            boolean admit = false;
            if (!k.checksum.equals(frame.getChecksum() == null ? "" : frame.getChecksum())) {
                frame.setChecksum(k.checksum);
                frame.setLastError(null);
                admit = true;
            } else if (frame.getStatus() == FrameStatus.DISCOVERED) {
                admit = true; // left unfinished by an earlier run
            } else if (frame.getStatus() == FrameStatus.FAILED && requeueFailed) {
                admit = true;
            }
            if (admit) {
                frame.setStatus(FrameStatus.DISCOVERED);
                frame.incrementTries();
            }
            return admit;
        });
    }

    @Override
    public boolean contains(String key) {
        Key k = Key.parse(key);
        return database.inTransaction((EntityManager em) -> FrameLedger.find(em, k.source, k.naturalId)
                .map(f -> k.checksum.equals(f.getChecksum() == null ? "" : f.getChecksum()))
                .orElse(false));
    }

    /** The work on this frame has ended (landed, or failed and recorded): it may be admitted again later. */
    @Override
    public boolean confirm(String key) {
        Key k = Key.parse(key);
        inFlight.remove(k.source + "|" + k.naturalId);
        return true;
    }

    /** Not forgetting: the row stays (its status says what happened); only the in-flight mark goes. */
    @Override
    public boolean remove(String key) {
        return confirm(key);
    }

    @Override
    public void clear() {
        inFlight.clear();
    }

    private record Key(String source, String naturalId, String checksum) {
        static Key parse(String key) {
            String[] parts = key.split("\\|", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("frame-list key must be source|id|checksum, got " + key);
            }
            return new Key(parts[0], parts[1], parts[2]);
        }
    }
}
