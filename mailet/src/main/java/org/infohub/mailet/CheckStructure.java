package org.infohub.mailet;

import java.io.IOException;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

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
    private static final String TOO_DEEP = "multiparts nested more than " + MAX_DEPTH + " levels deep";

    private final HubServices hub;

    @javax.inject.Inject
    public CheckStructure(HubServices hub) {
        this.hub = hub;
    }

    /** Without the hub's services (unit tests): a too-deep original is not kept aside. */
    public CheckStructure() {
        this(null);
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        ambiguousAuthor(mail.getMessage()).ifPresent(why -> {
            HubAttributes.addRefusal(mail, Refusal.AMBIGUOUS_FROM.encode(why));
            LOG.info("ambiguous author mail={} stage=structure reason={}", mail.getName(), why);
        });
        java.util.Optional<String> problem = structureProblem(mail.getMessage());
        if (problem.isPresent()) {
            if (problem.get().equals(TOO_DEEP)) {
                keepOriginalAside(mail);
            }
            HubAttributes.addRefusal(mail, Refusal.MALFORMED_MIME.encode(problem.get()));
            LOG.info("malformed mail={} message-id={} stage=structure reason={}", mail.getName(),
                    Posts.messageId(mail.getMessage()), problem.get());
        }
    }

    /** Why the message's MIME structure cannot be taken (at most 200 characters), or empty when it can. */
    static java.util.Optional<String> structureProblem(javax.mail.internet.MimeMessage message) {
        try {
            walk(message, 0);
            return java.util.Optional.empty();
        } catch (MessagingException | IOException | RuntimeException | StackOverflowError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return java.util.Optional.of(why.length() > 200 ? why.substring(0, 200) : why);
        }
    }

    /**
     * A message nested deeper than {@value #MAX_DEPTH} levels cannot be handled whole: any code that
     * rewrites its headers (signing, Authentication-Results, storing) recurses once per level and
     * overflows the stack, and it was lost between the refused and error repositories. Its
     * original bytes (the header lines and the raw body, read without parsing) are written to
     * {@code var/mail/refused-originals/NAME.eml}, and the mail goes on with its headers and a short
     * text saying where the original is, to be refused and kept like any other.
     */
    private void keepOriginalAside(Mail mail) throws MessagingException {
        javax.mail.internet.MimeMessage original = mail.getMessage();
        String where = "refused-originals/" + mail.getName().replaceAll("[^A-Za-z0-9._-]", "_") + ".eml";
        if (hub != null) {
            java.nio.file.Path dir = hub.config().jamesDir().resolve("var").resolve("mail").resolve("refused-originals");
            try {
                org.infohub.core.files.PrivateFiles.directory(dir);
                try (java.io.OutputStream out = org.infohub.core.files.PrivateFiles.create(
                        hub.config().jamesDir().resolve("var").resolve("mail").resolve(where))) {
                    java.util.Enumeration<String> lines = original.getAllHeaderLines();
                    while (lines.hasMoreElements()) {
                        out.write((lines.nextElement() + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                    out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    try (java.io.InputStream body = original.getRawInputStream()) {
                        body.transferTo(out);
                    }
                }
            } catch (IOException e) {
                // the mail goes on with its stand-in; it has to be refused whatever happens here
                LOG.warn("the original of mail={} could not be kept aside: {}", mail.getName(), e.getMessage());
            }
        }
        javax.mail.internet.MimeMessage standIn = new javax.mail.internet.MimeMessage(
                javax.mail.Session.getInstance(new java.util.Properties()));
        java.util.Enumeration<javax.mail.Header> headers = original.getAllHeaders();
        while (headers.hasMoreElements()) {
            javax.mail.Header h = headers.nextElement();
            String name = h.getName().toLowerCase(java.util.Locale.ROOT);
            if (!name.startsWith("content-") && !name.equals("mime-version")) {
                standIn.addHeader(h.getName(), h.getValue());
            }
        }
        standIn.setText("This message's MIME structure is nested more than " + MAX_DEPTH + " levels deep and cannot be "
                + "handled as it is. It was refused; its original bytes are kept in var/mail/" + where + ".\n", "UTF-8");
        standIn.saveChanges();
        String messageId = Posts.header(original, "Message-ID").orElse(null);
        if (messageId != null) {
            standIn.setHeader("Message-ID", messageId);
        }
        mail.setMessage(standIn);
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
            throw new MessagingException(TOO_DEEP);
        }
        strictHeaders(part);
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

    /**
     * A part's {@code Content-Type} and {@code Content-Disposition} must parse as RFC 2045 and 2183
     * write them. Mail libraries read a broken one leniently in one place ({@code isMimeType}) and
     * strictly in another (rewriting headers, adding the footer), so a post with
     * {@code charset="\"} passed here, was archived, then failed at distribution and reached nobody.
     */
    private static void strictHeaders(Part part) throws MessagingException {
        String[] types = part.getHeader("Content-Type");
        if (types != null && types.length > 0) {
            if (types.length > 1) {
                throw new MessagingException("a part has " + types.length + " Content-Type headers");
            }
            try {
                new ContentType(MimeUtility.unfold(types[0]));
            } catch (ParseException e) {
                throw new MessagingException("a part's Content-Type cannot be read (" + e.getMessage() + ")");
            }
        }
        String[] dispositions = part.getHeader("Content-Disposition");
        if (dispositions != null && dispositions.length > 0) {
            try {
                new ContentDisposition(MimeUtility.unfold(dispositions[0]));
            } catch (ParseException e) {
                throw new MessagingException("a part's Content-Disposition cannot be read (" + e.getMessage() + ")");
            }
        }
    }
}
