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


/** A lightcurve delivered (or being delivered) to a TOM: which dataset, which TOM product, which content. */
@Entity
@Table(name = "uploads")
public class Upload extends Timestamped {

    /**
     * REPLACED: delivered, then a newer version took its place on the TOM; SUPERSEDED: never on the TOM (sent and not
     * found there, or not sent yet) when a newer version was delivered, so it is not sent any more.
     */
    public enum Status { PENDING, UNCERTAIN, DELIVERED, REPLACED, SUPERSEDED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "dataset_id", nullable = false)
    private Dataset dataset;

    @Column(name = "tom_url", nullable = false, length = 1024)
    private String tomUrl;

    @Column(name = "tom_target", nullable = false)
    private String tomTarget;

    @Column(name = "tom_target_id")
    private Long tomTargetId;

    @Column(name = "product_id", nullable = false)
    private String productId;

    @Column(name = "tom_product_pk")
    private Long tomProductPk;

    @Column(name = "file_name", nullable = false, length = 512)
    private String fileName;

    @Column(name = "content_hash", nullable = false, length = 128)
    private String contentHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private Status status;

    @Column(nullable = false)
    private int tries;

    @Column(name = "last_error", length = 4000)
    private String lastError;

    protected Upload() {
    }

    public Upload(Dataset dataset, String tomUrl, String tomTarget, String productId, String fileName, String contentHash) {
        this.dataset = dataset;
        this.tomUrl = tomUrl;
        this.tomTarget = tomTarget;
        this.productId = productId;
        this.fileName = fileName;
        this.contentHash = contentHash;
        this.status = Status.PENDING;
    }

    public Long getId() { return id; }
    public Dataset getDataset() { return dataset; }
    public String getTomUrl() { return tomUrl; }
    public String getTomTarget() { return tomTarget; }
    public Long getTomTargetId() { return tomTargetId; }
    public void setTomTargetId(Long tomTargetId) { this.tomTargetId = tomTargetId; }
    public String getProductId() { return productId; }
    public Long getTomProductPk() { return tomProductPk; }
    public void setTomProductPk(Long tomProductPk) { this.tomProductPk = tomProductPk; }
    public String getFileName() { return fileName; }
    public String getContentHash() { return contentHash; }
    public Status getStatus() { return status; }
    public void setStatus(Status status) { this.status = status; }
    public int getTries() { return tries; }
    public void incrementTries() { tries++; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = Text.clip(lastError, 4000); }
}
