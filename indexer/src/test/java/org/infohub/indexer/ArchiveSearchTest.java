package org.infohub.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/** Exact hits and facet counts of every kind of query on a fixed set of six archived posts. */
class ArchiveSearchTest {
    @TempDir
    static Path dir;

    private static HubDatabase db;
    private static ArchiveRepository archive;
    private static ArchiveIndex index;
    private static int posted;

    @BeforeAll
    static void archiveAndIndex() throws Exception {
        db = TestDatabase.fresh("search_test");
        archive = new ArchiveRepository(db.jdbc(), new Indicators("hub.localhost"));
        MembershipRepository members = new MembershipRepository(db.jdbc());
        // 1: finance, GREEN, March; defanged IP and domain
        post(members, "finance", "First Bank", "finance", Tlp.GREEN, "2026-03-02",
                "Phishing wave against online banking",
                "Landing page at hxxps://login-firstbank[.]com/secure, hosted on 203.0.113[.]45. Kit version 10.2.1.4.");
        // 2: finance, AMBER, March; the same IP, a subdomain of the same domain
        post(members, "finance", "Second Bank", "finance", Tlp.AMBER, "2026-03-15",
                "Same phishing infrastructure",
                "We also saw 203.0.113.45 and cdn.login-firstbank.com serving the kit.");
        // 3: healthcare, GREEN, April; an address inside 198.51.100.0/24, a hash, a CVE
        post(members, "healthcare", "City Hospital", "healthcare", Tlp.GREEN, "2026-04-01",
                "VPN appliance exploited",
                "CVE-2024-3400 exploited from 198.51.100.77; dropper sha256 "
                        + "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f.");
        // 4: healthcare, CLEAR, April; a reply about the same VPN
        post(members, "healthcare", "Valley Clinic", "healthcare", Tlp.CLEAR, "2026-04-03",
                "Re: VPN appliance exploited", "Patched to 11.1.2 today; no sign of 198.51.100.77 here.");
        // 5: all, GREEN, May; IPv6 and a CIDR range
        post(members, "all", "Pixel Labs", "tech", Tlp.GREEN, "2026-05-10",
                "Scanning from a cloud range", "Scans from 2001:db8::1 and the whole 192.0.2.0/24 block.");
        // 6: finance, AMBER+STRICT, May; version numbers only, no indicators
        post(members, "finance", "First Bank", "finance", Tlp.AMBER_STRICT, "2026-05-20",
                "Upgrade notes", "Upgrade firmware to 1.2.3.4 (build 2.0.0.1) before June.");
        index = ArchiveIndex.open(dir, archive);
        index.catchUp();
    }

    @AfterAll
    static void close() {
        index.close();
        db.close();
    }

