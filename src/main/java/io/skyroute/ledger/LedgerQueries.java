package io.skyroute.ledger;

import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Read-only summaries of the ledger. */
public final class LedgerQueries {

    private final LedgerDatabase database;

    public LedgerQueries(LedgerDatabase database) {
        this.database = database;
    }

    public LedgerStatus status() {
        return database.inTransaction(em -> new LedgerStatus(
                countBy(em, "select f.status, count(f) from Frame f group by f.status", FrameStatus.class),
                count(em, "select count(d) from Dataset d"),
                em.createQuery("select count(d) from Dataset d where d.lockOwner is not null and d.lockExpiresAt > :now", Long.class)
                        .setParameter("now", Instant.now()).getSingleResult(),
                countBy(em, "select r.status, count(r) from Reduction r group by r.status", Reduction.Status.class),
                countBy(em, "select u.status, count(u) from Upload u group by u.status", Upload.Status.class),
                count(em, "select count(d) from DeadLetter d"),
                needingAttention(em)));
    }

    /** When the oldest lease still held was taken, if any is held. */
    public java.util.Optional<Instant> oldestLiveLease() {
        return database.inTransaction(em -> {
            Object oldest = em.createNativeQuery("SELECT MIN(lock_acquired_at) FROM datasets WHERE lock_owner IS NOT NULL AND lock_expires_at > ?",
                    java.time.OffsetDateTime.class).setParameter(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).getSingleResult();
            return java.util.Optional.ofNullable((java.time.OffsetDateTime) oldest).map(java.time.OffsetDateTime::toInstant);
        });
    }

    /** Dead letters not yet sent back by an operator. */
    public long openDeadLetters() {
        return database.inTransaction(em -> count(em, "select count(d) from DeadLetter d where d.retriedAt is null"));
    }

    /** The datasets that need attention, oldest first. */
    public List<LedgerStatus.Attention> needingAttention() {
        return database.inTransaction(LedgerQueries::needingAttention);
    }

    private static List<LedgerStatus.Attention> needingAttention(EntityManager em) {
        return em.createQuery("select d from Dataset d where d.attention is not null order by d.attentionSince, d.id", Dataset.class)
                .getResultList().stream().map(d -> new LedgerStatus.Attention(d.getPath(), d.getAttention(), d.getAttentionSince())).toList();
    }

    /** The newest dead letters, newest first. */
    public List<DeadLetter> recentDeadLetters(int limit) {
        return database.inTransaction(em -> em.createQuery("select d from DeadLetter d order by d.createdAt desc, d.id desc", DeadLetter.class)
                .setMaxResults(limit).getResultList());
    }

    private static long count(EntityManager em, String jpql) {
        return em.createQuery(jpql, Long.class).getSingleResult();
    }

    private static <E extends Enum<E>> Map<E, Long> countBy(EntityManager em, String jpql, Class<E> type) {
        Map<E, Long> counts = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            counts.put(value, 0L);
        }
        for (Object[] row : em.createQuery(jpql, Object[].class).getResultList()) {
            counts.put(type.cast(row[0]), (Long) row[1]);
        }
        return counts;
    }
}
