package org.infohub.mailet.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Organisational domains and alignment from the Public Suffix List, one row per suffix family. */
class DmarcTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "mail.tokyobank.or.jp, tokyobank.or.jp",
        "evil.or.jp, evil.or.jp",
        "a.b.city.kawasaki.jp, city.kawasaki.jp",
        "x.shop.kawasaki.jp, x.shop.kawasaki.jp",
        "mx.bank.co.uk, bank.co.uk",
        "nhs.uk, nhs.uk",
        "trust.nhs.uk, trust.nhs.uk",
        "www.bank.com.au, bank.com.au",
        "smtp.bank.com, bank.com",
        "x.y.bank.de, bank.de",
        "dept.uni.ac.kr, uni.ac.kr",
        "bank.com.br, bank.com.br",
        "alice.github.io, alice.github.io",
        "mail.bank-one.example, bank-one.example",
        "bank-one.example, bank-one.example",
        "hub.localhost, hub.localhost",
    })
    void organisationalDomainShouldFollowThePublicSuffixList(String domain, String organisational) {
        assertThat(Dmarc.organisational(domain)).isEqualTo(organisational);
    }

    @ParameterizedTest(name = "{0} aligned with {1}: {2}")
    @CsvSource({
        "evil.or.jp, tokyobank.or.jp, false",
        "mail.tokyobank.or.jp, tokyobank.or.jp, true",
        "evil.co.uk, bank.co.uk, false",
        "attacker.github.io, alice.github.io, false",
        "evil.com.au, bank.com.au, false",
        "mx.bank.com, bank.com, true",
    })
    void relaxedAlignmentShouldNeverJoinTwoRegistrantsOfOneSuffix(String signer, String from, boolean aligned) {
        assertThat(Dmarc.aligned(signer, from, false)).isEqualTo(aligned);
    }
}
