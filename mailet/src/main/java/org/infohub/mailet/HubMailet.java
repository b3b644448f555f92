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

    /** The processor a mail over its time budget goes to. */
    public static final String OVER_BUDGET = Processors.OVER_BUDGET;

    @Override
    public final void service(Mail mail) throws MessagingException {
        MailBudget budget = OVER_BUDGET.equals(mail.getState()) ? null : MailBudget.installed();
        if (budget != null && !budget.enter(mail)) {
            setAside(mail, budget);
            return;
        }
        try {
            serviceMail(mail);
        } catch (MessagingException | RuntimeException e) {
            if (budget != null && budget.exit()) {
                budget = null;
                setAside(mail, MailBudget.installed());
                return;
            }
            budget = null;
            failedIn(mail);
            throw e;
        } catch (Throwable t) {
            if (budget != null && budget.exit()) {
                budget = null;
                setAside(mail, MailBudget.installed());
                return;
            }
            budget = null;
            failedIn(mail);
            throw failure(getClass().getSimpleName(), t);
        } finally {
            if (budget != null) {
                budget.exit();
            }
        }
    }

    /** Sends a mail that has spent its time budget to {@link #OVER_BUDGET}, with where it stood. */
    private void setAside(Mail mail, MailBudget budget) {
        String where = getClass().getSimpleName() + " in " + mail.getState();
        try {
            mail.setAttribute(new org.apache.mailet.Attribute(HubAttributes.OVER_BUDGET,
                    org.apache.mailet.AttributeValue.of("spent more than " + budget.budget().toSeconds()
                            + " s in the pipeline; stopped at " + where)));
        } catch (RuntimeException e) {
            // the state below is what matters
        }
        budget.setAside(mail.getName(), where);
        mail.setState(OVER_BUDGET);
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
        String what = who + " failed on this mail: " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage());
        // MessagingException keeps its cause in a field of its own: initCause would refuse it and
        // throw, so an Error (a StackOverflowError from a hostile post) is carried as an Exception.
        return new MessagingException(what, t instanceof Exception e ? e : new Exception(t.toString(), t));
    }
}
