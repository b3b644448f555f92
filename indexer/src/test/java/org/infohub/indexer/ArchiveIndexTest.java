package org.infohub.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveIndexTest {
    @TempDir
    Path dir;

    private HubDatabase db;
    private ArchiveRepository archive;
    private MembershipRepository members;
    private int posted;

    @BeforeEach
    void database() {
        db = TestDatabase.fresh("index_test");
        archive = new ArchiveRepository(db.jdbc());
        members = new MembershipRepository(db.jdbc());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void post(String list, Tlp tlp, String subject, String body) {
        HubList l = members.findList(list).orElseThrow();
        archive.archive(new NewSubmission("<" + (++posted) + "@x>", l, "a@b.example", Optional.empty(), subject, body,
                tlp, true, Instant.parse("2026-03-0" + (posted % 9 + 1) + "T10:00:00Z"), Optional.empty(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Long> seqs(ArchiveIndex index, String query) throws SearchException {
        return index.search().search(query, 100).stream().map(SearchHit::seq).sorted().toList();
    }

    @Test
    void searchShouldFindPostsByWordsAndFieldFilters() throws Exception {
        post("finance", Tlp.GREEN, "Phishing wave", "credential harvesting against banks");
        post("healthcare", Tlp.AMBER_STRICT, "Pump firmware", "credential reuse on infusion pumps");
        post("finance", Tlp.CLEAR, "Patch Tuesday", "nothing about credentials here");
        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            index.catchUp();

            assertThat(seqs(index, "credential")).containsExactly(1L, 2L);
            assertThat(seqs(index, "credential list:finance")).containsExactly(1L);
            assertThat(seqs(index, "tlp:amber+strict")).containsExactly(2L);
            assertThat(seqs(index, "subject:phishing")).containsExactly(1L);
            assertThat(seqs(index, "\"infusion pumps\"")).containsExactly(2L);
            assertThat(index.search().search("pump", 1).get(0).tlp()).isEqualTo("AMBER+STRICT");
        }
    }

    @Test
    void aChangedKindReachesEveryNodesIndexNotOnlyTheFirstToLook() throws Exception {
        post("finance", Tlp.GREEN, "Patch Tuesday", "update the gateways");
        post("finance", Tlp.GREEN, "Lunch", "the gateways are fine");
        try (ArchiveIndex nodeA = ArchiveIndex.open(dir.resolve("a"), archive);
             ArchiveIndex nodeB = ArchiveIndex.open(dir.resolve("b"), archive)) {
            nodeA.catchUp();
            nodeB.catchUp();
            assertThat(seqs(nodeA, "gateways kind:advisory")).containsExactly(1L);

            archive.setKind(2, org.infohub.core.kind.Kind.ADVISORY, "analyst@hub.example");
            nodeA.catchUp();
            nodeB.catchUp();

            assertThat(seqs(nodeA, "gateways kind:advisory")).containsExactly(1L, 2L);
            assertThat(seqs(nodeB, "gateways kind:advisory")).containsExactly(1L, 2L);
        }
        // Reopened, an index resumes after the last request it carried out and takes the next.
        archive.setKind(1, org.infohub.core.kind.Kind.DISCUSSION, "analyst@hub.example");
        try (ArchiveIndex nodeB = ArchiveIndex.open(dir.resolve("b"), archive)) {
            nodeB.catchUp();
            assertThat(seqs(nodeB, "gateways kind:advisory")).containsExactly(2L);
        }
    }

    @Test
    void reopeningShouldResumeAtTheCommittedCursorWithoutDoubles() throws Exception {
        post("finance", Tlp.GREEN, "one", "alpha");
        post("finance", Tlp.GREEN, "two", "alpha");
        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            assertThat(index.catchUp()).isEqualTo(2);
        }
        post("finance", Tlp.GREEN, "three", "alpha");

        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            assertThat(index.cursor()).isEqualTo(2);
            assertThat(index.catchUp()).isEqualTo(1);
            assertThat(seqs(index, "alpha")).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void anIndexOfAnEarlierLayoutIsWrittenAgainInPlaceOnceAndThenResumes() throws Exception {
        post("finance", Tlp.GREEN, "one", "charlie");
        post("finance", Tlp.GREEN, "two", "charlie");
        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            index.catchUp();
        }
        // As an earlier release left it: the cursor, and no layout (its entries had no sender facet).
        try (org.apache.lucene.store.Directory d = org.apache.lucene.store.FSDirectory.open(dir);
             org.apache.lucene.index.IndexWriter w = new org.apache.lucene.index.IndexWriter(d,
                     new org.apache.lucene.index.IndexWriterConfig(IndexFields.analyzer()))) {
            w.setLiveCommitData(java.util.Map.of(IndexFields.CURSOR, "2").entrySet());
            w.commit();
        }
        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            assertThat(index.cursor()).isZero();
            assertThat(index.catchUp()).as("every entry written again").isEqualTo(2);
            assertThat(seqs(index, "charlie")).as("in place, no doubles").containsExactly(1L, 2L);
            assertThat(index.search().search("charlie", ArchiveSearch.Order.DATE, 1, 10, true).facets().get("sender"))
                    .isEqualTo(java.util.Map.of("a@b.example", 2L));
        }
        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            assertThat(index.cursor()).as("once: the layout is recorded").isEqualTo(2);
            assertThat(index.catchUp()).isZero();
        }
    }

    @Test
    void deletingTheIndexShouldRebuildItFromTheArchive() throws Exception {
        post("finance", Tlp.GREEN, "one", "bravo");
        post("tech", Tlp.CLEAR, "two", "bravo");
        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            index.catchUp();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            assertThat(index.catchUp()).isEqualTo(2);
            assertThat(seqs(index, "bravo")).containsExactly(1L, 2L);
        }
    }

    @Test
    void searchShouldRunWhileTheWriterIsOpenForAReadOnlyTool() throws Exception {
        post("finance", Tlp.GREEN, "one", "charlie");
        try (ArchiveIndex index = ArchiveIndex.open(dir, archive); IndexReaderSearch tool = IndexReaderSearch.open(dir)) {
            index.catchUp();
            try (IndexReaderSearch fresh = IndexReaderSearch.open(dir)) {
                assertThat(fresh.search().search("charlie", 10)).hasSize(1);
            }
        }
    }

    @Test
    void aQueryThatCannotBeParsedShouldSayWhatIsWrongInTheHubsWords() throws IOException {
        try (ArchiveIndex index = ArchiveIndex.open(dir, archive)) {
            assertThatThrownBy(() -> index.search().search("phishing AND (", 10))
                    .isInstanceOf(SearchException.class)
                    .hasMessageContaining("cannot be read")
                    .hasMessageContaining("brackets do not pair up (1 opened, 0 closed)")
                    .hasMessageNotContaining("Encountered");
            assertThatThrownBy(() -> index.search().search("phishing AND", 10))
                    .hasMessageContaining("it ends with AND");
        }
    }
}
