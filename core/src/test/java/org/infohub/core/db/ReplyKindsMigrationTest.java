package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.member.HubList;
import org.infohub.core.tlp.Tlp;
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
            ArchiveRepository archive = new ArchiveRepository(jdbc);
            // The list as V032 had it (today's repository reads columns added later).
            HubList finance = new HubList(jdbc.queryLong("SELECT id FROM hub_list WHERE local_part = 'finance'"), "finance",
                    HubList.Kind.SECTOR, java.util.Optional.of("finance"), "Finance");
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
                long seq = archive.archive(new NewSubmission("<k" + (n++) + "@x>", finance, "alice@bank.example",
                        Optional.empty(), subject, "Thanks for sharing.", Tlp.GREEN, true, Instant.parse("2026-11-28T09:00:00Z"),
                        Optional.empty(), "raw".getBytes(StandardCharsets.US_ASCII))).submission().seq();
                seqs.put(subject, seq);
            }
            // As the earlier release archived them: the quoted tag decided.
            jdbc.execute("UPDATE submission SET kind = 'alert' WHERE subject LIKE '%[ALERT]%' OR subject LIKE '%[Alert]%'");
            jdbc.execute("UPDATE submission SET kind = 'advisory' WHERE subject LIKE '%Patch Tuesday%' OR subject LIKE '[ADVISORY]%'");
            jdbc.execute("UPDATE submission SET kind = 'event' WHERE subject LIKE '%[EVENT]%'");
            // An administrator said this reply is an alert: it stays one.
            expected.put("Re: [ALERT] second wave", "alert");
            long chosen = archive.archive(new NewSubmission("<chosen@x>", finance, "alice@bank.example", Optional.empty(),
                    "Re: [ALERT] second wave", "New domains below.", Tlp.GREEN, true, Instant.parse("2026-11-28T10:00:00Z"),
                    Optional.empty(), "raw".getBytes(StandardCharsets.US_ASCII))).submission().seq();
            archive.setKind(chosen, org.infohub.core.kind.Kind.ALERT, "analyst@hub.example");
            seqs.put("Re: [ALERT] second wave", chosen);
            jdbc.execute("DELETE FROM index_update");

            Migrations.migrate(ds);

            Map<String, String> after = new LinkedHashMap<>();
            seqs.forEach((subject, seq) -> after.put(subject, jdbc.queryOne("SELECT kind FROM submission WHERE seq = ?", rs -> rs.getString(1), seq).orElseThrow()));
            assertThat(after).isEqualTo(expected);
            assertThat(jdbc.query("SELECT seq FROM index_update ORDER BY seq", rs -> rs.getLong(1)))
                    .containsExactly(seqs.get("Re: [ALERT] Phishing kit"), seqs.get("RE: [finance] [ADVISORY] Patch Tuesday"),
                            seqs.get("[finance] Re: [ALERT] Phishing kit"), seqs.get("回覆：[ALERT] 網上銀行釣魚攻擊"),
                            seqs.get("AW: [Alert] Phishing-Kit"));
        }
    }
}
