package org.infohub.mailet;

import java.io.IOException;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;

import org.apache.mailet.Mail;
import org.infohub.core.vetting.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vetting rule: every multipart of the post must parse. A post whose structure is broken (a
 * missing boundary, say) cannot be written out again once the list headers change it, so it is
 * refused with the reason rather than distributed damaged or lost. Undecodable content inside a
 * well-formed part is not a refusal: it is archived with the text that can be read.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.CheckStructure"/>}</pre>
 */
public class CheckStructure extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(CheckStructure.class);

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        try {
            walk(mail.getMessage());
        } catch (MessagingException | IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            HubAttributes.addRefusal(mail, Refusal.MALFORMED_MIME.encode(why.length() > 200 ? why.substring(0, 200) : why));
            LOG.info("malformed mail={} message-id={} stage=structure reason={}", mail.getName(),
                    Posts.messageId(mail.getMessage()), why);
        }
    }

    private static void walk(Part part) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart mp)) {
                throw new MessagingException("a multipart without parts");
            }
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i));
            }
        }
    }
}
