package org.infohub.mailet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the list address with the list's active members, less the author (who has the post
 * already), and records which digest-mode members are entitled to the post now: who may read a
 * post is decided as it is shared, once, for copies and digests alike.
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
        Optional<String> author = Posts.from(mail.getMessage());
        String envelope = mail.getMaybeSender().asString("").toLowerCase(java.util.Locale.ROOT);
        List<MailAddress> recipients = new ArrayList<>();
        for (String email : hub.members().activeMemberEmails(list)) {
            if (email.equals(envelope) || author.map(email::equals).orElse(false)) {
                continue;
            }
            try {
                recipients.add(new MailAddress(email));
            } catch (AddressException e) {
                LOG.warn("skipping member address that is not valid: list={} reason={}", list.localPart(), e.getMessage());
            }
        }
        List<String> digestReaders = hub.members().memberEmails(list, DeliveryMode.DIGEST).stream()
                .filter(email -> !email.equals(envelope) && !author.map(email::equals).orElse(false)).toList();
        Optional<Long> archived = ArchiveSubmission.submission(mail);
        if (archived.isPresent() && !digestReaders.isEmpty()) {
            hub.digests().entitle(archived.get(), list.id(), digestReaders);
        }
        LOG.info("expanded mail={} message-id={} list={} stage=expand recipients={} digest-readers={}", mail.getName(),
                Posts.messageId(mail.getMessage()), list.localPart(), recipients.size(), digestReaders.size());
        if (recipients.isEmpty()) {
            // Nobody takes the post at once (all in digest mode, suspended, or the author alone).
            // James would drop a mail without recipients before DistributeSubmission: record here
            // that the post's distribution is done, so digests and the archive see it as shared.
            Optional<Long> seq = ArchiveSubmission.submission(mail);
            if (seq.isPresent()) {
                hub.archive().markDistributed(seq.get(), hub.clock().instant());
            }
            mail.setState(Mail.GHOST);
            return;
        }
        mail.setRecipients(recipients);
    }
}
