package org.infohub.core.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.infohub.core.indicator.Indicators;
import org.infohub.core.indicator.Indicators.Indicator;
import org.infohub.core.indicator.Indicators.Kind;
import org.infohub.core.member.ValidationException;
import org.junit.jupiter.api.Test;

class WatchMatcherTest {
    private static WatchEntry entry(long id, String org, WatchEntry.Type type, String value) {
        return new WatchEntry(id, id, org, type, Watchlists.canonical(type, value));
    }

    private static List<String> hits(WatchMatcher m, List<Indicator> indicators, String text) {
        return m.match(indicators, text).stream().map(h -> h.entry().organisation() + ":" + h.matched()).toList();
    }

    @Test
    void addressesFallInsideTheRangesThatHoldThemAndNoOthers() {
        WatchMatcher m = new WatchMatcher(List.of(entry(1, "bank", WatchEntry.Type.CIDR, "192.0.2.0/24"),
                entry(2, "bank-branch", WatchEntry.Type.CIDR, "192.0.2.128/25"),
                entry(3, "clinic", WatchEntry.Type.CIDR, "2001:db8:10::/48"),
                entry(4, "telco", WatchEntry.Type.CIDR, "198.51.100.7")));

        assertThat(hits(m, List.of(new Indicator(Kind.IP, "192.0.2.200")), "")).containsExactlyInAnyOrder(
                "bank:192.0.2.200", "bank-branch:192.0.2.200");
        assertThat(hits(m, List.of(new Indicator(Kind.IP, "192.0.2.5")), "")).containsExactly("bank:192.0.2.5");
        assertThat(hits(m, List.of(new Indicator(Kind.IP, "192.0.3.0")), "")).isEmpty();
        assertThat(hits(m, List.of(new Indicator(Kind.IP, "192.0.1.255")), "")).isEmpty();
        assertThat(hits(m, List.of(new Indicator(Kind.IP, "2001:db8:10:ffff::1")), "")).containsExactly(
                "clinic:2001:db8:10:ffff::1");
        assertThat(hits(m, List.of(new Indicator(Kind.IP, "198.51.100.7")), "")).containsExactly("telco:198.51.100.7");
        assertThat(hits(m, List.of(new Indicator(Kind.IP, "198.51.100.8")), "")).isEmpty();
        assertThat(hits(m, List.of(new Indicator(Kind.CIDR, "192.0.2.0/28")), "")).containsExactly("bank:192.0.2.0/28");
        assertThat(hits(m, List.of(new Indicator(Kind.URL, "http://192.0.2.9/login")), "")).containsExactly(
                "bank:http://192.0.2.9/login");
    }

    @Test
    void domainsMatchThemselvesTheirSubdomainsUrlsAndAddressesAtThemButNotLookAlikes() {
        WatchMatcher m = new WatchMatcher(List.of(entry(1, "bank", WatchEntry.Type.DOMAIN, "bank.example")));

        assertThat(hits(m, List.of(new Indicator(Kind.DOMAIN, "vpn.bank.example")), "")).containsExactly("bank:vpn.bank.example");
        assertThat(hits(m, List.of(new Indicator(Kind.URL, "https://login.bank.example:8443/x?y")), "")).hasSize(1);
        assertThat(hits(m, List.of(new Indicator(Kind.EMAIL, "ceo@bank.example")), "")).hasSize(1);
        assertThat(hits(m, List.of(new Indicator(Kind.DOMAIN, "bank.example.evil.test"), new Indicator(Kind.DOMAIN,
                "mybank.example")), "")).isEmpty();
    }

    @Test
    void asNumbersAndNamesAreFoundAsWholeWordsInTheText() {
        WatchMatcher m = new WatchMatcher(List.of(entry(1, "telco", WatchEntry.Type.ASN, "AS64500"),
                entry(2, "bank", WatchEntry.Type.NAME, "Acme Pay"), entry(3, "bank", WatchEntry.Type.NAME, "Harbourline")));

        assertThat(hits(m, List.of(), "Traffic from AS64500 and ASN 64501")).containsExactly("telco:AS64500");
        assertThat(hits(m, List.of(), "Traffic from ASN 64500.")).containsExactly("telco:AS64500");
        assertThat(hits(m, List.of(), "A fake ACME pay app")).containsExactly("bank:Acme Pay");
        assertThat(hits(m, List.of(), "Harbourline's portal")).containsExactly("bank:Harbourline");
        assertThat(hits(m, List.of(), "AS645000 acme payments harbourlines")).isEmpty();
    }

    @Test
    void entriesAreCheckedAndKeptInCanonicalForm() {
        assertThat(Watchlists.canonical(WatchEntry.Type.CIDR, "192.0.2.77/24")).isEqualTo("192.0.2.0/24");
        assertThat(Watchlists.canonical(WatchEntry.Type.CIDR, "203[.]0[.]113[.]5")).isEqualTo("203.0.113.5/32");
        assertThat(Watchlists.canonical(WatchEntry.Type.CIDR, "2001:DB8::/32")).isEqualTo("2001:db8::/32");
        assertThat(Watchlists.canonical(WatchEntry.Type.DOMAIN, "Bank.Example.")).isEqualTo("bank.example");
        assertThat(Watchlists.canonical(WatchEntry.Type.ASN, "asn 64500")).isEqualTo("AS64500");
        assertThatThrownBy(() -> Watchlists.canonical(WatchEntry.Type.CIDR, "0.0.0.0/0")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("wider");
        assertThatThrownBy(() -> Watchlists.canonical(WatchEntry.Type.CIDR, "10.1")).hasMessageContaining("not an address");
        assertThatThrownBy(() -> Watchlists.canonical(WatchEntry.Type.DOMAIN, "bank")).hasMessageContaining("not a domain");
        assertThatThrownBy(() -> Watchlists.canonical(WatchEntry.Type.NAME, "AB")).hasMessageContaining("three");
    }

    @Test
    void tenThousandRangesAreMatchedAsOneWouldByCheckingEachInTurn() {
        List<WatchEntry> entries = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 10_000; i++) {
            int prefix = 16 + random.nextInt(17);
            String base = (10 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".0";
            entries.add(new WatchEntry(i, i, "org" + i, WatchEntry.Type.CIDR, Watchlists.canonical(WatchEntry.Type.CIDR,
                    base + "/" + prefix)));
        }
        WatchMatcher m = new WatchMatcher(entries);
        List<java.math.BigInteger[]> ranges = entries.stream().map(e -> AddressRanges.range(e.value()).orElseThrow()).toList();
        for (int k = 0; k < 2_000; k++) {
            String ip = (10 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256);
            java.math.BigInteger n = AddressRanges.number(ip).orElseThrow()[0];
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < ranges.size(); i++) {
                if (ranges.get(i)[0].compareTo(n) <= 0 && ranges.get(i)[1].compareTo(n) >= 0) {
                    expected.add(entries.get(i).id());
                }
            }
            java.util.Collections.sort(expected);
            assertThat(m.match(List.of(new Indicator(Kind.IP, ip)), "").stream().map(h -> h.entry().id()).sorted().toList())
                    .as(ip).isEqualTo(expected);
        }
        assertThat(Indicators.Kind.IP).isNotNull();
    }
}
