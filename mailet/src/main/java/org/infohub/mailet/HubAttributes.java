package org.infohub.mailet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/** The mail attributes the hub pipeline sets and reads, in one place. */
public final class HubAttributes {
    /** The local part of the list a post is for. */
    public static final AttributeName LIST = AttributeName.of("infohub.list");
    /** The processor a hub mailet failed in, so a retry goes back there rather than to the root. */
    public static final AttributeName FAILED_IN = AttributeName.of("infohub.failedIn");
    /** The addresses {@link DecideAudience} recorded for copies, one per line, for {@link ExpandListRecipients}. */
    public static final AttributeName COPIES = AttributeName.of("infohub.audience.copies");
    /** Why a mail was set aside over its time budget (see {@link MailBudget}). */
    public static final AttributeName OVER_BUDGET = AttributeName.of("infohub.overBudget");
    /** Encoded {@link org.infohub.core.vetting.Refusal}s recorded by the vetting rules. */
    public static final AttributeName REFUSALS = AttributeName.of("infohub.refusals");
    /** The TLP code the post is handled with, such as {@code AMBER+STRICT}. */
    public static final AttributeName TLP = AttributeName.of("infohub.tlp");
    /** Whether the sender labelled the post (false: the default TLP was applied). */
    public static final AttributeName TLP_LABELLED = AttributeName.of("infohub.tlpLabelled");
    /** The archive sequence number of the post. */
    public static final AttributeName SUBMISSION = AttributeName.of("infohub.submission");
    /** The post's kind as archived (alert, advisory, discussion, emerging-tech, event). */
    public static final AttributeName KIND = AttributeName.of("infohub.kind");
    /** Set on a held post an administrator approved: moderation does not hold it again. */
    public static final AttributeName APPROVED = AttributeName.of("infohub.approved");

    /** True when SPF or DKIM passed for a domain aligned with {@code From:} (DMARC pass). */
    public static final AttributeName DMARC_ALIGNED = AttributeName.of("infohub.dmarcAligned");
    /** True when the sender signed in with SMTP AUTH as the representative in {@code From:}. */
    public static final AttributeName AUTHENTICATED = AttributeName.of("infohub.authenticated");
    /** The SPF result for the envelope sender ({@code pass}, {@code fail}, ...). */
    public static final AttributeName SPF = AttributeName.of("infohub.spf");
    /** The checks in words, for the moderator and the notice: {@code spf=fail, dkim=none, ...}. */
    public static final AttributeName AUTH_SUMMARY = AttributeName.of("infohub.authSummary");
    /** The domains ({@code d=}) of the DKIM signatures that verified, comma-separated. */
    public static final AttributeName DKIM_PASS = AttributeName.of("infohub.dkimPass");
    /** The DMARC policy the author's domain publishes ({@code none}, {@code quarantine}, {@code reject}). */
    public static final AttributeName DMARC_POLICY = AttributeName.of("infohub.dmarcPolicy");

    private HubAttributes() {
    }

    public static Optional<String> string(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(a -> a.getValue().value()).filter(String.class::isInstance)
                .map(String.class::cast);
    }

    public static Optional<Long> longValue(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(a -> a.getValue().value()).filter(Long.class::isInstance)
                .map(Long.class::cast);
    }

    public static boolean bool(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(a -> a.getValue().value()).filter(Boolean.class::isInstance)
                .map(Boolean.class::cast).orElse(false);
    }

    public static List<String> refusals(Mail mail) {
        List<String> out = new ArrayList<>();
        mail.getAttribute(REFUSALS).map(a -> a.getValue().value()).filter(Collection.class::isInstance)
                .map(c -> (Collection<?>) c)
                .ifPresent(c -> c.forEach(v -> out.add(String.valueOf(((AttributeValue<?>) v).value()))));
        return out;
    }

    /** Adds one refusal to those already recorded: rules record every hit, they do not stop. */
    public static void addRefusal(Mail mail, String encoded) {
        List<AttributeValue<?>> values = new ArrayList<>();
        refusals(mail).forEach(r -> values.add(AttributeValue.of(r)));
        values.add(AttributeValue.of(encoded));
        mail.setAttribute(new Attribute(REFUSALS, AttributeValue.of(values)));
    }
}
