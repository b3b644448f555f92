package org.infohub.mailet;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.member.HubList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the list address with the members recorded to take the post at once
 * ({@link DecideAudience} decided them, with the digest readers, when the post was shared).
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.ExpandListRecipients"/>}</pre>
 */
public class ExpandListRecipients extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(ExpandListRecipients.class);

    private final HubServices hub;

    @Inject
    public ExpandListRecipients(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        HubList list = Posts.list(mail, hub).orElseThrow(() -> new MessagingException("no hub list on " + mail.getName()));
        long seq = ArchiveSubmission.submission(mail)
                .orElseThrow(() -> new MessagingException("no archive number on " + mail.getName()));
        List<MailAddress> recipients = new ArrayList<>();
        java.util.Optional<String> decided = mail.getAttribute(HubAttributes.COPIES)
                .flatMap(a -> a.getValue().valueAs(String.class));
        mail.removeAttribute(HubAttributes.COPIES);
        List<String> copies = decided.map(d -> d.isEmpty() ? List.<String>of() : List.of(d.split("\n")))
                .orElseGet(() -> hub.audience().copies(seq, list.id()));
        for (String email : copies) {
            try {
                recipients.add(new MailAddress(email));
            } catch (AddressException e) {
                LOG.warn("skipping member address that is not valid: list={} reason={}", list.localPart(), e.getMessage());
            }
        }
        LOG.info("expanded mail={} message-id={} list={} stage=expand recipients={}", mail.getName(),
                Posts.messageId(mail.getMessage()), list.localPart(), recipients.size());
        if (recipients.isEmpty()) {
            // Nobody takes the post at once (all in digest mode, suspended, or the author alone).
            // James would drop a mail without recipients before DistributeSubmission: record here
            // that the post's distribution is done, so digests and the archive see it as shared.
            hub.archive().markDistributed(seq, hub.clock().instant());
            mail.setState(Mail.GHOST);
            return;
        }
        mail.setRecipients(recipients);
    }
}
