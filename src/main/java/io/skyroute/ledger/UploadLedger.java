package io.skyroute.ledger;

import java.util.List;
import java.util.Optional;

/**
 * The upload ledger: which TOM product holds which version (content hash) of a dataset's lightcurve,
 * and how far its delivery got. Every state change is its own transaction, so a crash leaves the
 * last known state (an UNCERTAIN row means "sent, outcome unknown": reconcile before sending again).
 */
public final class UploadLedger {

    /** A row as the delivery needs it. */
    public record Entry(long id, String datasetPath, String productId, String fileName, String contentHash, Upload.Status status,
                        Long tomProductPk, int tries) {
    }

    private final LedgerDatabase database;

    public UploadLedger(LedgerDatabase database) {
        this.database = database;
    }

    /** The row for this version of the dataset's lightcurve, created PENDING if new; the dataset row is created if missing. */
    public Entry version(String datasetPath, String tomUrl, String target, String productId, String fileName, String contentHash) {
        return database.inTransaction(em -> {
            Dataset dataset = em.createQuery("select d from Dataset d where d.path = :p", Dataset.class).setParameter("p", datasetPath)
                    .getResultStream().findFirst().orElseGet(() -> {
                        java.nio.file.Path p = java.nio.file.Path.of(datasetPath);
                        Dataset created = new Dataset(datasetPath, name(p, 2), name(p, 1), name(p, 0));
                        em.persist(created);
                        return created;
                    });
            Upload upload = em.createQuery("select u from Upload u where u.dataset = :d and u.contentHash = :h", Upload.class)
                    .setParameter("d", dataset).setParameter("h", contentHash).getResultStream().findFirst()
                    .orElseGet(() -> {
                        Upload created = new Upload(dataset, tomUrl, target, productId, fileName, contentHash);
                        em.persist(created);
                        return created;
                    });
            return entry(upload);
        });
    }

    private static String name(java.nio.file.Path path, int fromEnd) {
        int index = path.getNameCount() - 1 - fromEnd;
        return index >= 0 ? path.getName(index).toString() : "";
    }

    /** Counts a try and sets the state (before the work it describes). */
    public void attempt(long id, Upload.Status status) {
        database.inTransactionDo(em -> {
            Upload upload = em.find(Upload.class, id);
            upload.incrementTries();
            upload.setStatus(status);
        });
    }

    public void mark(long id, Upload.Status status, Long targetId, Long productPk, String error) {
        database.inTransactionDo(em -> {
            Upload upload = em.find(Upload.class, id);
            upload.setStatus(status);
            if (targetId != null) {
                upload.setTomTargetId(targetId);
            }
            if (productPk != null) {
                upload.setTomProductPk(productPk);
            }
            upload.setLastError(error);
        });
    }

    /** Earlier DELIVERED versions of the dataset's lightcurve at this TOM: the products a new version replaces. */
    public List<Entry> delivered(String datasetPath, String tomUrl, long exceptId) {
        return earlier(datasetPath, tomUrl, exceptId, List.of(Upload.Status.DELIVERED));
    }

    /** Earlier versions of the dataset's lightcurve at this TOM still on their way (PENDING, or UNCERTAIN: sent, outcome unknown). */
    public List<Entry> unsettled(String datasetPath, String tomUrl, long exceptId) {
        return earlier(datasetPath, tomUrl, exceptId, List.of(Upload.Status.PENDING, Upload.Status.UNCERTAIN));
    }

    private List<Entry> earlier(String datasetPath, String tomUrl, long exceptId, List<Upload.Status> statuses) {
        return database.inTransaction(em -> em.createQuery("select u from Upload u where u.dataset.path = :p and u.tomUrl = :t"
                        + " and u.status in :s and u.id <> :id order by u.id", Upload.class)
                .setParameter("p", datasetPath).setParameter("t", tomUrl).setParameter("s", statuses)
                .setParameter("id", exceptId).getResultStream().map(UploadLedger::entry).toList());
    }

    /** Whether a version of this dataset's lightcurve with this content was ever offered to a TOM (any status). */
    public boolean offered(String datasetPath, String contentHash) {
        return database.inTransaction(em -> em.createQuery("select count(u) from Upload u where u.dataset.path = :p and u.contentHash = :h", Long.class)
                .setParameter("p", datasetPath).setParameter("h", contentHash).getSingleResult()) > 0;
    }

    /** Rows not (yet) delivered: PENDING, UNCERTAIN, or FAILED for a transient reason. */
    public List<Entry> undelivered() {
        return database.inTransaction(em -> em.createQuery("select u from Upload u where u.status in :s order by u.id", Upload.class)
                .setParameter("s", List.of(Upload.Status.PENDING, Upload.Status.UNCERTAIN))
                .getResultStream().map(UploadLedger::entry).toList());
    }

    public Optional<Entry> find(long id) {
        return database.inTransaction(em -> Optional.ofNullable(em.find(Upload.class, id)).map(UploadLedger::entry));
    }

    /** Every row, newest first (for {@code tom status}). */
    public List<Entry> all() {
        return database.inTransaction(em -> em.createQuery("select u from Upload u order by u.id desc", Upload.class)
                .getResultStream().map(UploadLedger::entry).toList());
    }

    private static Entry entry(Upload u) {
        return new Entry(u.getId(), u.getDataset().getPath(), u.getProductId(), u.getFileName(), u.getContentHash(), u.getStatus(),
                u.getTomProductPk(), u.getTries());
    }
}
