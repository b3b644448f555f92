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
 * well-formed part is not a refusal: it is archived with the text that can be read. Multiparts
 * nested deeper than {@value #MAX_DEPTH} levels are refused too (no mail program writes them; a
 * parser that follows them costs stack), and so is a post whose author is ambiguous: more than one
 * {@code From:} header, or one naming several addresses, is the classic way to show a reader one
 * author while DMARC checks another (RFC 7489 section 6.6.1).
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.CheckStructure"/>}</pre>
 */
public class CheckStructure extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(CheckStructure.class);
    static final int MAX_DEPTH = 256;

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        ambiguousAuthor(mail.getMessage()).ifPresent(why -> {
            HubAttributes.addRefusal(mail, Refusal.AMBIGUOUS_FROM.encode(why));
            LOG.info("ambiguous author mail={} stage=structure reason={}", mail.getName(), why);
        });
        try {
            walk(mail.getMessage(), 0);
        } catch (MessagingException | IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            HubAttributes.addRefusal(mail, Refusal.MALFORMED_MIME.encode(why.length() > 200 ? why.substring(0, 200) : why));
            LOG.info("malformed mail={} message-id={} stage=structure reason={}", mail.getName(),
                    Posts.messageId(mail.getMessage()), why);
        }
    }

    static java.util.Optional<String> ambiguousAuthor(javax.mail.internet.MimeMessage message) {
        try {
            String[] from = message.getHeader("From");
            if (from == null || from.length == 0) {
                return java.util.Optional.empty();
            }
            if (from.length > 1) {
                return java.util.Optional.of(from.length + " From: headers");
            }
            javax.mail.internet.InternetAddress[] addresses = javax.mail.internet.InternetAddress.parseHeader(from[0], false);
            return addresses.length > 1 ? java.util.Optional.of("From: names " + addresses.length + " addresses")
                    : java.util.Optional.empty();
        } catch (MessagingException e) {
            return java.util.Optional.of("From: cannot be read");
        }
    }

    private static void walk(Part part, int depth) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            throw new MessagingException("multiparts nested more than " + MAX_DEPTH + " levels deep");
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart mp)) {
                throw new MessagingException("a multipart without parts");
            }
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i), depth + 1);
            }
        }
    }
}
