package org.infohub.bench;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/** Benchmark experiment only: hands the mail to a processor through the spool, like the hub's distribution does. */
public class Rehop extends GenericMailet {
    @Override
    public void service(Mail mail) throws MessagingException {
        getMailetContext().sendMail(mail.getMaybeSender().get(), mail.getRecipients(), mail.getMessage(),
                getInitParameter("processor"));
        mail.setState(Mail.GHOST);
    }
}
