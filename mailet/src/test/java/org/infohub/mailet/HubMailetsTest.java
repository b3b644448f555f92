package org.infohub.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.vetting.Refusal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hub's mailets one by one, with James's mailet test kit and a real MariaDB behind them. */
class HubMailetsTest {
    private static HubDatabase db;
    private static HubServices hub;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabase.fresh("mailet_test");
        new MembershipImport(db.jdbc()).load(new BufferedReader(new StringReader("""
                organisation,sector,email,name
                Bank One,finance,alice@bank-one.example,Alice Chan
                Bank One,finance,bob@bank-one.example,Bob Lee
                City Hospital,healthcare,dan@hospital.example,Dan Okafor
                """)));
        hub = new HubServices(HubConfigLoader.load(Optional.empty(), Map.of()), new MembershipRepository(db.jdbc()),
                new ArchiveRepository(db.jdbc()), Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static MimeMessage message(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    /** A post as {@link CheckSenderAuthenticity} leaves it when SPF or DKIM passed aligned with From:. */
    private static FakeMail mail(String envelope, String to, String raw) throws Exception {
        FakeMail m = unauthenticated(envelope, to, raw);
        m.setAttribute(new org.apache.mailet.Attribute(HubAttributes.DMARC_ALIGNED, org.apache.mailet.AttributeValue.of(true)));
        return m;
    }

    private static FakeMail unauthenticated(String envelope, String to, String raw) throws Exception {
        return FakeMail.builder().name("m-" + System.nanoTime()).sender(envelope).recipient(to)
                .mimeMessage(message(raw)).build();
    }

    @Test
    void vetSenderShouldHoldAnUnauthenticatedPostOfARepresentativeAndRefuseItWhereTheListSaysReject() throws Exception {
        FakeMail held = unauthenticated("alice@bank-one.example", "finance@hub.localhost",
                "From: alice@bank-one.example\r\n\r\nbody\r\n");
        held.setAttribute(new org.apache.mailet.Attribute(HubAttributes.AUTH_SUMMARY,
                org.apache.mailet.AttributeValue.of("spf=fail (bank-one.example), dkim=none")));

        init(new VetSender(hub), FakeMailContext.defaultContext()).service(held);

        assertThat(codes(held)).isEqualTo("[HELD_UNAUTHENTICATED]");
        assertThat(HubAttributes.refusals(held).get(0)).contains("spf=fail (bank-one.example), dkim=none");

        new org.infohub.core.member.MembershipAdmin(hub.members(), new org.infohub.core.audit.AuditLog(
                hub.members().jdbc(), java.time.Clock.systemUTC()), java.time.Clock.systemUTC())
                .setSenderCheck("test", "finance", org.infohub.core.member.HubList.SenderCheck.REJECT);
        hub.lists().refresh();
        try {
            FakeMail refused = unauthenticated("alice@bank-one.example", "finance@hub.localhost",
                    "From: alice@bank-one.example\r\n\r\nbody\r\n");
            init(new VetSender(hub), FakeMailContext.defaultContext()).service(refused);
            assertThat(codes(refused)).isEqualTo("[NOT_AUTHENTICATED]");
        } finally {
            new org.infohub.core.member.MembershipAdmin(hub.members(), new org.infohub.core.audit.AuditLog(
                    hub.members().jdbc(), java.time.Clock.systemUTC()), java.time.Clock.systemUTC())
                    .setSenderCheck("test", "finance", org.infohub.core.member.HubList.SenderCheck.HOLD);
            hub.lists().refresh();
        }
    }

    private static String codes(Mail mail) {
        return HubAttributes.refusals(mail).stream().map(r -> r.substring(0, r.indexOf('|'))).sorted().toList().toString();
    }

    private static <T extends org.apache.mailet.base.GenericMailet> T init(T mailet, FakeMailContext context,
                                                                             String... params) throws Exception {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(mailet.getClass().getSimpleName())
                .mailetContext(context);
        for (int i = 0; i < params.length; i += 2) {
            config.setProperty(params[i], params[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void vetSenderShouldRecordEveryRefusalThatApplies() throws Exception {
        FakeMail m = mail("mallory@outside.example", "finance@hub.localhost",
                "From: eve@elsewhere.example\r\nAuto-Submitted: auto-generated\r\nSubject: x\r\n\r\nbody\r\n");

        init(new VetSender(hub), FakeMailContext.defaultContext()).service(m);

        assertThat(codes(m)).isEqualTo("[AUTO_SUBMITTED, FROM_NOT_A_REPRESENTATIVE, NOT_A_REPRESENTATIVE]");
    }

    @Test
    void vetSenderShouldRefuseARepresentativeOfAnotherSector() throws Exception {
        FakeMail m = mail("dan@hospital.example", "finance@hub.localhost", "From: dan@hospital.example\r\n\r\nbody\r\n");

        init(new VetSender(hub), FakeMailContext.defaultContext()).service(m);

        assertThat(codes(m)).isEqualTo("[WRONG_SECTOR]");
    }

    @Test
    void vetSenderShouldAcceptASectorMemberAndAnyMemberOnAll() throws Exception {
        FakeMail finance = mail("alice@bank-one.example", "finance@hub.localhost", "From: Alice <Alice@Bank-One.example>\r\n\r\nx\r\n");
        FakeMail all = mail("dan@hospital.example", "all@hub.localhost", "From: dan@hospital.example\r\n\r\nx\r\n");

        init(new VetSender(hub), FakeMailContext.defaultContext()).service(finance);
        init(new VetSender(hub), FakeMailContext.defaultContext()).service(all);

        assertThat(HubAttributes.refusals(finance)).isEmpty();
        assertThat(HubAttributes.refusals(all)).isEmpty();
    }

    @Test
    void classifyTlpShouldApplyTheDefaultAndRefuseRed() throws Exception {
        FakeMail unlabelled = mail("alice@bank-one.example", "finance@hub.localhost", "Subject: hello\r\n\r\nx\r\n");
        FakeMail red = mail("alice@bank-one.example", "finance@hub.localhost", "Subject: hello\r\n\r\nTLP:RED\r\nsecret\r\n");

        init(new ClassifyTlp(hub), FakeMailContext.defaultContext()).service(unlabelled);
        init(new ClassifyTlp(hub), FakeMailContext.defaultContext()).service(red);

        assertThat(HubAttributes.string(unlabelled, HubAttributes.TLP)).contains("AMBER");
        assertThat(HubAttributes.bool(unlabelled, HubAttributes.TLP_LABELLED)).isFalse();
        assertThat(HubAttributes.refusals(unlabelled)).isEmpty();
        assertThat(codes(red)).isEqualTo("[TLP_RED]");
    }

    private static FakeMail spfPassed(FakeMail m) {
        m.setAttribute(new org.apache.mailet.Attribute(HubAttributes.SPF, org.apache.mailet.AttributeValue.of("pass")));
        return m;
    }

    @Test
    void bounceRefusalShouldExplainEveryReasonToARepresentativeWhoseAddressSpfConfirmed() throws Exception {
        FakeMail m = spfPassed(mail("dan@hospital.example", "finance@hub.localhost",
                "From: dan@hospital.example\r\nSubject: Urgent\r\nMessage-ID: <m1@x>\r\n\r\nclick\r\n"));
        HubAttributes.addRefusal(m, Refusal.WRONG_SECTOR.encode("healthcare"));
        HubAttributes.addRefusal(m, Refusal.TLP_RED.encode(null));
        FakeMailContext context = FakeMailContext.defaultContext();

        init(new BounceRefusal(hub), context, "processor", "hub-relay").service(m);

        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail notice = context.getSentMails().get(0);
        assertThat(notice.getRecipients()).extracting(Object::toString).containsExactly("dan@hospital.example");
        assertThat(notice.getState()).isEqualTo("hub-relay");
        assertThat(notice.getSender().asString()).isEqualTo("finance-bounces@hub.localhost");
        String text = (String) notice.getMsg().getContent();
        assertThat(text).contains("labelled TLP:RED").contains("Message-ID: <m1@x>").doesNotContain("click");
        assertThat(notice.getMsg().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void bounceRefusalShouldNotAnswerWhoIsNotARepresentativeEvenWithSpfPass() throws Exception {
        FakeMail m = spfPassed(mail("mallory@outside.example", "finance@hub.localhost",
                "From: mallory@outside.example\r\nSubject: Urgent\r\nMessage-ID: <m1@x>\r\n\r\nclick\r\n"));
        HubAttributes.addRefusal(m, Refusal.NOT_A_REPRESENTATIVE.encode("mallory@outside.example"));
        FakeMailContext context = FakeMailContext.defaultContext();

        init(new BounceRefusal(hub), context, "processor", "hub-relay").service(m);

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void bounceRefusalShouldNotAnswerARepresentativesAddressThatNothingConfirmed() throws Exception {
        FakeMail m = mail("dan@hospital.example", "finance@hub.localhost",
                "From: dan@hospital.example\r\nSubject: Urgent\r\nMessage-ID: <m2@x>\r\n\r\nclick\r\n");
        m.setAttribute(new org.apache.mailet.Attribute(HubAttributes.SPF, org.apache.mailet.AttributeValue.of("fail")));
        m.setAttribute(new org.apache.mailet.Attribute(HubAttributes.DKIM_PASS,
                org.apache.mailet.AttributeValue.of("attacker.example")));
        HubAttributes.addRefusal(m, Refusal.WRONG_SECTOR.encode("healthcare"));
        FakeMailContext context = FakeMailContext.defaultContext();

        init(new BounceRefusal(hub), context, "processor", "hub-relay").service(m);

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void bounceRefusalShouldStayQuietForANullSender() throws Exception {
        FakeMail m = FakeMail.builder().name("n1").sender(org.apache.james.core.MaybeSender.nullSender())
                .recipient("finance@hub.localhost").mimeMessage(message("Subject: x\r\n\r\nx\r\n")).build();
        HubAttributes.addRefusal(m, Refusal.NULL_SENDER.encode(null));
        FakeMailContext context = FakeMailContext.defaultContext();

        init(new BounceRefusal(hub), context, "processor", "hub-relay").service(m);

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void bounceRefusalShouldStayQuietForAutomaticMail() throws Exception {
        FakeMail m = mail("mallory@outside.example", "finance@hub.localhost",
                "From: mallory@outside.example\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\naway\r\n");
        HubAttributes.addRefusal(m, Refusal.AUTO_SUBMITTED.encode(null));
        FakeMailContext context = FakeMailContext.defaultContext();

        init(new BounceRefusal(hub), context, "processor", "hub-relay").service(m);

        assertThat(context.getSentMails()).isEmpty();
    }

    @Test
    void addListHeadersShouldWrapAnHtmlBodyAndKeepItIntact() throws Exception {
        FakeMail m = mail("alice@bank-one.example", "finance@hub.localhost",
                "From: alice@bank-one.example\r\nSubject: TLP:CLEAR note\r\nMIME-Version: 1.0\r\n"
                        + "Content-Type: text/html; charset=utf-8\r\n\r\n<p>Stay <b>safe</b></p>\r\n");

        init(new AddListHeaders(hub), FakeMailContext.defaultContext()).service(m);

        MimeMessage out = m.getMessage();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        out.writeTo(bytes);
        MimeMessage reparsed = message(bytes.toString(StandardCharsets.UTF_8));
        Multipart mixed = (Multipart) reparsed.getContent();
        assertThat(reparsed.getSubject()).isEqualTo("[finance] TLP:CLEAR note");
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("text/html");
        assertThat((String) mixed.getBodyPart(0).getContent()).contains("<p>Stay <b>safe</b></p>");
        assertThat((String) mixed.getBodyPart(1).getContent()).contains("TLP:AMBER");
    }

    @Test
    void archiveSubmissionShouldGiveAPostWithoutMessageIdAStableOne() throws Exception {
        FakeMail first = FakeMail.builder().name("stable-name").sender("alice@bank-one.example")
                .recipient("finance@hub.localhost").mimeMessage(message("From: alice@bank-one.example\r\nSubject: x\r\n\r\ny\r\n")).build();
        FakeMail rerun = FakeMail.builder().name("stable-name").sender("alice@bank-one.example")
                .recipient("finance@hub.localhost").mimeMessage(message("From: alice@bank-one.example\r\nSubject: x\r\n\r\ny\r\n")).build();
        ArchiveSubmission mailet = init(new ArchiveSubmission(hub), FakeMailContext.defaultContext());

        mailet.service(first);
        hub.archive().markDistributed(ArchiveSubmission.submission(first).orElseThrow(), Instant.now());
        mailet.service(rerun);

        assertThat(first.getMessage().getHeader("Message-ID", null)).endsWith(".infohub@hub.localhost>");
        assertThat(rerun.getMessage().getHeader("Message-ID", null)).isEqualTo(first.getMessage().getHeader("Message-ID", null));
        assertThat(rerun.getState()).isEqualTo(Mail.GHOST);
    }

    @Test
    void checkStructureShouldRefuseAPostWhoseAuthorIsAmbiguous() throws Exception {
        FakeMail twoHeaders = mail("alice@bank-one.example", "finance@hub.localhost",
                "From: alice@bank-one.example\r\nFrom: ceo@bank-one.example\r\nSubject: x\r\n\r\nbody\r\n");
        FakeMail twoAddresses = mail("alice@bank-one.example", "finance@hub.localhost",
                "From: alice@bank-one.example, mallory@evil.example\r\nSubject: x\r\n\r\nbody\r\n");
        FakeMail plain = mail("alice@bank-one.example", "finance@hub.localhost",
                "From: Alice <alice@bank-one.example>\r\nSubject: x\r\n\r\nbody\r\n");

        for (FakeMail m : java.util.List.of(twoHeaders, twoAddresses, plain)) {
            init(new CheckStructure(), FakeMailContext.defaultContext()).service(m);
        }

        assertThat(codes(twoHeaders)).isEqualTo("[AMBIGUOUS_FROM]");
        assertThat(codes(twoAddresses)).isEqualTo("[AMBIGUOUS_FROM]");
        assertThat(HubAttributes.refusals(plain)).isEmpty();
    }
}
