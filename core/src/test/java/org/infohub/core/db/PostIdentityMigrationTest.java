package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Issue 29: V038 gives the posts archived before it the identity new posts get (Message-ID, list
 * and the SHA-256 of the body), computed in SQL the way {@link ArchiveRepository#bodyHash} computes
 * it in Java, so the same post arriving after the upgrade is still found archived.
 */
class PostIdentityMigrationTest {

    @Test
    void postsArchivedBeforeTheUpgradeGetTheBodyHashTheHubComputesAndAreFoundByIt() {
        try (HikariDataSource ds = MigrationsTest.dataSource("post_identity")) {
            Flyway.configure().dataSource(ds).locations(Migrations.LOCATION).target("37").load().migrate();
            Jdbc jdbc = new Jdbc(ds);
            long finance = jdbc.queryLong("SELECT id FROM hub_list WHERE local_part = 'finance'");
            byte[] plain = "Subject: a\r\nMessage-ID: <old@x>\r\n\r\nPatch now.\r\n\r\nSecond paragraph.\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            // A body in Big5 (bytes that are not UTF-8) and one with no end to its header block.
            byte[] big5 = concat("Subject: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    "網上銀行".getBytes(java.nio.charset.Charset.forName("Big5")), new byte[] {(byte) 0xff, 0x00, '\r', '\n'});
            byte[] headless = "Subject: c".getBytes(StandardCharsets.US_ASCII);
            long a = archiveAtV037(jdbc, finance, "<old@x>", plain);
            long b = archiveAtV037(jdbc, finance, "<big5@x>", big5);
            long c = archiveAtV037(jdbc, finance, "<headless@x>", headless);

            Migrations.migrate(ds);

            assertThat(hash(jdbc, a)).isEqualTo(ArchiveRepository.bodyHash(plain));
            assertThat(hash(jdbc, b)).isEqualTo(ArchiveRepository.bodyHash(big5));
            assertThat(hash(jdbc, c)).isEqualTo(ArchiveRepository.bodyHash(headless));
            ArchiveRepository archive = new ArchiveRepository(jdbc);
            var list = new MembershipRepository(jdbc).findList("finance").orElseThrow();
            ArchiveRepository.Archived again = archive.archive(new NewSubmission("<old@x>", list, "alice@bank.example",
                    Optional.empty(), "a", "Patch now.", Tlp.GREEN, true, Instant.now(), Optional.empty(),
                    "Subject: a\r\nReceived: by the other node\r\n\r\nPatch now.\r\n\r\nSecond paragraph.\r\n"
                            .getBytes(StandardCharsets.US_ASCII)));
            assertThat(again.created()).isFalse();
            assertThat(again.submission().seq()).isEqualTo(a);
        }
    }

    private static byte[] hash(Jdbc jdbc, long seq) {
        return jdbc.queryOne("SELECT body_hash FROM submission WHERE seq = ?", rs -> rs.getBytes(1), seq).orElseThrow();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A post archived as the release of V037 did (its columns only). */
    private static long archiveAtV037(Jdbc jdbc, long listId, String messageId, byte[] raw) {
        return jdbc.inTransaction(() -> {
            long seq = jdbc.queryLong("SELECT next_seq FROM archive_sequence WHERE id = 1 FOR UPDATE");
            jdbc.execute("INSERT INTO submission (seq, message_id, list_id, sender, subject, text_body, tlp, tlp_labelled, "
                    + "received_at, raw, raw_size) VALUES (?, ?, ?, 'alice@bank.example', 's', 't', 'GREEN', TRUE, ?, ?, ?)",
                    seq, messageId, listId, Instant.parse("2026-11-28T09:00:00Z"), raw, raw.length);
            jdbc.execute("UPDATE archive_sequence SET next_seq = next_seq + 1 WHERE id = 1");
            return seq;
        });
    }
}
