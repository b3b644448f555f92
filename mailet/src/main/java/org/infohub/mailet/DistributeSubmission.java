package org.infohub.mailet;

import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.db.DataAccessException;
import org.infohub.core.member.HubList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the prepared copy to the delivery processor (through James's durable spool), with the
 * list's bounce address as envelope sender and the list named on it (so {@link DeliverListMail}
 * makes each member's copy), then records the post as distributed. The order
 * makes delivery at-least-once: a crash between the two re-runs the pipeline and sends again,
 * never loses the copies.
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
        List<MailAddress> recipients = List.copyOf(mail.getRecipients());
        if (!recipients.isEmpty()) {
            MailAddress bounces = new MailAddress(list.localPart() + "-bounces@" + hub.domain());
            org.apache.james.server.core.MailImpl copy = org.apache.james.server.core.MailImpl.builder()
                    .name(mail.getName() + "-list").sender(bounces).addRecipients(recipients)
                    .mimeMessage(mail.getMessage())
                    .addAttribute(new org.apache.mailet.Attribute(HubAttributes.LIST,
                            org.apache.mailet.AttributeValue.of(list.localPart())))
                    .addAttribute(new org.apache.mailet.Attribute(HubAttributes.SUBMISSION,
                            org.apache.mailet.AttributeValue.of(seq)))
                    .build();
            getMailetContext().sendMail(copy, processor);
        }
        try {
            hub.archive().markDistributed(seq, hub.clock().instant());
        } catch (DataAccessException e) {
            // The copies are on the spool already: failing here would send the changed mail round
            // again. Without the mark, only a crash re-run could send the copies a second time.
            LOG.warn("distributed mail={} seq={} but could not record it: {}", mail.getName(), seq, e.getMessage());
        }
        LOG.info("distributed mail={} message-id={} list={} stage=distribute seq={} recipients={}", mail.getName(),
                Posts.messageId(mail.getMessage()), list.localPart(), seq, recipients.size());
        mail.setState(Mail.GHOST);
    }
}
