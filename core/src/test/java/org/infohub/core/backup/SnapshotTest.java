package org.infohub.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump loaded into a fresh database gives back every value as it was, times to the millisecond. */
class SnapshotTest {
    @TempDir
    Path dir;

    @Test
    void fractionsOfASecondShouldSurviveABackupExactly() throws Exception {
        List<String> times = List.of("2026-12-04 10:00:00.036", "2026-12-04 10:00:01.005", "2026-12-04 10:00:02.500",
                "2026-12-04 10:00:03.999", "2026-12-04 10:00:04.000", "2026-12-04 10:00:05.090");
        try (HubDatabase from = TestDatabase.fresh("snapshot_from"); HubDatabase to = TestDatabase.fresh("snapshot_to")) {
            from.jdbc().execute("DELETE FROM audit_log");
            for (String t : times) {
                from.jdbc().execute("INSERT INTO audit_log (at, actor, action, entity, entity_key) "
                        + "VALUES (?, 'test', 'x', 'y', ?)", java.sql.Timestamp.valueOf(t), t);
            }

            Snapshot.dump(from.jdbc().dataSource(), dir, line -> { });
            Snapshot.load(to.jdbc().dataSource(), dir, line -> { });

            assertThat(to.jdbc().query("SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') FROM audit_log ORDER BY entity_key",
                    rs -> rs.getString(1).substring(0, 23))).containsExactlyElementsOf(times);
        }
    }

    @Test
    void aDumpThatDisagreesWithItsManifestShouldRestoreNothing() throws Exception {
        try (HubDatabase from = TestDatabase.fresh("snapshot_bad_from"); HubDatabase to = TestDatabase.fresh("snapshot_bad_to")) {
            from.jdbc().execute("DELETE FROM audit_log");
            from.jdbc().execute("INSERT INTO audit_log (at, actor, action, entity, entity_key) VALUES (NOW(3), 't', 'x', 'y', 'z')");
            java.util.Map<String, Long> counts = Snapshot.dump(from.jdbc().dataSource(), dir, line -> { });
            long lists = to.jdbc().queryLong("SELECT COUNT(*) FROM hub_list");
            java.util.Map<String, Long> manifest = new java.util.HashMap<>(counts);
            manifest.put("audit_log", counts.get("audit_log") + 5);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Snapshot.load(to.jdbc().dataSource(), dir, line -> { },
                    manifest)).hasMessageContaining("audit_log.rows.gz").hasMessageContaining("the manifest says 6")
                    .hasMessageContaining("nothing was restored");

            assertThat(to.jdbc().queryLong("SELECT COUNT(*) FROM audit_log")).isZero();
            assertThat(to.jdbc().queryLong("SELECT COUNT(*) FROM hub_list")).as("the migrations' rows are back").isEqualTo(lists);
            // and the good one loads after it
            assertThat(Snapshot.load(to.jdbc().dataSource(), dir, line -> { }, counts)).isEqualTo(counts);
        }
    }
}
