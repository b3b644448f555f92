package org.infohub.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.member.ValidationException;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Submission passwords, bounce scores with decay, unsubscribe tokens and VERP addresses, on MariaDB. */
class TrustRecordsTest {
    private static HubDatabase db;

    @BeforeAll
    static void load() throws Exception {
        db = TestDatabase.fresh("trust_records");
        assertThat(new MembershipImport(db.jdbc()).load(new BufferedReader(new StringReader(
                "organisation,sector,email,name\nBank One,finance,alice@bank-one.example,Alice\n"
                        + "Bank One,finance,bob@bank-one.example,Bob\n"))).ok()).isTrue();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void passwordsShouldBeStoredHashedAndCheckedAndRepresentativesWithoutOneRefused() {
        SmtpPasswords passwords = new SmtpPasswords(db.jdbc(), new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        assertThat(passwords.hasPassword("bob@bank-one.example")).isFalse();
        assertThat(passwords.verify("bob@bank-one.example", "anything at all")).isEmpty();
        assertThatThrownBy(() -> passwords.set("t", "alice@bank-one.example", "short")).isInstanceOf(ValidationException.class);

        passwords.set("t", "alice@bank-one.example", "a long enough secret");

        assertThat(passwords.hasPassword("alice@bank-one.example")).isTrue();
        assertThat(passwords.verify("Alice@Bank-One.example", "a long enough secret")).isPresent();
        assertThat(passwords.verify("alice@bank-one.example", "a long enough secreT")).isEmpty();
        assertThat(passwords.verify("nobody@bank-one.example", "a long enough secret")).isEmpty();
        assertThat(db.jdbc().queryOne("SELECT smtp_password_hash FROM representative WHERE email = ?",
                rs -> rs.getString(1), "alice@bank-one.example").orElseThrow()).startsWith("pbkdf2-sha256$210000$")
                .doesNotContain("secret");
    }

    @Test
    void scoresShouldDecayWithTheHalfLifeAndDisableDeliveryOncePastTheThreshold() {
        Instant[] now = {Instant.parse("2026-11-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        Bounces bounces = new Bounces(db.jdbc(), clock, 2.5, Duration.ofDays(7));
        assertThat(bounces.record("bob@bank-one.example", "finance", "7", "5.7.1", false, "spam").orElseThrow().score()).isZero();
        assertThat(bounces.record("bob@bank-one.example", "finance", "7", "5.1.1", true, "unknown").orElseThrow().score())
                .isEqualTo(1.0);
        now[0] = now[0].plus(Duration.ofDays(7));
        Bounces.Outcome second = bounces.record("bob@bank-one.example", "finance", "8", "5.1.1", true, "x").orElseThrow();
        assertThat(second.score()).isEqualTo(1.5);
        assertThat(second.disabledNow()).isFalse();
        assertThat(second.probeNow()).isEmpty();
        Bounces.Outcome third = bounces.record("bob@bank-one.example", "finance", "9", "5.2.2", true, "full").orElseThrow();
        assertThat(third.score()).isEqualTo(2.5);
        assertThat(third.disabledNow()).as("past the threshold a probe goes out first").isFalse();
        String probe = third.probeNow().orElseThrow();
        Bounces.Outcome more = bounces.record("bob@bank-one.example", "finance", "10", "5.2.2", true, "full").orElseThrow();
        assertThat(more.disabledNow()).isFalse();
        assertThat(more.probeNow()).as("one probe out at a time").isEmpty();
        assertThat(bounces.record("bob@bank-one.example", "finance", "p1", "5.2.2", true, "x").orElseThrow().disabledNow())
                .as("a probe reference the hub did not send").isFalse();
        assertThat(bounces.record("bob@bank-one.example", "finance", probe, "5.2.2", true, "full").orElseThrow()
                .disabledNow()).as("the probe bounced").isTrue();
        assertThat(bounces.record("bob@bank-one.example", "finance", probe, "5.2.2", true, "full").orElseThrow().disabledNow())
                .as("told once").isFalse();
        org.infohub.core.member.MembershipRepository members = new org.infohub.core.member.MembershipRepository(db.jdbc());
        assertThat(members.memberEmails(members.findList("finance").orElseThrow(),
                org.infohub.core.member.DeliveryMode.IMMEDIATE)).containsExactly("alice@bank-one.example");
        new org.infohub.core.member.MembershipAdmin(members, new AuditLog(db.jdbc(), clock), clock)
                .setSubscription("t", "bob@bank-one.example", "finance", org.infohub.core.member.DeliveryMode.DIGEST);
        assertThat(new org.infohub.core.digest.Digests(members, new org.infohub.core.archive.ArchiveRepository(db.jdbc()),
                "hub.example", clock).readers()).as("no digest either").doesNotContain("bob@bank-one.example");
        bounces.enable("t", "bob@bank-one.example");
        assertThat(bounces.state("bob@bank-one.example").disabledAt()).isEmpty();
        assertThat(new org.infohub.core.digest.Digests(members, new org.infohub.core.archive.ArchiveRepository(db.jdbc()),
                "hub.example", clock).readers()).contains("bob@bank-one.example");
        assertThat(bounces.state("bob@bank-one.example").score()).isZero();
    }

    @Test
    void tokensShouldRoundTripAndChangedOnesBeRefused() {
        UnsubscribeTokens tokens = new UnsubscribeTokens(new HubSecrets(db.jdbc()).get(UnsubscribeTokens.SECRET_NAME));
        String t = tokens.sign("finance", "Bob@Bank-One.example");
        assertThat(tokens.verify(t)).contains(new UnsubscribeTokens.Target("finance", "bob@bank-one.example"));
        assertThat(new UnsubscribeTokens(new HubSecrets(db.jdbc()).get(UnsubscribeTokens.SECRET_NAME)).verify(t))
                .as("the console reads the same key").isPresent();
        int middleOfMac = t.indexOf('.') + 5;
        char other = t.charAt(middleOfMac) == 'A' ? 'B' : 'A';
        assertThat(tokens.verify(t.substring(0, middleOfMac) + other + t.substring(middleOfMac + 1)))
                .as("a changed MAC").isEmpty();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(t.charAt(t.length() - 1));
        assertThat(last % 16).as("16 bytes leave 4 unused bits in the last character").isZero();
        String sameBytes = t.substring(0, t.length() - 1) + alphabet.charAt(last | 1);
        assertThat(java.util.Base64.getUrlDecoder().decode(sameBytes.substring(sameBytes.indexOf('.') + 1)))
                .as("the decoder reads both spellings alike")
                .isEqualTo(java.util.Base64.getUrlDecoder().decode(t.substring(t.indexOf('.') + 1)));
        assertThat(tokens.verify(sameBytes)).as("another spelling of the same bytes").isEmpty();
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(new UnsubscribeTokens(new byte[32]).verify(t)).isEmpty();
    }

    @Test
    void verpAddressesShouldNameListMemberAndPostAndRefuseAnyChange() {
        Verp verp = new Verp(new HubSecrets(db.jdbc()).get(Verp.SECRET_NAME));
        String address = verp.encode("finance", "Bob@Bank-One.example", "42", "hub.example");
        String local = address.substring(0, address.indexOf('@'));

        assertThat(address).matches("finance-bounces\\+bob=bank-one\\.example\\+42-[a-z2-7]{8}@hub\\.example");
        assertThat(verp.decode(local)).contains(new Verp.Target("finance", "bob@bank-one.example", "42"));
        assertThat(verp.decode(local.replace("bob=", "alice="))).as("another member").isEmpty();
        assertThat(verp.decode(local.replace("+42-", "+43-"))).as("another post").isEmpty();
        assertThat(verp.decode("finance-bounces+bob=bank-one.example")).as("the old, untagged form").isEmpty();
        assertThat(new Verp(new byte[32]).decode(local)).as("another key").isEmpty();
        assertThat(verp.decode("finance-bounces")).isEmpty();
    }
}
