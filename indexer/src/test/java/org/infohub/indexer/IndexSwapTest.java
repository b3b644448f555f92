package org.infohub.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

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

class IndexSwapTest {
    @TempDir
    Path data;

    private HubDatabase db;
    private ArchiveRepository archive;
    private int posted;

    @BeforeEach
    void database() {
        db = TestDatabase.fresh("swap_test");
        archive = new ArchiveRepository(db.jdbc());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void post(String word) {
        HubList l = new MembershipRepository(db.jdbc()).findList("finance").orElseThrow();
        archive.archive(new NewSubmission("<" + (++posted) + "@swap>", l, "a@b.example", Optional.empty(), word, word,
                Tlp.GREEN, true, Instant.parse("2026-03-01T10:00:00Z"), Optional.empty(), word.getBytes(StandardCharsets.UTF_8)));
    }

    private long hits(Path index, String query) throws Exception {
        try (IndexReaderSearch search = IndexReaderSearch.open(index)) {
            return search.search().search(query, ArchiveSearch.Order.RELEVANCE, 1, 10, false).total();
        }
    }

    @Test
    void aRebuildCutShortIsFinishedAndSwappedInAtTheNextStart() throws Exception {
        Path index = data.resolve("index");
        post("alpha");
        post("beta");
        try (ArchiveIndex live = ArchiveIndex.open(index, archive)) {
            live.catchUp();
        }
        // A reindex killed early: the new index exists, holds nothing yet, and is not marked complete.
        ArchiveIndex.open(IndexSwap.next(index), archive).close();
        post("gamma");

        IndexSwap.recover(index, archive);

        assertThat(Files.exists(IndexSwap.next(index))).isFalse();
        assertThat(hits(index, "alpha OR beta OR gamma")).isEqualTo(3);
    }

    @Test
    void searchesUseTheOldIndexUntilTheNewOneIsCompleteAndSwapped() throws Exception {
        Path index = data.resolve("index");
        post("alpha");
        try (ArchiveIndex live = ArchiveIndex.open(index, archive)) {
            live.catchUp();
        }
        post("beta");

        IndexSwap.build(index, archive);
        long beforeSwap = hits(index, "beta");
        IndexSwap.swap(index);

        assertThat(beforeSwap).isZero();
        assertThat(hits(index, "alpha OR beta")).isEqualTo(2);
    }
}
