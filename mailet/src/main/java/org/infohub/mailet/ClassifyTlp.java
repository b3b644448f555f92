package org.infohub.mailet;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.infohub.core.archive.MessageText;
import org.infohub.core.tlp.Tlp;
import org.infohub.core.tlp.TlpClassifier;
import org.infohub.core.vetting.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the post's TLP label from the subject or the first lines of the body. An unlabelled post
 * gets the configured default (AMBER) and says so in its footer; {@code TLP:RED} is recorded as a
 * refusal, since RED is for named recipients only.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.ClassifyTlp"/>}</pre>
 */
public class ClassifyTlp extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyTlp.class);

    private final HubServices hub;

    @Inject
    public ClassifyTlp(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        MessageText text = MessageText.of(mail.getMessage());
        Optional<Tlp> label = TlpClassifier.classify(text.subject(), text.body());
        Tlp tlp = label.orElse(hub.config().defaultTlp());
        mail.setAttribute(new Attribute(HubAttributes.TLP, AttributeValue.of(tlp.code())));
        mail.setAttribute(new Attribute(HubAttributes.TLP_LABELLED, AttributeValue.of(label.isPresent())));
        if (tlp == Tlp.RED) {
            HubAttributes.addRefusal(mail, Refusal.TLP_RED.encode(null));
        }
        LOG.info("classified mail={} message-id={} stage=classify tlp={} labelled={}", mail.getName(),
                Posts.messageId(mail.getMessage()), tlp.code(), label.isPresent());
    }
}
