package org.infohub.mailet;

import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.james.core.MailAddress;
import org.infohub.core.archive.MessageText;
import org.infohub.core.sighting.Sightings;

/**
 * Matches a reply (it names the post it answers, or its subject opens with a reply prefix) whose
 * own text holds sighting commands ({@code +seen 203.0.113.7}): it goes to {@code hub-sighting},
 * never to the list.
 */
public class IsSightingReply extends HubMatcher {
    @Override
    protected Collection<MailAddress> matchMail(Mail mail) throws MessagingException {
        boolean reply = mail.getMessage().getHeader("In-Reply-To") != null
                || Posts.header(mail.getMessage(), "Subject").map(org.infohub.core.kind.Kind::isReplySubject).orElse(false);
        if (!reply) {
            return List.of();
        }
        return Sightings.isSighting(MessageText.of(mail.getMessage()).body()) ? mail.getRecipients() : List.of();
    }
}
