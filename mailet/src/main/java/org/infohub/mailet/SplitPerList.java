package org.infohub.mailet;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * Gives each list its own copy of a post sent to several lists at once, so every later step
 * handles exactly one list; records the list on the mail.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.SplitPerList"/>}</pre>
 */
public class SplitPerList extends HubMailet {
    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        List<MailAddress> lists = List.copyOf(mail.getRecipients());
        if (lists.size() == 1) {
            mail.setAttribute(new Attribute(HubAttributes.LIST, AttributeValue.of(lists.get(0).getLocalPart().toLowerCase())));
            return;
        }
        for (MailAddress list : lists) {
            Mail copy = mail.duplicate();
            try {
                copy.setRecipients(List.of(list));
                copy.setAttribute(new Attribute(HubAttributes.LIST, AttributeValue.of(list.getLocalPart().toLowerCase())));
                getMailetContext().sendMail(copy, mail.getState());
            } finally {
                // The spool holds the copy now; its bytes of its own (a temporary file past 100 KB) go at once.
                LifecycleUtil.dispose(copy);
            }
        }
        mail.setState(Mail.GHOST);
    }
}
