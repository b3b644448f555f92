package org.infohub.mailet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.infohub.core.archive.ArchiveRepository.Archived;
import org.infohub.core.archive.MessageText;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.db.DataAccessException;
import org.infohub.core.member.HubList;
import org.infohub.core.tlp.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives the post in MariaDB: raw bytes and parsed fields. Idempotent by (Message-ID, list,
 * body): when James re-runs the pipeline after a crash, or a sender's server that got no answer
 * hands the same post to the other hub node, the post is found archived; if it was already
 * distributed it is dropped here, so members never get it twice. While the other node holds the
 * claim to deliver it, this copy waits and is looked at again when that claim would lapse: dropped
 * once the other node has distributed it, delivered here if that node died before it could. A post
 * without a Message-ID gets one derived from the mail's name, which is stable across such re-runs.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.ArchiveSubmission"/>}</pre>
 */
public class ArchiveSubmission extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSubmission.class);

    private final HubServices hub;

    @Inject
    public ArchiveSubmission(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        HubList list = Posts.list(mail, hub).orElseThrow(() -> new MessagingException("no hub list on " + mail.getName()));
        String messageId = Posts.header(message, "Message-ID").filter(id -> !id.isBlank()).orElseGet(() -> {
            String assigned = "<" + stableId(mail.getName()) + ".infohub@" + hub.domain() + ">";
            setHeader(message, "Message-ID", assigned);
            return assigned;
        });
        MessageText text = MessageText.of(message);
        Tlp tlp = HubAttributes.string(mail, HubAttributes.TLP).flatMap(Tlp::fromLabel).orElse(hub.config().defaultTlp());
        String sender = Posts.from(message).orElse(mail.getMaybeSender().asString(""));
        NewSubmission submission = new NewSubmission(ascii(messageId, MAX_ID), list, truncate(sender, 254),
                Posts.from(message).flatMap(hub.members()::findRepresentative), truncate(text.subject(), MAX_SUBJECT),
                truncate(text.body(), MAX_TEXT), tlp, HubAttributes.bool(mail, HubAttributes.TLP_LABELLED),
                hub.clock().instant(), Posts.header(message, "In-Reply-To").map(v -> ascii(v, MAX_ID)), raw(message));
        Archived archived;
        try {
            archived = hub.archive().archive(submission, mail.getName());
        } catch (DataAccessException e) {
            throw new MessagingException("ArchiveSubmission: the archive is not reachable; mail " + mail.getName()
                    + " will be retried", e);
        }
        long seq = archived.submission().seq();
        if (!archived.created() && archived.submission().distributedAt().isPresent()) {
            LOG.info("duplicate mail={} message-id={} list={} stage=archive seq={} action=dropped (already distributed)",
                    mail.getName(), messageId, list.localPart(), seq);
            mail.setState(Mail.GHOST);
            return;
        }
        if (!archived.created() && !claimed(hub, getMailetContext(), mail, seq, Processors.POSTING, "archive")) {
            return;
        }
        mail.setAttribute(new Attribute(HubAttributes.SUBMISSION, AttributeValue.of(seq)));
        mail.setAttribute(new Attribute(HubAttributes.KIND, AttributeValue.of(archived.submission().kind().code())));
        LOG.info("archived mail={} message-id={} list={} stage=archive seq={} tlp={} kind={}{}", mail.getName(),
                messageId, list.localPart(), seq, tlp.code(), archived.submission().kind().code(), archived.created() ? "" : " (found archived, not yet distributed)");
    }

    private static byte[] raw(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot read the message bytes", e);
        }
        return out.toByteArray();
    }

    private static void setHeader(MimeMessage message, String name, String value) {
        try {
            message.setHeader(name, value);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String stableId(String mailName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(mailName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Longest archived subject, in characters: a TEXT column holds 64 KB of UTF-8 at most. */
    static final int MAX_SUBJECT = 4000;
    /** Longest archived text body (the raw message is always kept whole). */
    static final int MAX_TEXT = 4_000_000;
    static final int MAX_ID = 900;

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Message-IDs are stored as ASCII: anything else in one is replaced, never a reason to fail. */
    private static String ascii(String s, int max) {
        return truncate(s.replaceAll("[^\\x21-\\x7E]", "?"), max);
    }

    /** How long a copy waits at least before it looks at another node's claim again. */
    private static final java.time.Duration LEAST_WAIT = java.time.Duration.ofSeconds(5);
    static final org.apache.mailet.AttributeName CLAIM_WAITS = org.apache.mailet.AttributeName.of("infohub.claimWaits");

    /**
     * True when this node may deliver post {@code seq} (its claim taken or renewed in MariaDB).
     * Otherwise the mail is dealt with: dropped when the post is distributed already, else sent back
     * to {@code processor} for when the other node's claim would lapse (the mail stays on this
     * node's durable spool meanwhile, so it is not lost if that node never comes back).
     */
    static boolean claimed(HubServices hub, org.apache.mailet.MailetContext context, Mail mail, long seq, String processor,
                           String stage) throws MessagingException {
        org.infohub.core.archive.ArchiveRepository.Claim claim;
        try {
            claim = hub.archive().claim(seq, mail.getName());
        } catch (DataAccessException e) {
            throw new MessagingException("the archive is not reachable; mail " + mail.getName() + " will be retried", e);
        }
        if (claim.ours()) {
            return true;
        }
        if (claim.distributed()) {
            LOG.info("duplicate mail={} seq={} stage={} action=dropped (distributed by {})", mail.getName(), seq,
                    stage, claim.holder());
            mail.setState(Mail.GHOST);
            return false;
        }
        long waits = HubAttributes.longValue(mail, CLAIM_WAITS).orElse(0L) + 1;
        java.time.Duration wait = claim.lapsesIn().plusSeconds(1);
        if (wait.compareTo(LEAST_WAIT) < 0) {
            wait = LEAST_WAIT;
        }
        mail.setAttribute(new Attribute(CLAIM_WAITS, AttributeValue.of(waits)));
        LOG.info("duplicate mail={} seq={} stage={} action=waiting {} holds the claim to deliver; looked at again in {} s "
                + "(wait {})", mail.getName(), seq, stage, claim.holder(), wait.toSeconds(), waits);
        context.sendMail(mail, processor, wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        mail.setState(Mail.GHOST);
        return false;
    }

    static Optional<Long> submission(Mail mail) {
        return HubAttributes.longValue(mail, HubAttributes.SUBMISSION);
    }
}
