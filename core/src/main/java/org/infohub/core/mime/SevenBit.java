package org.infohub.core.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

import javax.activation.DataHandler;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;
import javax.mail.internet.MimeUtility;
import javax.mail.util.ByteArrayDataSource;

/**
 * Messages made fit for a 7-bit path with lines of at most 998 octets (RFC 5322 2.1.1; RFC 6376 5.3
 * signs what travels), re-encoded from within: a leaf part whose octets do not fit is encoded
 * again (text quoted-printable, anything else base64, its octets kept exactly); a header line over
 * the limit is folded at its spaces; a message inside a message ({@code message/rfc822}, a
 * forwarded mail, a post in a digest) is made fit inside, since RFC 2046 5.2.1 allows it no
 * encoding of its own. What fits already is left byte for byte.
 */
public final class SevenBit {
    /** RFC 5322's limit on a line, without its CRLF. */
    public static final int MAX_LINE = 998;
    private static final Session SESSION = Session.getInstance(new Properties());

    private SevenBit() {
    }

    /**
     * Whether nothing would be changed: every octet 7-bit, every line at most {@code MAX_LINE - 80}
     * octets (a header is folded again only past that), and no "8bit" anywhere, in any case (no part
     * labelled for an 8-bit path). One pass, linear in the message, stopping at the first reason.
     */
    public static boolean fits(byte[] message) {
        int run = 0;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b < 0) {
                return false;
            }
            if (b == '\r' || b == '\n') {
                run = 0;
                continue;
            }
            if (++run > MAX_LINE - 80) {
                return false;
            }
            if (b == '8' && i + 3 < message.length && (message[i + 1] | 0x20) == 'b' && (message[i + 2] | 0x20) == 'i'
                    && (message[i + 3] | 0x20) == 't') {
                return false;
            }
        }
        return true;
    }

    /**
     * A message to carry inside another as {@code message/rfc822}: as it is when it {@linkplain #fits
     * fits}, otherwise made fit from within ({@link #encode}); its Message-ID is kept. A message that
     * cannot be parsed is returned as it is, for the spool's own conversion to try.
     */
    public static byte[] embeddable(byte[] raw) {
        if (fits(raw)) {
            return raw;
        }
        try {
            MimeMessage m = message(raw);
            if (!encode(m)) {
                return raw;
            }
            return written(m, raw.length);
        } catch (MessagingException | IOException | RuntimeException e) {
            return raw;
        }
    }

    /**
     * Makes {@code part} fit in place: header lines folded, leaf parts encoded again, messages within
     * made fit within. Returns whether anything changed (the caller then saves the changes).
     */
    public static boolean encode(Part part) throws MessagingException, IOException {
        boolean changed = false;
        for (java.util.Enumeration<Header> e = part.getAllHeaders(); e.hasMoreElements(); ) {
            Header h = e.nextElement();
            if (h.getName().length() + 2 + h.getValue().length() > MAX_LINE && longestLine(h.getValue()) > MAX_LINE - 80) {
                part.setHeader(h.getName(), MimeUtility.fold(h.getName().length() + 2, MimeUtility.unfold(h.getValue())));
                changed = true;
            }
        }
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart mp) {
                boolean inner = false;
                for (int i = 0; i < mp.getCount(); i++) {
                    inner |= encode(mp.getBodyPart(i));
                }
                if (inner) {
                    part.setContent(mp);
                    changed = true;
                }
            }
            return changed;
        }
        if (!(part instanceof MimePart mime)) {
            return changed;
        }
        String cte = mime.getEncoding() == null ? "7bit" : mime.getEncoding().toLowerCase(Locale.ROOT);
        if (!cte.equals("7bit") && !cte.equals("8bit") && !cte.equals("binary")) {
            return changed;
        }
        byte[] body;
        try (InputStream in = raw(part)) {
            body = in.readAllBytes();
        }
        if (fitsAsBody(body)) {
            return changed;
        }
        String type = part.getContentType();
        if (part.isMimeType("message/rfc822")) {
            MimeMessage inner = message(body);
            if (!encode(inner)) {
                return changed;
            }
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(written(inner, body.length), type)));
            part.setHeader("Content-Type", type);
            part.setHeader("Content-Transfer-Encoding", "7bit");
            return true;
        }
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(body, type)));
        part.setHeader("Content-Type", type);
        part.setHeader("Content-Transfer-Encoding", part.isMimeType("text/*") ? "quoted-printable" : "base64");
        return true;
    }

    /** A body fits when its octets are 7-bit and its lines at most {@link #MAX_LINE}. */
    private static boolean fitsAsBody(byte[] body) {
        int run = 0;
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
            run = b == '\n' || b == '\r' ? 0 : run + 1;
            if (run > MAX_LINE) {
                return false;
            }
        }
        return true;
    }

    /** The message with its changes saved, as octets. */
    private static byte[] written(MimeMessage m, int sizeHint) throws MessagingException, IOException {
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint + sizeHint / 8);
        m.writeTo(out);
        return out.toByteArray();
    }

    private static InputStream raw(Part part) throws MessagingException {
        return part instanceof MimeBodyPart b ? b.getRawInputStream() : ((MimeMessage) part).getRawInputStream();
    }

    private static int longestLine(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            run = c == '\n' || c == '\r' ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** A message read from octets that keeps its Message-ID when saved. */
    private static MimeMessage message(byte[] raw) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
    }
}
