package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Issue 27, reply kinds: posts archived before the release that reads a reply's own tag only are
 * put right by V033 as {@code Kind.classify} now decides: a quoted parent tag no longer makes a
 * reply an alert; a sender's own tag before the "Re:", an administrator's choice and posts that
 * are not replies stay; their index entries are written again.
 */
class ReplyKindsMigrationTest {

    @Test
    void repliesArchivedAsTheirParentsKindBecomeDiscussionsAndTheRestStays() {
        try (HikariDataSource ds = MigrationsTest.dataSource("reply_kinds")) {
            Flyway.configure().dataSource(ds).locations(Migrations.LOCATION).target("32").load().migrate();
            Jdbc jdbc = new Jdbc(ds);
            // Rows as V032 had them (today's repository writes columns added later).
            long finance = jdbc.queryLong("SELECT id FROM hub_list WHERE local_part = 'finance'");
            // subject -> the kind it should have after the migration
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("Re: [ALERT] Phishing kit", "discussion");
            expected.put("RE: [finance] [ADVISORY] Patch Tuesday", "discussion");
            expected.put("[finance] Re: [ALERT] Phishing kit", "discussion");
            expected.put("回覆：[ALERT] 網上銀行釣魚攻擊", "discussion");
            expected.put("AW: [Alert] Phishing-Kit", "discussion");
            expected.put("[ADVISORY] Re: [ALERT] Phishing kit", "advisory");
            expected.put("[ALERT] Phishing kit", "alert");
            expected.put("Reminder: [ALERT] drill on Friday", "alert");
            expected.put("Re: [EVENT] Tabletop exercise", "event");
            Map<String, Long> seqs = new LinkedHashMap<>();
            int n = 0;
            for (String subject : expected.keySet()) {
                seqs.put(subject, archiveAtV032(jdbc, finance, "<k" + (n++) + "@x>", subject));
            }
            // As the earlier release archived them: the quoted tag decided.
            jdbc.execute("UPDATE submission SET kind = 'alert' WHERE subject LIKE '%[ALERT]%' OR subject LIKE '%[Alert]%'");
            jdbc.execute("UPDATE submission SET kind = 'advisory' WHERE subject LIKE '%Patch Tuesday%' OR subject LIKE '[ADVISORY]%'");
            jdbc.execute("UPDATE submission SET kind = 'event' WHERE subject LIKE '%[EVENT]%'");
            // An administrator said this reply is an alert: it stays one.
            expected.put("Re: [ALERT] second wave", "alert");
            long chosen = archiveAtV032(jdbc, finance, "<chosen@x>", "Re: [ALERT] second wave");
            jdbc.execute("UPDATE submission SET kind = 'alert', kind_set_by = 'analyst@hub.example' WHERE seq = ?", chosen);
            seqs.put("Re: [ALERT] second wave", chosen);
            jdbc.execute("DELETE FROM index_update");

            Flyway.configure().dataSource(ds).locations(Migrations.LOCATION).target("33").load().migrate();

            Map<String, String> after = new LinkedHashMap<>();
            seqs.forEach((subject, seq) -> after.put(subject, jdbc.queryOne("SELECT kind FROM submission WHERE seq = ?", rs -> rs.getString(1), seq).orElseThrow()));
            assertThat(after).isEqualTo(expected);
            assertThat(jdbc.query("SELECT seq FROM index_update ORDER BY seq", rs -> rs.getLong(1)))
                    .containsExactly(seqs.get("Re: [ALERT] Phishing kit"), seqs.get("RE: [finance] [ADVISORY] Patch Tuesday"),
                            seqs.get("[finance] Re: [ALERT] Phishing kit"), seqs.get("回覆：[ALERT] 網上銀行釣魚攻擊"),
                            seqs.get("AW: [Alert] Phishing-Kit"));

            // V038 (issue 29) keeps the requests still pending in the log each node's index follows.
            Migrations.migrate(ds);
            assertThat(jdbc.query("SELECT seq FROM index_change ORDER BY id", rs -> rs.getLong(1)))
                    .containsExactly(seqs.get("Re: [ALERT] Phishing kit"), seqs.get("RE: [finance] [ADVISORY] Patch Tuesday"),
                            seqs.get("[finance] Re: [ALERT] Phishing kit"), seqs.get("回覆：[ALERT] 網上銀行釣魚攻擊"),
                            seqs.get("AW: [Alert] Phishing-Kit"));
        }
    }

    /** A post archived as the release of V032 did (its columns only). */
    private static long archiveAtV032(Jdbc jdbc, long listId, String messageId, String subject) {
        return jdbc.inTransaction(() -> {
            long seq = jdbc.queryLong("SELECT next_seq FROM archive_sequence WHERE id = 1 FOR UPDATE");
            jdbc.execute("INSERT INTO submission (seq, message_id, list_id, sender, subject, text_body, tlp, tlp_labelled, "
                    + "received_at, raw, raw_size) VALUES (?, ?, ?, 'alice@bank.example', ?, 'Thanks for sharing.', 'GREEN', "
                    + "TRUE, ?, ?, 3)", seq, messageId, listId, subject, Instant.parse("2026-11-28T09:00:00Z"),
                    "raw".getBytes(StandardCharsets.US_ASCII));
            jdbc.execute("UPDATE archive_sequence SET next_seq = next_seq + 1 WHERE id = 1");
            return seq;
        });
    }
}
