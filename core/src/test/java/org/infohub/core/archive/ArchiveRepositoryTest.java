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
    void archiveShouldBeIdempotentByMessageIdAndList() {
        ArchiveRepository.Archived first = archive.archive(post("<same@x>"));

        ArchiveRepository.Archived again = archive.archive(post("<same@x>"));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.submission().seq()).isEqualTo(first.submission().seq());
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
