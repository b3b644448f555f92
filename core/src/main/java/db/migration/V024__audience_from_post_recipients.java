package db.migration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 22: the copies recorded before the audience record (a gzipped, sorted list of addresses
 * per post and list in {@code post_recipients}) become {@code post_audience} rows, with each
 * representative's organisation as of the upgrade; then the old table goes. A Java migration
 * because the addresses are compressed. Re-runnable: rows are inserted with INSERT IGNORE.
 */
public class V024__audience_from_post_recipients extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (PreparedStatement insert = c.prepareStatement("INSERT IGNORE INTO post_audience (seq, list_id, "
                + "representative_id, organisation_id, via) SELECT ?, ?, r.id, r.organisation_id, 'copy' FROM representative r "
                + "WHERE r.email = ?");
             Statement read = c.createStatement();
             ResultSet rs = read.executeQuery("SELECT seq, list_id, recipients FROM post_recipients ORDER BY seq")) {
            int batched = 0;
            while (rs.next()) {
                for (String email : unpack(rs.getBytes(3))) {
                    insert.setLong(1, rs.getLong(1));
                    insert.setLong(2, rs.getLong(2));
                    insert.setString(3, email.toLowerCase(Locale.ROOT));
                    insert.addBatch();
                    if (++batched % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        try (Statement drop = c.createStatement()) {
            drop.execute("DROP TABLE post_recipients");
        }
    }

    private static String[] unpack(byte[] packed) throws SQLException {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            String all = new String(gz.readAllBytes(), StandardCharsets.UTF_8);
            return all.isEmpty() ? new String[0] : all.split("\n");
        } catch (IOException e) {
            throw new SQLException("post_recipients holds a list that cannot be read", e);
        }
    }
}
