package org.infohub.mailet;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

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
 * Reads the post's TLP label from the subject, the first lines of the body, label headers
 * ({@code X-TLP}, {@code Sensitivity}, ...) and attachment names; the most restrictive wins. An
 * unlabelled post gets the configured default (AMBER) and says so in its footer; {@code TLP:RED} is
 * recorded as a refusal, since RED is for named recipients only. Something that looks like a label
 * but cannot be read with certainty holds the post and asks its sender (never the default); once an
 * administrator approves it, the most restrictive label read, else the default, applies.
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
        TlpClassifier.Reading reading = TlpClassifier.read(text.subject(), text.body(), labelHeaders(mail.getMessage()),
                text.attachments());
        Optional<Tlp> label = reading.label();
        Tlp tlp = label.orElse(hub.config().defaultTlp());
        mail.setAttribute(new Attribute(HubAttributes.TLP, AttributeValue.of(tlp.code())));
        mail.setAttribute(new Attribute(HubAttributes.TLP_LABELLED, AttributeValue.of(label.isPresent())));
        if (tlp == Tlp.RED) {
            HubAttributes.addRefusal(mail, Refusal.TLP_RED.encode(null));
        } else if (reading.uncertain() && !HubAttributes.bool(mail, HubAttributes.APPROVED)) {
            HubAttributes.addRefusal(mail, Refusal.TLP_UNCERTAIN.encode(reading.doubts().stream()
                    .map(TlpClassifier.Doubt::describe).limit(3).collect(Collectors.joining("; "))));
        }
        LOG.info("classified mail={} message-id={} stage=classify tlp={} labelled={} doubts={}", mail.getName(),
                Posts.messageId(mail.getMessage()), tlp.code(), label.isPresent(), reading.doubts().size());
    }

    /** The headers a label may be written in, decoded (RFC 2047); unreadable ones are read as written. */
    static List<TlpClassifier.Header> labelHeaders(MimeMessage message) throws MessagingException {
        List<TlpClassifier.Header> out = new ArrayList<>();
        Enumeration<javax.mail.Header> all = message.getAllHeaders();
        while (all.hasMoreElements() && out.size() < 32) {
            javax.mail.Header h = all.nextElement();
            if (TlpClassifier.isLabelHeader(h.getName())) {
                String value = h.getValue() == null ? "" : h.getValue();
                try {
                    value = org.infohub.core.mime.LegacyCharsets.decodeHeader(value);
                } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
                    // read as written
                }
                out.add(new TlpClassifier.Header(h.getName(), value));
            }
        }
        return out;
    }
}
