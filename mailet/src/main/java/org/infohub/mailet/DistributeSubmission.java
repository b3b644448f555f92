package org.infohub.mailet;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.infohub.core.member.HubList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the prepared post to the delivery processor in the same pass of the spool, with the list's
 * bounce address as envelope sender and the list and archive number named on it, so {@link
 * DeliverListMail} sends the members' copies and then records the post as distributed. Delivery is
 * at-least-once: a crash before that record re-runs the post from the spool and sends again,
 * never loses the copies. (It was a second spool entry; without it a post costs one spool pass.)
 *
 * <pre>{@code
 * <mailet match="All" class="org.infohub.mailet.DistributeSubmission">
 *   <processor>hub-relay</processor>
 * </mailet>}</pre>
 */
public class DistributeSubmission extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(DistributeSubmission.class);

    private final HubServices hub;
    private String processor;

    @Inject
    public DistributeSubmission(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(java.util.Set.of("processor"));
        processor = getInitParameterAsOptional("processor").orElseThrow(() -> new MessagingException(
                "DistributeSubmission: the 'processor' setting is required: the processor that delivers copies"));
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        HubList list = Posts.list(mail, hub).orElseThrow(() -> new MessagingException("no hub list on " + mail.getName()));
        long seq = ArchiveSubmission.submission(mail).orElseThrow(() -> new MessagingException(
                "DistributeSubmission: mail " + mail.getName() + " was not archived; ArchiveSubmission must come first"));
        int recipients = mail.getRecipients().size();
        // The same mail goes on to the delivery processor in this pass of the spool (no second
        // spool entry), as the list's mail; its copies leave with the list's tagged bounce
        // addresses as envelope senders (DeliverListMail). DeliverListMail records the
        // post as distributed once every copy is with the smarthost or on the outgoing queue, so a
        // crash before that re-runs the post from the spool (a member may get it twice, none never).
        mail.setAttribute(new org.apache.mailet.Attribute(HubAttributes.LIST,
                org.apache.mailet.AttributeValue.of(list.localPart())));
        mail.setAttribute(new org.apache.mailet.Attribute(HubAttributes.SUBMISSION, org.apache.mailet.AttributeValue.of(seq)));
        LOG.info("distributing mail={} message-id={} list={} stage=distribute seq={} recipients={}", mail.getName(),
                Posts.messageId(mail.getMessage()), list.localPart(), seq, recipients);
        mail.setState(processor);
    }
}
