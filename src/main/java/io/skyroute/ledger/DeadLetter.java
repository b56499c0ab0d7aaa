package io.skyroute.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;

import java.time.Instant;

/** A unit of work given up on: which route, why, and where its payload was put (quarantine path, URL). */
@Entity
@Table(name = "dead_letters")
public class DeadLetter {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "route_id", nullable = false, length = 128)
    private String routeId;

    @Column(nullable = false, length = 4000)
    private String reason;

    @Column(name = "payload_ref", length = 1024)
    private String payloadRef;

    @Column(name = "exchange_id", length = 128)
    private String exchangeId;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "frame_id")
    private Frame frame;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "retried_at")
    private Instant retriedAt;

    protected DeadLetter() {
    }

    public DeadLetter(String routeId, String reason, String payloadRef, String exchangeId, Frame frame) {
        this.routeId = routeId;
        this.reason = Text.clip(reason == null ? "(no reason given)" : reason, 4000);
        this.payloadRef = Text.clip(payloadRef, 1024);
        this.exchangeId = exchangeId;
        this.frame = frame;
    }

    @PrePersist
    void onCreate() {
        createdAt = Instant.now();
    }

    public Long getId() { return id; }
    public String getRouteId() { return routeId; }
    public String getReason() { return reason; }
    public String getPayloadRef() { return payloadRef; }
    public String getExchangeId() { return exchangeId; }
    public Frame getFrame() { return frame; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getRetriedAt() { return retriedAt; }
    void markRetried(Instant when) { this.retriedAt = when; }
}
