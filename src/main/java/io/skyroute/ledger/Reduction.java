package io.skyroute.ledger;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** One reduction run of a dataset, with its provenance: inputs, outputs, software version, config hash. */
@Entity
@Table(name = "reductions")
public class Reduction {

    public enum Status { RUNNING, SUCCEEDED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "dataset_id", nullable = false)
    private Dataset dataset;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false, length = 32)
    private Status status;

    @Column(nullable = false)
    private String owner;

    @Column(name = "software_version", nullable = false, length = 64)
    private String softwareVersion;

    @Column(name = "config_hash", length = 128)
    private String configHash;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "last_error", length = 4000)
    private String lastError;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "reduction_inputs", joinColumns = @JoinColumn(name = "reduction_id"))
    @Column(name = "frame_id", nullable = false)
    private Set<Long> inputFrameIds = new LinkedHashSet<>();

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "reduction_outputs", joinColumns = @JoinColumn(name = "reduction_id"))
    @Column(name = "path", nullable = false, length = 1024)
    private Set<String> outputs = new LinkedHashSet<>();

    protected Reduction() {
    }

    public Reduction(Dataset dataset, String owner, String softwareVersion, String configHash) {
        this.dataset = dataset;
        this.owner = owner;
        this.softwareVersion = softwareVersion;
        this.configHash = configHash;
        this.status = Status.RUNNING;
        this.startedAt = Instant.now();
    }

    public void finish(Status outcome, String error) {
        this.status = outcome;
        this.finishedAt = Instant.now();
        this.lastError = Text.clip(error, 4000);
    }

    public Long getId() { return id; }
    public Dataset getDataset() { return dataset; }
    public Status getStatus() { return status; }
    public String getOwner() { return owner; }
    public String getSoftwareVersion() { return softwareVersion; }
    public String getConfigHash() { return configHash; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public String getLastError() { return lastError; }
    public Set<Long> getInputFrameIds() { return inputFrameIds; }
    public Set<String> getOutputs() { return outputs; }
}
