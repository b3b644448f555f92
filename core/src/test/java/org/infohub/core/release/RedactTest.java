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

    @Test
    void aDraftShouldCarryNoLabelNoSignatureAndNoQuotedFooter() {
        String post = "TLP:GREEN\nPhishing wave [TLP: AMBER] against online banking (tlp-clear).\nDetails follow.\n"
                + "-- \nAlice Chan, SOC lead, +41 44 123 45 67\nTLP:GREEN: share within the community, not publicly.\n";

        String draft = Releases.withoutLabelsAndSignature(post);

        assertThat(draft).isEqualTo("Phishing wave against online banking .\nDetails follow.");
    }
}
