package org.infohub.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Set;

import org.infohub.core.indicator.IndicatorClassifier.Assets;
import org.infohub.core.indicator.IndicatorClassifier.Classified;
import org.infohub.core.indicator.IndicatorClassifier.Reason;
import org.infohub.core.indicator.IndicatorClassifier.Use;
import org.infohub.core.indicator.Indicators.Indicator;
import org.infohub.core.indicator.Indicators.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What may be used for detection, and why the rest is context: each range, list and registered asset. */
class IndicatorClassifierTest {
    /** First Bank registered firstbank.com.hk; Harbour Health watches 45.77.10.0/24 and portal.harbourhealth.hk. */
    private static final Assets ASSETS = Assets.of(Set.of("firstbank.com.hk", "harbourhealth.hk"),
            Set.of("45.77.10.9", "portal.harbourhealth.hk"));
    private final IndicatorClassifier classifier = new IndicatorClassifier("hub.infohub.hk");

    @ParameterizedTest(name = "{0} {1} is {2} ({3})")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            ip     | 185.220.101.47                          | detection | -
            ip     | 2a01:4f8:c17:1a2b::1                    | detection | -
            cidr   | 91.92.240.0/22                          | detection | -
            domain | login-firstbank-secure.com              | detection | -
            url    | https://login-firstbank-secure.com/otp  | detection | -
            email  | ops@bulletproof-mail.ru                 | detection | -
            hash   | 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f | detection | -
            cve    | cve-2024-3400                           | detection | -
            ip     | 10.20.71.152                            | context   | internal-range
            ip     | 172.16.4.20                             | context   | internal-range
            ip     | 172.31.255.1                            | context   | internal-range
            ip     | 192.168.1.10                            | context   | internal-range
            ip     | 100.64.12.7                             | context   | internal-range
            ip     | 127.0.0.1                               | context   | internal-range
            ip     | 169.254.169.254                         | context   | internal-range
            ip     | ::1                                     | context   | internal-range
            ip     | fe80::1                                 | context   | internal-range
            ip     | fd12:3456:789a::10                      | context   | internal-range
            cidr   | 10.20.0.0/16                            | context   | internal-range
            url    | http://10.20.71.152:8080/admin          | context   | internal-range
            ip     | 172.32.0.1                              | detection | -
            ip     | 100.128.0.1                             | detection | -
            ip     | 192.0.2.15                              | context   | special-use
            ip     | 198.51.100.7                            | context   | special-use
            ip     | 203.0.113.50                            | context   | special-use
            ip     | 198.18.0.1                              | context   | special-use
            ip     | 0.0.0.0                                 | context   | special-use
            ip     | 239.255.255.250                         | context   | special-use
            ip     | 255.255.255.255                         | context   | special-use
            ip     | 2001:db8::5                             | context   | special-use
            ip     | ff02::1                                 | context   | special-use
            cidr   | 0.0.0.0/0                               | context   | special-use
            domain | www.example.com                         | context   | special-use
            domain | evil.test                               | context   | special-use
            domain | firstbank.com.hk                        | context   | member-asset
            domain | fileserver01.firstbank.com.hk           | context   | member-asset
            url    | https://vpn.firstbank.com.hk/remote     | context   | member-asset
            email  | it-helpdesk@firstbank.com.hk            | context   | member-asset
            domain | notfirstbank.com.hk                     | detection | -
            domain | firstbank.com.hk.evil.ru                | detection | -
            ip     | 45.77.10.9                              | context   | watched-asset
            domain | portal.harbourhealth.hk                 | context   | watched-asset
            domain | hub.infohub.hk                          | context   | hub-domain
            url    | https://lists.hub.infohub.hk/archive    | context   | hub-domain
            ip     | 8.8.8.8                                 | context   | warning-list
            ip     | 1.1.1.1                                 | context   | warning-list
            ip     | 2606:4700:4700::1111                    | context   | warning-list
            domain | google.com                              | context   | warning-list
            domain | www.microsoft.com                       | context   | warning-list
            url    | https://google.com                      | context   | warning-list
            url    | https://docs.google.com/forms/d/e/1FAIpQ/viewform | detection | -
            domain | phish.blogspot.com                      | detection | -
            hash   | d41d8cd98f00b204e9800998ecf8427e        | context   | warning-list
            hash   | e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | context | warning-list
            """)
    void classifies(String kind, String value, String use, String reason) {
        Classified c = classifier.classify(new Indicator(Kind.valueOf(kind.toUpperCase()), value), ASSETS);
        assertThat(c.use().code()).isEqualTo(use);
        assertThat(c.reason().code()).isEqualTo(reason == null ? "" : reason);
        assertThat(c.shareable()).isEqualTo(c.forDetection() || Set.of("special-use", "warning-list").contains(c.reason().code()));
    }

    @Test
    void aMembersAssetsNeverLeaveEvenAsContextAndAnAnalystsContextKeepsTheReason() {
        for (Reason r : new Reason[] {Reason.INTERNAL_RANGE, Reason.MEMBER_ASSET, Reason.WATCHED_ASSET, Reason.HUB_DOMAIN}) {
            assertThat(new Classified(new Indicator(Kind.IP, "10.0.0.1"), Use.CONTEXT, r, java.util.Optional.empty()).shareable())
                    .as(r.code()).isFalse();
        }
        assertThat(Use.of("context")).isEqualTo(Use.CONTEXT);
        assertThat(Use.of("detection")).isEqualTo(Use.DETECTION);
        assertThat(Reason.of("member-asset")).isEqualTo(Reason.MEMBER_ASSET);
    }

    @Test
    void theShippedWarningListsAreReadWithTheirSourcesLeftOut() {
        WarningLists lists = WarningLists.shipped();
        assertThat(lists.size()).isGreaterThan(10_000);
        assertThat(lists.benignDomain("# widely used, benign domains: an indicator equal to one of these is context, not for detection."))
                .isFalse();
        assertThat(lists.publicResolver("9.9.9.9")).isTrue();
        assertThat(lists.falsePositiveHash("D41D8CD98F00B204E9800998ECF8427E")).isTrue();
    }

    @Test
    void theRedactorsRangesAreTheClassifiers() throws Exception {
        assertThat(IndicatorClassifier.internal(InetAddress.getByName("10.20.71.152"))).isTrue();
        assertThat(IndicatorClassifier.internal(InetAddress.getByName("100.64.0.1"))).isTrue();
        assertThat(IndicatorClassifier.internal(InetAddress.getByName("185.220.101.47"))).isFalse();
        assertThat(IndicatorClassifier.hostOf("http://user@[2001:db8::1]:8080/x")).contains("2001:db8::1");
        assertThat(IndicatorClassifier.suffixes("a.b.example.com")).containsExactly("a.b.example.com", "b.example.com",
                "example.com");
    }
}
