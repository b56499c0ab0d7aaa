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

    /**
     * The counts {@code status} prints, in plain JDBC: a handful of GROUP BY counts do not need Hibernate, and
     * starting it (~2-3 s in a fresh JVM) was most of {@code skyroute status}'s time.
     */
    public LedgerStatus status() {
        try (java.sql.Connection c = database.dataSource().getConnection()) {
            c.setReadOnly(true);
            java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
            long locked;
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "select count(*) from datasets where lock_owner is not null and lock_expires_at > ?")) {
                ps.setTimestamp(1, now);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getLong(1);
                }
            }
            List<LedgerStatus.Attention> attention = new java.util.ArrayList<>();
            try (java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("select path, attention, attention_since from datasets where attention is not null"
                         + " order by attention_since, id")) {
                while (rs.next()) {
                    java.sql.Timestamp since = rs.getTimestamp(3);
                    attention.add(new LedgerStatus.Attention(rs.getString(1), rs.getString(2), since == null ? null : since.toInstant()));
                }
            }
            return new LedgerStatus(countBy(c, "frames", FrameStatus.class), count(c, "select count(*) from datasets"), locked,
                    countBy(c, "reductions", Reduction.Status.class), countBy(c, "uploads", Upload.Status.class),
                    count(c, "select count(*) from dead_letters"), attention);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the ledger's counts: " + e.getMessage(), e);
        }
    }

    /** The newest dead letters (time, route, reason, what it was about), newest first, in plain JDBC. */
    public List<LedgerStatus.RecentDeadLetter> recentDeadLetterRows(int limit) {
        List<LedgerStatus.RecentDeadLetter> out = new java.util.ArrayList<>();
        try (java.sql.Connection c = database.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("select created_at, route_id, reason, payload_ref from dead_letters"
                     + " order by created_at desc, id desc")) {
            ps.setMaxRows(Math.max(0, limit));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    out.add(new LedgerStatus.RecentDeadLetter(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the dead letters: " + e.getMessage(), e);
        }
        return out;
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static <E extends Enum<E>> Map<E, Long> countBy(java.sql.Connection c, String table, Class<E> type) throws java.sql.SQLException {
        Map<E, Long> counts = new EnumMap<>(type);
        for (E value : type.getEnumConstants()) {
            counts.put(value, 0L);
        }
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("select status, count(*) from " + table
                + " group by status")) {
            while (rs.next()) {
                counts.put(Enum.valueOf(type, rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
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
