package io.skyroute.tom;

import io.skyroute.ledger.Upload;
import io.skyroute.ledger.UploadLedger;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.pipeline.Checksums;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Delivers a dataset's lightcurve to the TOM exactly once, replacing the version before it
 * (external-apis.md section 3; the seed's upload_lcs_to_tom.py without its flaws):
 * <ol>
 * <li>the version is the file's SHA-256: a version the ledger has DELIVERED is not sent again;</li>
 * <li>the target is the one whose name or alias equals the dataset's target (case-insensitive) among the
 * TOM's substring matches: none or several is a permanent failure, never an upload without a target;</li>
 * <li>a version left UNCERTAIN (sent, answer lost) is first looked for among the target's products by
 * its product id, and only sent again when it is not there;</li>
 * <li>the row is UNCERTAIN while the POST is in flight and DELIVERED after the 201;</li>
 * <li>only then are the earlier versions deleted: those the ledger recorded for this dataset, and products
 * stored under exactly this dataset's file name. Nothing else is ever deleted.</li>
 * <li>earlier versions still on their way are settled too, so none is sent after its successor: one left UNCERTAIN
 * that the TOM holds was delivered (its product is deleted as above, the row REPLACED); one the TOM does not hold,
 * or one still PENDING, is SUPERSEDED.</li>
 * </ol>
 */
public final class TomDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(TomDelivery.class);

    /** What happened: {@code uploaded}, {@code unchanged} or {@code reconciled}; the product holding the version; products deleted. */
    public record Outcome(String action, long productPk, List<Long> deleted) {
    }

    private final TomClient client;
    private final UploadLedger ledger;
    /** One delivery per dataset at a time in this process (the route's redeliveries and tom-retry may meet). */
    private final java.util.concurrent.ConcurrentHashMap<String, Object> datasetLocks = new java.util.concurrent.ConcurrentHashMap<>();

    public TomDelivery(TomClient client, UploadLedger ledger) {
        this.client = client;
        this.ledger = ledger;
    }

    /**
     * @param dataset the dataset folder (its absolute path keys the ledger)
     * @param label   the dataset's unique data label: the file is sent as {@code <label>.csv}
     */
    public Outcome deliver(Path dataset, Path lightcurve, String targetName, String label) {
        String datasetKey = dataset.toAbsolutePath().normalize().toString();
        synchronized (datasetLocks.computeIfAbsent(datasetKey, k -> new Object())) {
            return deliverLocked(datasetKey, lightcurve, targetName, label);
        }
    }

    private Outcome deliverLocked(String datasetKey, Path lightcurve, String targetName, String label) {
        String hash = sha256(lightcurve);
        String uploadName = label + ".csv";
        String productId = label + "-" + hash.substring(0, 16);
        UploadLedger.Entry entry = ledger.version(datasetKey, client.url(), targetName, productId, uploadName, hash);
        if (entry.status() == Upload.Status.DELIVERED) {
            return new Outcome("unchanged", entry.tomProductPk(), List.of());
        }
        TomClient.Target target;
        try {
            target = target(targetName);
        } catch (PermanentFailure e) {
            ledger.mark(entry.id(), Upload.Status.FAILED, null, null, e.getMessage());
            throw e;
        }
        List<TomClient.Product> stored = client.products(target.name());
        String action = "uploaded";
        Long pk = entry.status() == Upload.Status.UNCERTAIN ? find(stored, productId) : null;
        if (pk != null) {
            action = "reconciled";
            LOG.info("{}: the upload whose answer was lost is on the TOM as product {}; not sent again", uploadName, pk);
        } else {
            ledger.attempt(entry.id(), Upload.Status.UNCERTAIN);
            try {
                pk = client.upload(target.id(), lightcurve, uploadName, productId).id();
            } catch (TomClient.UncertainOutcome e) {
                ledger.mark(entry.id(), Upload.Status.UNCERTAIN, target.id(), null, e.getMessage());
                throw e;
            } catch (PermanentFailure e) {
                ledger.mark(entry.id(), Upload.Status.FAILED, target.id(), null, e.getMessage());
                throw e;
            } catch (TransientFailure e) {
                ledger.mark(entry.id(), Upload.Status.PENDING, target.id(), null, e.getMessage());
                throw e;
            }
        }
        ledger.mark(entry.id(), Upload.Status.DELIVERED, target.id(), pk, null);
        return new Outcome(action, pk, replaceEarlier(datasetKey, entry.id(), pk, uploadName, stored));
    }

    private List<Long> replaceEarlier(String datasetKey, long current, long currentPk, String uploadName, List<TomClient.Product> stored) {
        List<Long> deleted = new ArrayList<>();
        for (UploadLedger.Entry earlier : ledger.delivered(datasetKey, client.url(), current)) {
            if (earlier.tomProductPk() != null && earlier.tomProductPk() != currentPk) {
                client.delete(earlier.tomProductPk());
                deleted.add(earlier.tomProductPk());
            }
            ledger.mark(earlier.id(), Upload.Status.REPLACED, null, null, null);
        }
        // a kill or a lost answer mid-POST leaves a version UNCERTAIN; once its successor is delivered it is never sent
        for (UploadLedger.Entry unsettled : ledger.unsettled(datasetKey, client.url(), current)) {
            Long pk = unsettled.status() == Upload.Status.UNCERTAIN ? find(stored, unsettled.productId()) : null;
            if (pk != null && pk != currentPk) {
                client.delete(pk);
                deleted.add(pk);
                ledger.mark(unsettled.id(), Upload.Status.REPLACED, null, pk, null);
            } else {
                ledger.mark(unsettled.id(), Upload.Status.SUPERSEDED, null, null, "a newer version was delivered before this one reached the TOM");
            }
        }
        for (TomClient.Product product : stored) {
            if (product.fileName().equals(uploadName) && product.id() != currentPk && !deleted.contains(product.id())) {
                client.delete(product.id());
                deleted.add(product.id());
            }
        }
        return deleted;
    }

    private TomClient.Target target(String name) {
        List<TomClient.Target> candidates = client.targets(name);
        String wanted = name.toLowerCase(Locale.ROOT);
        List<TomClient.Target> exact = candidates.stream()
                .filter(t -> t.name().toLowerCase(Locale.ROOT).equals(wanted)
                        || t.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(wanted)))
                .toList();
        if (exact.isEmpty()) {
            throw new PermanentFailure("no TOM target is named or aliased '" + name + "'"
                    + (candidates.isEmpty() ? "" : " (the search found only " + candidates.stream().map(TomClient.Target::name).toList() + ")"));
        }
        if (exact.size() > 1) {
            throw new PermanentFailure("TOM target '" + name + "' is ambiguous: " + exact.stream()
                    .map(t -> t.name() + " (id " + t.id() + ")").toList());
        }
        return exact.get(0);
    }

    private static Long find(List<TomClient.Product> stored, String productId) {
        return stored.stream().filter(p -> p.productId().equals(productId)).map(TomClient.Product::id).findFirst().orElse(null);
    }

    private static String sha256(Path file) {
        try {
            return Checksums.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