    private static void post(MembershipRepository members, String list, String org, String sector, Tlp tlp, String day,
                             String subject, String body) {
        HubList l = members.findList(list).orElseThrow();
        Representative rep = new Representative(0, "rep@" + sector + ".example", "Rep", 0, org, sector, true);
        archive.archive(new NewSubmission("<" + (++posted) + "@search.example>", l, rep.email(), Optional.of(rep), subject,
                body, tlp, true, Instant.parse(day + "T10:00:00Z"), Optional.empty(), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Long> seqs(String query) throws SearchException {
        return index.search().search(query, 100).stream().map(SearchHit::seq).sorted().toList();
    }

    @Test
    void wordsPhrasesAndFieldFilters() throws Exception {
        assertThat(seqs("phishing")).containsExactly(1L, 2L);
        assertThat(seqs("\"vpn appliance\"")).containsExactly(3L, 4L);
        assertThat(seqs("vpn tlp:clear")).containsExactly(4L);
        assertThat(seqs("phishing OR scanning")).containsExactly(1L, 2L, 5L);
        assertThat(seqs("list:finance NOT phishing")).containsExactly(6L);
    }

    @Test
    void anIndicatorTypedBareIsSearchedAsThatIndicatorAndAnEmptyQueryFindsEveryPost() throws Exception {
        assertThat(seqs("203.0.113.45")).containsExactly(1L, 2L);
        assertThat(seqs("203[.]0[.]113[.]45")).containsExactly(1L, 2L);
        assertThat(seqs("login-firstbank[.]com")).containsExactly(1L, 2L);
        assertThat(ArchiveSearch.recognised("203[.]0[.]113[.]45 phishing"))
                .containsExactly("203.0.113.45 as an IP address");
        assertThat(ArchiveSearch.recognised("phishing tlp:green")).isEmpty();
        assertThat(seqs("")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(seqs("tlp:amber+strict")).containsExactly(6L);
    }

    @Test
    void refangedIpsAndDomainsWithTheirSubdomains() throws Exception {
        assertThat(seqs("ip:203.0.113.45")).containsExactly(1L, 2L);
        assertThat(seqs("ip:203[.]0[.]113[.]45")).containsExactly(1L, 2L);
        assertThat(seqs("domain:login-firstbank.com")).containsExactly(1L, 2L);
        assertThat(seqs("domain:cdn.login-firstbank.com")).containsExactly(2L);
        assertThat(seqs("url:hxxps://login-firstbank[.]com/secure")).containsExactly(1L);
    }

    @Test
    void cidrMatchesTheAddressesInsideTheRangeAndTheRangeItself() throws Exception {
        assertThat(seqs("cidr:198.51.100.0/24")).containsExactly(3L, 4L);
        assertThat(seqs("cidr:203.0.0.0/8")).containsExactly(1L, 2L);
        assertThat(seqs("cidr:192.0.2.0/24")).containsExactly(5L);
        assertThat(seqs("cidr:2001:db8::/32")).containsExactly(5L);
        assertThat(seqs("ip:2001:0db8:0:0:0:0:0:1")).containsExactly(5L);
    }

    @Test
    void versionNumbersAreNotIps() throws Exception {
        assertThat(seqs("ip:10.2.1.4")).isEmpty();
        assertThat(seqs("ip:1.2.3.4")).isEmpty();
        assertThat(seqs("ip:2.0.0.1")).isEmpty();
        assertThat(archive.indicators(6)).isEmpty();
    }

    @Test
    void hashesCvesAndDates() throws Exception {
        assertThat(seqs("hash:275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F")).containsExactly(3L);
        assertThat(seqs("cve:CVE-2024-3400")).containsExactly(3L);
        assertThat(seqs("cve:2024-3400 tlp:green")).containsExactly(3L);
        assertThat(seqs("after:2026-04-01 before:2026-05-01")).containsExactly(3L, 4L);
        assertThat(seqs("tlp:green after:2026-04-02")).containsExactly(5L);
    }

    @Test
    void facetsCountEveryHitByListSectorTlpOrganisationAndMonth() throws Exception {
        ArchiveSearch.Result r = index.search().search("after:2026-03-01", ArchiveSearch.Order.DATE, 1, 2, true);

        assertThat(r.total()).isEqualTo(6);
        assertThat(r.hits()).extracting(SearchHit::seq).containsExactly(6L, 5L);
        assertThat(r.facets().get("list")).isEqualTo(Map.of("finance", 3L, "healthcare", 2L, "all", 1L));
        assertThat(r.facets().get("sector")).isEqualTo(Map.of("finance", 3L, "healthcare", 2L, "tech", 1L));
        assertThat(r.facets().get("tlp")).isEqualTo(Map.of("GREEN", 3L, "AMBER", 1L, "CLEAR", 1L, "AMBER+STRICT", 1L));
        assertThat(r.facets().get("org")).containsEntry("First Bank", 2L).containsEntry("City Hospital", 1L).hasSize(5);
        assertThat(r.facets().get("month")).isEqualTo(Map.of("2026-03", 2L, "2026-04", 2L, "2026-05", 2L));
        // Top posters: who posted most, and within a sector, by its filter.
        assertThat(r.facets().get("sender")).isEqualTo(Map.of("rep@finance.example", 3L, "rep@healthcare.example", 2L,
                "rep@tech.example", 1L));
        assertThat(index.search().search("sector:healthcare", ArchiveSearch.Order.DATE, 1, 10, true).facets().get("sender"))
                .isEqualTo(Map.of("rep@healthcare.example", 2L));
        assertThat(index.search().search("ip:203.0.113.45", ArchiveSearch.Order.RELEVANCE, 1, 10, true).facets().get("org"))
                .isEqualTo(Map.of("First Bank", 1L, "Second Bank", 1L));
    }

    @Test
    void indicatorsAreStoredBesideThePostWithHowOftenTheyWereSeenElsewhere() {
        Indicators.Indicator ip = new Indicators.Indicator(Indicators.Kind.IP, "203.0.113.45");

        assertThat(archive.indicators(1)).contains(ip,
                new Indicators.Indicator(Indicators.Kind.DOMAIN, "login-firstbank.com"),
                new Indicators.Indicator(Indicators.Kind.URL, "https://login-firstbank.com/secure"));
        assertThat(archive.seenElsewhere(ip, 1)).isEqualTo(1);
    }

    @Test
    void snippetsMarkTheMatchingWordsOfTheBestPassage() {
        String text = "Nothing here. ".repeat(40) + "The kit was served from the landing page. " + "Filler. ".repeat(40);

        String snippet = ArchiveSearch.snippet("kit tlp:green", text);

        assertThat(snippet).contains(ArchiveSearch.MARK_START + "kit" + ArchiveSearch.MARK_END).hasSizeLessThan(300);
        assertThat(ArchiveSearch.snippet("absent", "Short text.")).isEqualTo("Short text.");
    }

    @Test
    void aQueryThatCannotBeReadNamesTheProblem() {
        assertThatThrownBy(() -> seqs("ip:10.1")).isInstanceOf(SearchException.class)
                .hasMessageContaining("ip: '10.1' is not an IP address");
        assertThatThrownBy(() -> seqs("cidr:10.0.0.0/40")).hasMessageContaining("cidr: '10.0.0.0/40' is not a range");
        assertThatThrownBy(() -> seqs("after:yesterday")).hasMessageContaining("after: 'yesterday' is not a date");
        assertThatThrownBy(() -> seqs("hash:xyz")).hasMessageContaining("not an MD5, SHA-1 or SHA-256");
        assertThatThrownBy(() -> seqs("\"unclosed phrase")).hasMessageContaining("cannot be read");
    }
}
