package io.skyroute.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A reduction directory {@code <TARGET>/<instrument class>/<filter>} and the lease of whoever is reducing it. */
@Entity
@Table(name = "datasets")
public class Dataset extends Timestamped {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 1024)
    private String path;

    @Column(nullable = false)
    private String target;

    @Column(nullable = false, length = 64)
    private String instrument;

    @Column(name = "filter_name", nullable = false, length = 64)
    private String filter;

    @Column(name = "lock_owner")
    private String lockOwner;

    @Column(name = "lock_expires_at")
    private Instant lockExpiresAt;

    @Column(name = "attention", length = 2000)
    private String attention;

    @Column(name = "attention_since")
    private Instant attentionSince;

    protected Dataset() {
    }

    public Dataset(String path, String target, String instrument, String filter) {
        this.path = path;
        this.target = target;
        this.instrument = instrument;
        this.filter = filter;
    }

    /** True while a lease is held and has not expired at {@code now}. */
    public boolean isLockedAt(Instant now) {
        return lockOwner != null && lockExpiresAt != null && lockExpiresAt.isAfter(now);
    }

    public Long getId() { return id; }
    public String getPath() { return path; }
    public String getTarget() { return target; }
    public String getInstrument() { return instrument; }
    public String getFilter() { return filter; }
    public String getLockOwner() { return lockOwner; }
    public Instant getLockExpiresAt() { return lockExpiresAt; }
    /** Why the dataset needs attention (its last lightcurve failed its own checks), or null. */
    public String getAttention() { return attention; }
    public Instant getAttentionSince() { return attentionSince; }
    public void setLock(String owner, Instant expiresAt) { this.lockOwner = owner; this.lockExpiresAt = expiresAt; }
}
