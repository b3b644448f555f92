package org.infohub.mailet;

import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers mail to a list's {@code -request} address with how membership works: until e-mail
 * commands exist, subscriptions follow the registered membership and changes go to the owners.
 * No answer to null senders or automatic mail.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.AnswerListRequest"><processor>hub-relay</processor></mailet>}</pre>
 */
public class AnswerListRequest extends GenericMailet {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerListRequest.class);

    private final HubServices hub;
    private String processor;

    @Inject
    public AnswerListRequest(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("processor"));
        processor = Notices.processor(this);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getMaybeSender().isNullSender() || VetSender.isAutomatic(mail.getMessage())) {
            mail.setState(Mail.GHOST);
            return;
        }
        String request = mail.getRecipients().iterator().next().asString();
        String list = RecipientIsListRole.listOf(mail.getRecipients().iterator().next().getLocalPart(), "request")
                .orElse("");
        MailAddress to = mail.getMaybeSender().get();
        MimeMessage answer = Notices.create(hub.domain(), request, List.of(to), "About your request to " + request,
                "auto-replied", "Membership of " + list + "@" + hub.domain() + " follows the programme's register of "
                        + "representatives: every active representative of the list's sector receives its posts.\n\n"
                        + "To join, leave or change how you receive posts, write to the list owners at " + list
                        + "-owner@" + hub.domain() + ".\n\nThis is an automatic answer from Infohub.\n");
        answer.saveChanges();
        getMailetContext().sendMail(new MailAddress(list + "-bounces@" + hub.domain()), List.of(to), answer, processor);
        LOG.info("answered mail={} stage=request list={}", mail.getName(), list);
        mail.setState(Mail.GHOST);
    }
}
