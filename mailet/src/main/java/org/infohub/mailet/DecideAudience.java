package org.infohub.mailet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.infohub.core.audience.Audience;
import org.infohub.core.member.HubList;
import org.infohub.core.member.Representative;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who may see the archived post, once, and records it with each reader's organisation of
 * this moment ({@link Audience}): the members who take the list at once, those who take it in a
 * digest, and the author. Every later stage (copies, watchlist notices, digests, feeds) reads that
 * record. If it cannot be written (MariaDB away) the mail goes to {@code hub-retry} and waits: no
 * copy leaves unrecorded. A post handled again keeps the audience decided the first time.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.DecideAudience"/>}</pre>
 */
public class DecideAudience extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(DecideAudience.class);

    private final HubServices hub;

    @Inject
    public DecideAudience(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        Optional<Long> seq = ArchiveSubmission.submission(mail);
        if (seq.isEmpty()) {
            throw new MessagingException("DecideAudience: mail " + mail.getName() + " carries no archive number");
        }
        HubList list = Posts.list(mail, hub).orElseThrow(() -> new MessagingException("no hub list on " + mail.getName()));
        Optional<String> author = Posts.from(mail.getMessage());
        List<String> excluded = new ArrayList<>();
        author.ifPresent(excluded::add);
        mail.getMaybeSender().asOptional().map(a -> a.asString()).ifPresent(excluded::add);
        Optional<Representative> rep = author.flatMap(hub.members()::findRepresentative);
        Audience.Decision d = hub.audience().decide(seq.get(), list, excluded, rep.map(Representative::id),
                rep.map(Representative::organisationId));
        // Handed to ExpandListRecipients with the mail, so the copies just recorded are not read back
        // (it reads the record when the attribute is absent, as after a restart).
        mail.setAttribute(new org.apache.mailet.Attribute(HubAttributes.COPIES,
                org.apache.mailet.AttributeValue.of(String.join("\n", d.copies()))));
        LOG.info("audience mail={} message-id={} list={} stage=audience seq={} copies={} digest-readers={}{}", mail.getName(),
                Posts.messageId(mail.getMessage()), list.localPart(), seq.get(), d.copies().size(), d.digestReaders(),
                d.decidedBefore() ? " (decided before)" : "");
    }
}
