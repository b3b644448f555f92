package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.infohub.core.indicator.IndicatorClassifier;
import org.infohub.core.indicator.Indicators;
import org.infohub.core.watch.WatchEntry;
import org.infohub.core.watch.WatchMatcher;

/**
 * Issue 22: the indicators archived before classification existed are classified the way new ones
 * are ({@link IndicatorClassifier}), against the member domains and watchlists registered at the
 * upgrade. A Java migration because the classifier and the shipped warning lists are Java and data.
 * Re-runnable: each row is set, not added.
 */
public class V026__classify_indicators extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        Set<String> domains = new HashSet<>();
        List<WatchEntry> entries = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT domain FROM organisation_domain")) {
                while (rs.next()) {
                    domains.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT e.id, e.organisation_id, o.name, e.type, e.value FROM watch_entry e "
                    + "JOIN organisation o ON o.id = e.organisation_id")) {
                while (rs.next()) {
                    WatchEntry.Type.parse(rs.getString(4)).ifPresent(t -> {
                        try {
                            entries.add(new WatchEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), t, rs.getString(5)));
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
        }
        WatchMatcher matcher = new WatchMatcher(entries);
        IndicatorClassifier classifier = new IndicatorClassifier("");
        try (PreparedStatement update = c.prepareStatement("UPDATE indicator SET use_for = ?, reason = ? "
                + "WHERE seq = ? AND kind = ? AND value = ?");
             Statement read = c.createStatement();
             ResultSet rs = read.executeQuery("SELECT seq, kind, value FROM indicator")) {
            int batched = 0;
            while (rs.next()) {
                Indicators.Indicator i = new Indicators.Indicator(
                        Indicators.Kind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getString(3));
                Set<String> watched = new HashSet<>();
                matcher.match(List.of(i), "").forEach(h -> watched.add(h.matched()));
                IndicatorClassifier.Classified k = classifier.classify(i, IndicatorClassifier.Assets.of(domains, watched));
                if (k.forDetection()) {
                    continue;
                }
                update.setString(1, k.use().code());
                update.setString(2, k.reason().code());
                update.setLong(3, rs.getLong(1));
                update.setString(4, rs.getString(2));
                update.setString(5, rs.getString(3));
                update.addBatch();
                if (++batched % 1000 == 0) {
                    update.executeBatch();
                }
            }
            update.executeBatch();
        }
    }
}
