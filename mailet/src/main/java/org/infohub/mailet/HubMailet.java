package org.infohub.mailet;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * The base of every hub mailet: whatever {@link #serviceMail} throws, an {@link Error} included,
 * reaches James as a {@link MessagingException}, so the mailet's {@code onMailetException}
 * processor takes the mail (to a retry, then the error repository, with the reason). James 3.8.1
 * catches only {@code Exception}: a {@code StackOverflowError} from one hostile post used to end
 * the spool worker that carried it, and the durable queue handed the post to the next one.
 */
public abstract class HubMailet extends GenericMailet {

    @Override
    public final void service(Mail mail) throws MessagingException {
        try {
            serviceMail(mail);
        } catch (MessagingException | RuntimeException e) {
            failedIn(mail);
            throw e;
        } catch (Throwable t) {
            failedIn(mail);
            throw failure(getClass().getSimpleName(), t);
        }
    }

    /**
     * Notes the processor the mail was in, for {@link RetryLater}: a list post that fails after its
     * recipients became the members must be retried where it failed, not routed from the root by
     * the members' addresses.
     */
    private static void failedIn(Mail mail) {
        try {
            if (mail.getState() != null && !mail.getState().equals(Mail.GHOST)) {
                mail.setAttribute(new org.apache.mailet.Attribute(HubAttributes.FAILED_IN,
                        org.apache.mailet.AttributeValue.of(mail.getState())));
            }
        } catch (RuntimeException e) {
            // the failure itself is what matters
        }
    }

    /** What the mailet does with one mail. */
    protected abstract void serviceMail(Mail mail) throws MessagingException;

    static MessagingException failure(String who, Throwable t) {
        MessagingException e = new MessagingException(who + " failed on this mail: " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        e.initCause(t);
        return e;
    }
}
