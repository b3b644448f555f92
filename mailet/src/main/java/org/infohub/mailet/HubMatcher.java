package org.infohub.mailet;

import java.util.Collection;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * The base of every hub matcher: like {@link HubMailet}, any {@link Throwable} from
 * {@link #matchMail} reaches James as a {@link MessagingException}, which sends the mail to the
 * matcher's {@code onMatchException} processor instead of ending the spool worker.
 */
public abstract class HubMatcher extends GenericMatcher {

    @Override
    public final Collection<MailAddress> match(Mail mail) throws MessagingException {
        try {
            return matchMail(mail);
        } catch (MessagingException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw HubMailet.failure(getClass().getSimpleName(), t);
        }
    }

    /** The recipients the matcher's question is true for. */
    protected abstract Collection<MailAddress> matchMail(Mail mail) throws MessagingException;
}
