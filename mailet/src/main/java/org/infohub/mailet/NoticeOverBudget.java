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
        org.infohub.core.i18n.Messages t = Notices.messagesFor(hub, to.asString());
        Optional<HubList> list = Posts.list(mail, hub);
        String listAddress = list.map(l -> l.address(hub.domain())).orElse(t.get("notice.theHub"));
        String subject = Optional.ofNullable(original.getSubject()).orElse("");
        MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), List.of(to),
                t.get("budget.subject", listAddress), "auto-replied",
                t.get("budget.text", listAddress, hub.config().limits().mailBudget().toSeconds(),
                        t.get("notice.subjectLine", subject.isEmpty() ? t.get("notice.noSubject") : subject),
                        t.get("notice.messageIdLine", Posts.messageId(original))));
        Notices.inReplyTo(notice, original);
        getMailetContext().sendMail(new MailAddress("postmaster@" + hub.domain()), List.of(to), notice, processor);
        LOG.info("over budget mail={} message-id={} notice=sent", mail.getName(), Posts.messageId(original));
    }
}
