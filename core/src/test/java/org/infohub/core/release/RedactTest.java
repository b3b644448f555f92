package org.infohub.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Redaction of names in a post's text, including the hostile text a post can carry. */
class RedactTest {

    @Test
    void hostsUnderAMembersDomainShouldGoWithIt() {
        String out = Releases.redact("VPN at vpn.mail.Bank-One.example and bank-one.example; not bank-one.examples.",
                List.of("bank-one.example"));

        assertThat(out).isEqualTo("VPN at [redacted] and [redacted]; not bank-one.examples.");
    }

    @Test
    void aLongRunOfLabelsShouldBeRedactedWithoutOverflowingTheStack() {
        String text = "x " + "a.".repeat(200_000) + "bank-one.example end " + "1 ".repeat(50_000) + "b@".repeat(50_000);

        String out = Releases.redact(text, List.of("bank-one.example", "Bank One"));

        assertThat(out).startsWith("x [redacted] end 1 1 ");
    }

    @Test
    void addressesShouldBeRedactedAndOtherAtSignsKept() {
        String out = Releases.redact("Write to Carol.Diaz+soc@bank-two.example, or @handle on chat; a@b is no address.",
                List.of());

        assertThat(out).isEqualTo("Write to [redacted], or @handle on chat; a@b is no address.");
    }

    /**
     * Letters whose lower case is another length (the dotted capital I, U+0130, lowers to two
     * characters) once turned name matching off for the whole text, and letters that read as ASCII
     * (the Kelvin sign, U+212A, reads as K; full-width forms) stopped the scan of an address. The
     * fuzzer found an address that went out so; every case below went out before the fold.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "\u0130stanbul: write to alice@first-ban\u212A.example",
        "write to alice@first-ban\u212A.example",
        "\u0130 mail Alice Wong at ALICE@FIRST-BANK.EXAMPLE",
        "\u0130 First Bank of Example says",
        "write to \uff41\uff4c\uff49\uff43\uff45\uff20\uff46\uff49\uff52\uff53\uff54-bank\uff0eexample"})
    void lettersThatChangeOrHideUnderCaseFoldingShouldNotHideAName(String text) {
        String out = Releases.redact(text, List.of("Alice Wong", "First Bank of Example", "alice@first-bank.example"));

        assertThat(out).contains(Releases.REDACTED);
        assertThat(java.text.Normalizer.normalize(out, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("alice").doesNotContain("first bank").doesNotContain("first-bank");
    }

    @Test
    void aDraftShouldCarryNoLabelNoSignatureAndNoQuotedFooter() {
        String post = "TLP:GREEN\nPhishing wave [TLP: AMBER] against online banking (tlp-clear).\nDetails follow.\n"
                + "-- \nAlice Chan, SOC lead, +41 44 123 45 67\nTLP:GREEN: share within the community, not publicly.\n";

        String draft = Releases.withoutLabelsAndSignature(post);

        assertThat(draft).isEqualTo("Phishing wave against online banking .\nDetails follow.");
    }

    /** The programme as the table below knows it: organisations, representatives, members' domains, the author. */
    private static final List<String> PROGRAMME = List.of("Harbour Insurance", "Second Bank", "Bank Two", "Carol Diaz",
            "Bob Lee", "Alice Chan", "bank.demo", "harbour.example", "alice@bank.demo", "陳大文", "李小美",
            "港灣保險");

