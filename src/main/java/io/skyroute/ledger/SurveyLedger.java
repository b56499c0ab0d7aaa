package io.skyroute.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Which project version has reduced (and published) which source's survey data: what a resumed run skips. */
public final class SurveyLedger {

    private final LedgerDatabase database;

    public SurveyLedger(LedgerDatabase database) {
        this.database = database;
    }

    public boolean reduced(String projectFolder, String sourceKey, String survey) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from survey_products where project_folder = ? and source_key = ? and survey = ?")) {
            ps.setString(1, projectFolder);
            ps.setString(2, sourceKey);
            ps.setString(3, survey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read survey_products: " + e.getMessage(), e);
        }
    }

    public void markReduced(String projectFolder, String sourceKey, String survey, int lightcurves) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("delete from survey_products where project_folder = ? and source_key = ? and survey = ?");
                 PreparedStatement insert = c.prepareStatement("insert into survey_products (project_folder, source_key, survey, lightcurves, reduced_at)"
                         + " values (?, ?, ?, ?, ?)")) {
                delete.setString(1, projectFolder);
                delete.setString(2, sourceKey);
                delete.setString(3, survey);
                delete.executeUpdate();
                insert.setString(1, projectFolder);
                insert.setString(2, sourceKey);
                insert.setString(3, survey);
                insert.setInt(4, lightcurves);
                insert.setTimestamp(5, Timestamp.from(Instant.now()));
                insert.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write survey_products: " + e.getMessage(), e);
        }
    }
}
