package io.skyroute.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;


/** One row of the frame list: a frame known by its source and the source's own id for it. */
@Entity
@Table(name = "frames")
public class Frame extends Timestamped {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String source;

    @Column(name = "natural_id", nullable = false, length = 512)
    private String naturalId;

    @Column(name = "file_name", nullable = false, length = 512)
    private String fileName;

    @Column(length = 128)
    private String checksum;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private FrameStatus status;

    @Column(nullable = false)
    private int tries;

    @Column(name = "last_error", length = 4000)
    private String lastError;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "dataset_id")
    private Dataset dataset;

    /** Where the file is now (download folder, dataset, quarantine). */
    @Column(length = 1024)
    private String path;

    @Column(name = "sort_rule", length = 128)
    private String sortRule;

    @Column(name = "sort_reason", length = 1000)
    private String sortReason;

    protected Frame() {
    }

    public Frame(String source, String naturalId, String fileName, String checksum, FrameStatus status) {
        this.source = source;
        this.naturalId = naturalId;
        this.fileName = fileName;
        this.checksum = checksum;
        this.status = status;
    }

    public Long getId() { return id; }
    public String getSource() { return source; }
    public String getNaturalId() { return naturalId; }
    public String getFileName() { return fileName; }
    public void setFileName(String fileName) { this.fileName = fileName; }
    public String getChecksum() { return checksum; }
    public void setChecksum(String checksum) { this.checksum = checksum; }
    public FrameStatus getStatus() { return status; }
    public void setStatus(FrameStatus status) { this.status = status; }
    public int getTries() { return tries; }
    public void incrementTries() { tries++; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = Text.clip(lastError, 4000); }
    public Dataset getDataset() { return dataset; }
    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public String getSortRule() { return sortRule; }
    public String getSortReason() { return sortReason; }
    public void setSortDecision(String rule, String reason) { this.sortRule = rule; this.sortReason = Text.clip(reason, 1000); }
    public void setDataset(Dataset dataset) { this.dataset = dataset; }
}
