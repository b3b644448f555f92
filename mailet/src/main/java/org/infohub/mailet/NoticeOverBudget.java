package org.infohub.mailet;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.member.HubList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the sender of a mail set aside over its time budget ({@link MailBudget}) that it was not
 * distributed and that the administrators have it; only a representative whose sending the hub
 * confirmed (no notice to an address a forger may have named). Then the mail goes on to the
 * {@code over-budget} repository, where the administrators find it with the reason.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.NoticeOverBudget"><processor>hub-relay</processor></mailet>}</pre>
 */
public class NoticeOverBudget extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(NoticeOverBudget.class);

    private final HubServices hub;
    private String processor;

    @Inject
    public NoticeOverBudget(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("processor"));
        processor = Notices.processor(this);
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        MimeMessage original = mail.getMessage();
        if (Notices.answerable(hub, mail).isEmpty()) {
            LOG.info("over budget mail={} message-id={} notice=none (sender not a confirmed representative)",
                    mail.getName(), Posts.messageId(original));
            return;
        }
        MailAddress to = mail.getMaybeSender().get();
        Optional<HubList> list = Posts.list(mail, hub);
        String listAddress = list.map(l -> l.address(hub.domain())).orElse("the hub");
        String subject = Optional.ofNullable(original.getSubject()).orElse("");
        MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), List.of(to),
                "Set aside: your message to " + listAddress, "auto-replied",
                "Your message to " + listAddress + " took longer than the hub allows one message ("
                        + hub.config().limits().mailBudget().toSeconds() + " s) and was set aside.\n\n"
                        + "  Subject:    " + (subject.isEmpty() ? "(none)" : subject) + "\n"
                        + "  Message-ID: " + Posts.messageId(original) + "\n\n"
                        + "It may not have been distributed to the list. The administrators have it and will look at it;\n"
                        + "you need not send it again unless they ask you to.\n\n"
                        + "This is an automatic notice from Infohub; replies to it reach the list owners.\n");
        Notices.inReplyTo(notice, original);
        getMailetContext().sendMail(new MailAddress("postmaster@" + hub.domain()), List.of(to), notice, processor);
        LOG.info("over budget mail={} message-id={} notice=sent", mail.getName(), Posts.messageId(original));
    }
}
