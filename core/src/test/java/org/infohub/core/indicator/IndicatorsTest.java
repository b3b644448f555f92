package org.infohub.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.infohub.core.indicator.Indicators.Indicator;
import org.infohub.core.indicator.Indicators.Kind;
import org.junit.jupiter.api.Test;

class IndicatorsTest {
    private final Indicators indicators = new Indicators("hub.localhost");

    private List<String> of(Kind kind, String text) {
        return indicators.extract(text).stream().filter(i -> i.kind() == kind).map(Indicator::value).toList();
    }

    @Test
    void extractShouldFindIpv4AddressesAndRanges() {
        assertThat(of(Kind.IP, "C2 at 203.0.113.45, fallback 198.51.100.7.")).containsExactly("203.0.113.45", "198.51.100.7");
        assertThat(of(Kind.CIDR, "block 192.0.2.0/24 and 10.0.0.0/8")).containsExactly("192.0.2.0/24", "10.0.0.0/8");
    }

    @Test
    void extractShouldRefangDefangedIndicators() {
        String text = "beacon to 203[.]0[.]113[.]9 and hxxps://evil-login[.]com/owa/auth.php, reply to ops[at]evil-login(.)com";

        assertThat(of(Kind.IP, text)).containsExactly("203.0.113.9");
        assertThat(of(Kind.URL, text)).containsExactly("https://evil-login.com/owa/auth.php");
        assertThat(of(Kind.DOMAIN, text)).containsExactly("evil-login.com");
        assertThat(of(Kind.EMAIL, text)).containsExactly("ops@evil-login.com");
    }

    @Test
    void extractShouldNotTakeVersionNumbersDatesOrFileNamesForIndicators() {
        String text = "Fixed in version 10.2.1.4 and v1.2.3.4; build 2.0.0.1 out on 2026.03.01, see 1.2.3.4.5 "
                + "and the attachment invoice.pdf, setup.exe, script.js, e.g. the readme.txt; at 10:30:00.";

        assertThat(indicators.extract(text)).isEmpty();
    }

    @Test
    void extractShouldNotTakeTheHubsOwnAddresses() {
        assertThat(indicators.extract("Write to finance@hub.localhost or see https://hub.localhost/archive/12")).isEmpty();
    }

    @Test
    void extractShouldFindIpv6InCanonicalForm() {
        assertThat(of(Kind.IP, "from 2001:DB8:0:0:0:0:0:1 and fe80::1")).containsExactly("2001:db8::1", "fe80::1");
        assertThat(of(Kind.CIDR, "range 2001:db8::/32")).containsExactly("2001:db8::/32");
    }

    @Test
    void extractShouldFindHashesAndCves() {
        String md5 = "44d88612fea8a8f36de82e1278abb02f";
        String sha1 = "3395856ce81f2b7382dee72602f798b642f14140";
        String sha256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
        String text = "Sample " + md5.toUpperCase() + " / " + sha1 + " / " + sha256 + " exploits cve-2024-3400 and CVE-2023-4966.";

        assertThat(of(Kind.HASH, text)).containsExactly(md5, sha1, sha256);
        assertThat(of(Kind.CVE, text)).containsExactly("cve-2024-3400", "cve-2023-4966");
    }

    @Test
    void extractShouldTakeTheHostOfAUrlAsADomainToo() {
        assertThat(of(Kind.DOMAIN, "download from http://cdn.bad-updates.net/x.bin")).containsExactly("cdn.bad-updates.net");
    }

    @Test
    void extractShouldSurviveLongRunsOfLabelsAndAddresses() {
        String hostile = "a.".repeat(100_000) + " " + "b@" + "a.".repeat(50_000) + " " + "x@y@z@".repeat(20_000)
                + " http://e.com" + ".".repeat(100_000) + "x ";

        List<Indicators.Indicator> found = new Indicators("hub.example").extract(hostile + "real.example.com");

        assertThat(found).contains(new Indicators.Indicator(Indicators.Kind.DOMAIN, "real.example.com"));
    }

    @Test
    void extractShouldReadAddressesAndDomainsAroundPunctuation() {
        List<Indicators.Indicator> found = new Indicators("hub.example")
                .extract("Mail from evil@phish.example.com, see (login-bank.co.uk). Not file.txt or foo_bar.com.");

        assertThat(found).contains(new Indicators.Indicator(Indicators.Kind.EMAIL, "evil@phish.example.com"),
                new Indicators.Indicator(Indicators.Kind.DOMAIN, "login-bank.co.uk"));
        assertThat(found).extracting(Indicators.Indicator::value).doesNotContain("file.txt", "foo_bar.com",
                "bar.com", "phish.example.com");
    }
}
