package org.infohub.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.indicator.Indicators;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Representative;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 28, item 3: a Chinese word is found where it is written, not where its characters stand
 * apart in other words ({@code 比較}, {@code 特別}, {@code 港幣} are no {@code 比特幣}), mixed
 * queries work, and the snippet marks the whole word.
 */
class ChineseSearchTest {
    @TempDir
    static Path dir;

    private static HubDatabase db;
    private static ArchiveIndex index;
    private static int posted;

    @BeforeAll
    static void archiveAndIndex() throws Exception {
        db = TestDatabase.fresh("chinese_search_test");
        ArchiveRepository archive = new ArchiveRepository(db.jdbc(), new Indicators("hub.localhost"));
        MembershipRepository members = new MembershipRepository(db.jdbc());
        HubList healthcare = members.findList("healthcare").orElseThrow();
        Representative rep = new Representative(0, "rep@hospital.example", "Rep", 0, "Harbour Hospital", "healthcare", true);
        // 1: the ransomware alert
        post(archive, healthcare, rep, "【警報】醫院遭勒索軟件攻擊", "攻擊者要求以比特幣支付贖金。LockBit 3.0 會先刪除備份。");
        // 2: every character of 比特幣 and 贖金, in other words (searched near each other, a character
        // two places off still counts: "贖回金額" would be found by 贖金, as bench/search-zh measured)
        post(archive, healthcare, rep, "基金事務", "我們比較了特別行政區的港幣付款方式。基金贖回於月底結算，金額以港幣計算。");
        // 3: online banking phishing
        post(archive, healthcare, rep, "網上銀行釣魚攻擊", "仿冒網站收集網上銀行密碼。");
        // 4: 網, 上, 銀, 行 in other words
        post(archive, healthcare, rep, "銀行業網上研討會", "銀行業的網上研討會延期舉行。");
        index = ArchiveIndex.open(dir, archive);
        index.catchUp();
    }

    @AfterAll
    static void close() {
        index.close();
        db.close();
    }

    private static void post(ArchiveRepository archive, HubList list, Representative rep, String subject, String body) {
        archive.archive(new NewSubmission("<" + (++posted) + "@zh.example>", list, rep.email(), Optional.of(rep), subject,
                body, Tlp.GREEN, true, Instant.parse("2026-12-01T10:00:00Z"), Optional.empty(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Long> seqs(String query) throws SearchException {
        return index.search().search(query, 100).stream().map(SearchHit::seq).sorted().toList();
    }

    @Test
    void aChineseWordIsFoundWhereItIsWrittenNotWhereItsCharactersStandApart() throws Exception {
        assertThat(seqs("比特幣")).containsExactly(1L);
        assertThat(seqs("贖金")).containsExactly(1L);
        assertThat(seqs("網上銀行")).containsExactly(3L);
        assertThat(seqs("研討會")).containsExactly(4L);
        assertThat(seqs("勒索軟件 LockBit")).containsExactly(1L);
        assertThat(seqs("lockbit")).containsExactly(1L);
        assertThat(seqs("警報")).containsExactly(1L);
        assertThat(seqs("釣魚 OR 勒索")).containsExactly(1L, 3L);
    }

    @Test
    void theSnippetMarksTheWholeWord() {
        String snippet = ArchiveSearch.snippet("比特幣", "攻擊者要求以比特幣支付贖金。");
        assertThat(snippet).contains(ArchiveSearch.MARK_START + "比特幣" + ArchiveSearch.MARK_END);
        assertThat(ArchiveSearch.snippet("phishing kit", "A phishing kit was seen.")).contains(ArchiveSearch.MARK_START
                + "phishing" + ArchiveSearch.MARK_END + " " + ArchiveSearch.MARK_START + "kit" + ArchiveSearch.MARK_END);
    }
}
