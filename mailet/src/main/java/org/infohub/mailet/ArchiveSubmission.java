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
import org.apache.mailet.base.GenericMailet;
import org.infohub.core.archive.ArchiveRepository.Archived;
import org.infohub.core.archive.MessageText;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.db.DataAccessException;
import org.infohub.core.member.HubList;
import org.infohub.core.tlp.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives the post in MariaDB: raw bytes and parsed fields. Idempotent by (Message-ID, list):
 * when James re-runs the pipeline after a crash, the post is found archived; if it was already
 * distributed it is dropped here, so members never get it twice. A post without a Message-ID gets
 * one derived from the mail's name, which is stable across such re-runs.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.ArchiveSubmission"/>}</pre>
 */
public class ArchiveSubmission extends GenericMailet {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSubmission.class);

    private final HubServices hub;

    @Inject
    public ArchiveSubmission(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
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
        NewSubmission submission = new NewSubmission(truncate(messageId, 900), list, sender,
                Posts.from(message).flatMap(hub.members()::findRepresentative), text.subject(), text.body(), tlp,
                HubAttributes.bool(mail, HubAttributes.TLP_LABELLED), hub.clock().instant(),
                Posts.header(message, "In-Reply-To").map(v -> truncate(v, 900)), raw(message));
        Archived archived;
        try {
            archived = hub.archive().archive(submission);
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
        mail.setAttribute(new Attribute(HubAttributes.SUBMISSION, AttributeValue.of(seq)));
        LOG.info("archived mail={} message-id={} list={} stage=archive seq={} tlp={}{}", mail.getName(), messageId,
                list.localPart(), seq, tlp.code(), archived.created() ? "" : " (found archived, not yet distributed)");
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

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static Optional<Long> submission(Mail mail) {
        return HubAttributes.longValue(mail, HubAttributes.SUBMISSION);
    }
}
