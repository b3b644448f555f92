package org.infohub.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchiveRepositoryTest {
    private static HubDatabase db;
    private static ArchiveRepository archive;
    private static HubList finance;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh("archive_test");
        archive = new ArchiveRepository(db.jdbc());
        finance = new MembershipRepository(db.jdbc()).findList("finance").orElseThrow();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static NewSubmission post(String messageId) {
        return new NewSubmission(messageId, finance, "alice@bank.example", Optional.empty(), "subject", "body",
                Tlp.GREEN, true, Instant.parse("2026-11-28T09:00:00Z"), Optional.empty(),
                "raw".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void everyIndicatorOfAPostNamingMoreThanOneStatementHoldsShouldBeStoredOnce() {
        // 1,203 addresses: three statements of up to 500 rows, the last one partly filled; the
        // address named twice is stored once.
        StringBuilder body = new StringBuilder("Scanners seen this week:\n");
        for (int i = 0; i < 1203; i++) {
            body.append("198.51.").append(i / 250).append('.').append(i % 250 + 1).append('\n');
        }
        body.append("198.51.0.1\n");
        NewSubmission s = new NewSubmission("<many@x>", finance, "alice@bank.example", Optional.empty(), "scanners",
                body.toString(), Tlp.GREEN, true, Instant.parse("2026-11-28T09:00:00Z"), Optional.empty(),
                ("Subject: scanners\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));

        long seq = archive.archive(s).submission().seq();

        List<org.infohub.core.indicator.Indicators.Indicator> stored = archive.indicatorsBetween(seq - 1, seq).get(seq);
        assertThat(stored).hasSize(1203);
        assertThat(stored).extracting(org.infohub.core.indicator.Indicators.Indicator::value)
                .contains("198.51.0.1", "198.51.4.203").doesNotHaveDuplicates();
    }

    @Test
    void archiveShouldBeIdempotentByMessageIdAndList() {
        ArchiveRepository.Archived first = archive.archive(post("<same@x>"));

        ArchiveRepository.Archived again = archive.archive(post("<same@x>"));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.submission().seq()).isEqualTo(first.submission().seq());
    }

    private static NewSubmission post(String messageId, String raw) {
        return new NewSubmission(messageId, finance, "alice@bank.example", Optional.empty(), "subject", "body",
                Tlp.GREEN, true, Instant.parse("2026-11-28T09:00:00Z"), Optional.empty(),
                raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSamePostFromTwoNodesIsOneRowAndAnotherBodyUnderTheSameMessageIdIsAnother() {
        // Node b received the post again (the sender's server retried there) with its own trace headers.
        ArchiveRepository nodeA = new ArchiveRepository(db.jdbc(), new org.infohub.core.indicator.Indicators("hub.localhost"), "a");
        ArchiveRepository nodeB = new ArchiveRepository(db.jdbc(), new org.infohub.core.indicator.Indicators("hub.localhost"), "b");
        ArchiveRepository.Archived onA = nodeA.archive(post("<twice@x>", "Received: by node-a\r\nSubject: s\r\n\r\nPatch now.\r\n"), "Mail1");
        ArchiveRepository.Archived onB = nodeB.archive(post("<twice@x>", "Received: by node-b\r\nSubject: s\r\n\r\nPatch now.\r\n"));
        // A member's client reused the Message-ID for a new text: a post of its own, not dropped.
        ArchiveRepository.Archived other = nodeB.archive(post("<twice@x>", "Subject: s\r\n\r\nA different warning.\r\n"));

        assertThat(onA.created()).isTrue();
        assertThat(onB.created()).isFalse();
        assertThat(onB.submission().seq()).isEqualTo(onA.submission().seq());
        assertThat(other.created()).isTrue();
        assertThat(other.submission().seq()).isNotEqualTo(onA.submission().seq());
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE message_id = '<twice@x>'")).isEqualTo(2);
    }

    @Test
    void theNodeThatArchivedAPostDeliversItAndTheOtherWaitsUntilTheClaimLapsesOrThePostIsOut() {
        ArchiveRepository nodeA = new ArchiveRepository(db.jdbc(), new org.infohub.core.indicator.Indicators("hub.localhost"), "a");
        ArchiveRepository nodeB = new ArchiveRepository(db.jdbc(), new org.infohub.core.indicator.Indicators("hub.localhost"), "b");
        long seq = nodeA.archive(post("<claimed@x>", "Subject: s\r\n\r\nclaimed\r\n"), "Mail1").submission().seq();

        assertThat(nodeA.claim(seq, "Mail1").ours()).as("the same mail, run again after a crash").isTrue();
        assertThat(nodeA.claim(seq, "Mail2").ours()).as("a second copy of the post on the same node").isFalse();
        ArchiveRepository.Claim onB = nodeB.claim(seq, "Mail3");
        assertThat(onB.ours()).isFalse();
        assertThat(onB.distributed()).isFalse();
        assertThat(onB.holder()).isEqualTo("a/Mail1");
        assertThat(onB.lapsesIn()).isBetween(ArchiveRepository.CLAIM_TTL.minusSeconds(30), ArchiveRepository.CLAIM_TTL);

        // Node a died 3 minutes ago without delivering: node b takes the post over, and a, back, waits.
        db.jdbc().execute("UPDATE submission SET claimed_at = NOW(3) - INTERVAL 3 MINUTE WHERE seq = ?", seq);
        assertThat(nodeB.claim(seq, "Mail3").ours()).isTrue();
        assertThat(nodeA.claim(seq, "Mail1").holder()).isEqualTo("b/Mail3");

        nodeB.markDistributed(seq, Instant.now());
        ArchiveRepository.Claim after = nodeA.claim(seq, "Mail1");
        assertThat(after.ours()).isFalse();
        assertThat(after.distributed()).isTrue();
        assertThat(nodeB.claim(seq, "Mail3").ours()).as("never delivered again, by any copy").isFalse();
    }

    @Test
    void theBodyHashIsOfTheBytesAfterTheHeaderBlock() throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        assertThat(ArchiveRepository.bodyHash("A: b\r\n\r\nbody\r\n\r\nmore".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(sha.digest("body\r\n\r\nmore".getBytes(StandardCharsets.US_ASCII)));
        assertThat(ArchiveRepository.bodyHash("no header end".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(sha.digest(new byte[0]));
    }

    @Test
    void markDistributedShouldSucceedOnlyOnce() {
        long seq = archive.archive(post("<dist@x>")).submission().seq();

        assertThat(archive.markDistributed(seq, Instant.now())).isTrue();
        assertThat(archive.markDistributed(seq, Instant.now())).isFalse();
        assertThat(archive.findBySeq(seq).orElseThrow().distributedAt()).isPresent();
    }

    @Test
    void concurrentArchivingShouldGiveGaplessSequenceNumbersInCommitOrder() throws Exception {
        long before = archive.lastSeq();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ArchiveRepository.Archived>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "<concurrent-" + i + "@x>";
            futures.add(pool.submit(() -> archive.archive(post(id))));
        }
        for (Future<ArchiveRepository.Archived> f : futures) {
            f.get();
        }
        pool.shutdown();

        List<Submission> after = archive.after(before, 100);

        assertThat(after).hasSize(40);
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i).seq()).isEqualTo(before + 1 + i);
        }
    }
}