    /** What readers understand, each with what the Public Zone must show. */
    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // e-mail addresses, plain and defanged
        "mail carol@bank.demo now|mail [redacted] now",
        "mail carol [at] bank [dot] demo now|mail [redacted] now",
        "mail bob(at)bank(dot)demo now|mail [redacted] now",
        "mail bob[at]bank[.]demo now|mail [redacted] now",
        "mail x.y+tag@other.example now|mail [redacted] now",
        "mail soc{at}bank{.}demo now|mail [redacted] now",
        // members' domains and hosts under them, plain and defanged
        "host vpn.bank.demo is down|host [redacted] is down",
        "host vpn.bank[.]demo is down|host [redacted] is down",
        "host vpn[.]bank[.]demo is down|host [redacted] is down",
        "see BANK.DEMO today|see [redacted] today",
        "portal.harbour.example was hit|[redacted] was hit",
        // internal addresses, plain and defanged
        "from 10.1.2.3 inside|from [redacted] inside",
        "from 10[.]1[.]2[.]3 inside|from [redacted] inside",
        "from 192.168.40.7 inside|from [redacted] inside",
        "from 172.20.0.9 inside|from [redacted] inside",
        "from 169.254.1.1 inside|from [redacted] inside",
        "from 127.0.0.1 inside|from [redacted] inside",
        "from fd12:3456:789a::1 inside|from [redacted] inside",
        "from fe80::1c2d:3e4f:5a6b:7c8d inside|from [redacted] inside",
        "from fc00:1:2:3:4:5:6:7 inside|from [redacted] inside",
        // phone numbers
        "call (555) 123-4567 now|call [redacted] now",
        "call 555.123.4567 now|call [redacted] now",
        "call 555-123-4567 now|call [redacted] now",
        "call +41.44.123.45.67 now|call [redacted] now",
        "call +41 44 123 45 67 now|call [redacted] now",
        "call 044 123 45 67 now|call [redacted] now",
        "call +1 (555) 123-4567 now|call [redacted] now",
        // organisations and people, as written
        "Harbour Insurance saw it|[redacted] saw it",
        "HarbourInsurance saw it|[redacted] saw it",
        "HarbourIns saw it|[redacted] saw it",
        "Second-Bank saw it|[redacted] saw it",
        "SECOND BANK saw it|[redacted] saw it",
        "SecondBank saw it|[redacted] saw it",
        "ask Carol Diaz or Bob Lee|ask [redacted] or [redacted]",
        "ask carol-diaz|ask [redacted]",
        // public indicators stay, defanged as their author wrote them
        "C2 at 203.0.113.5 today|C2 at 203.0.113.5 today",
        "C2 at 203[.]0[.]113[.]5 today|C2 at 203[.]0[.]113[.]5 today",
        "phish at hxxps://evil[.]example/login|phish at hxxps://evil[.]example/login",
        "domain evil.com and mail attacker@evil.com|domain evil.com and mail [redacted]",
        "see CVE-2025-0282 and 2001:db8::1|see CVE-2025-0282 and 2001:db8::1",
        "hash d41d8cd98f00b204e9800998ecf8427e|hash d41d8cd98f00b204e9800998ecf8427e",
        "on 2026-11-30 at 10:30:00 UTC|on 2026-11-30 at 10:30:00 UTC",
        "version 10.2.1.4 is fixed|version 10.2.1.4 is fixed",
        "the bankdemo group and Secondary banks|the bankdemo group and Secondary banks",
        "Bob Leeds wrote|Bob Leeds wrote",
        // Hong Kong (issue 28): phone numbers as Hong Kong writes them
        "call 2345 6789 now|call [redacted] now",
        "call 23456789 now|call [redacted] now",
        "call 2345-6789 now|call [redacted] now",
        "call +852-2345-6789 now|call [redacted] now",
        "call +852 2345 6789 now|call [redacted] now",
        "call +85223456789 now|call [redacted] now",
        "call (852) 9123 4567 now|call [redacted] now",
        "call 00852 6123 4567 now|call [redacted] now",
        "Tel: 3123 4567 (24h)|Tel: [redacted] (24h)",
        "請致電 9876 5432 查詢|請致電 [redacted] 查詢",
        "電話：23456789。|電話：[redacted]。",
        // Hong Kong identity card numbers: bracketed as printed (any check digit), or run on with a right one
        "HKID A123456(7) seen|HKID [redacted] seen",
        "HKID A123456(3) seen|HKID [redacted] seen",
        "HKID a123456 (3) seen|HKID [redacted] seen",
        "HKID AB987654(A) seen|HKID [redacted] seen",
        "身份證號碼Z683365（5）外洩|身份證號碼[redacted]外洩",
        "HKID A1234563 seen|HKID [redacted] seen",
        "part A1234567 ordered|part A1234567 ordered",
        // representatives' and organisations' registered Chinese names, wherever they stand
        "請聯絡陳大文先生|請聯絡[redacted]先生",
        "李小美、陳大文已確認|[redacted]、[redacted]已確認",
        "港灣保險受影響|[redacted]受影響",
        // what stays: dates, indicators, ticket and CVE numbers, other people
        "on 20261205 at noon|on 20261205 at noon",
        "see CVE-2026-23456789 too|see CVE-2026-23456789 too",
        "ticket #23456789 closed|ticket #23456789 closed",
        "C2 at 203.0.113.5，影響 1234 間機構|C2 at 203.0.113.5，影響 1234 間機構",
        "陳大明亦有參與|陳大明亦有參與",
        "勒索軟件 LockBit 3.0 新變種|勒索軟件 LockBit 3.0 新變種",
    })
    void whatReadersUnderstandShouldBeRedactedAndPublicIndicatorsKept(String text, String published) {
        assertThat(Releases.redact(text, PROGRAMME)).isEqualTo(published);
    }
}
