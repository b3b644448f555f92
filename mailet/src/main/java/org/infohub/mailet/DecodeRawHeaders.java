package org.infohub.mailet;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.mailet.Mail;
import org.infohub.core.mime.RawHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Headers written in raw UTF-8 (RFC 6532, as clients send with SMTPUTF8) or a legacy 8-bit charset
 * are rewritten as the MIME standards encode them (RFC 2047 encoded words, RFC 2231 parameters),
 * so every later step (the TLP label, the archive, search, copies, feeds, releases) reads
 * {@code Séminaire régional} and {@code 網上銀行釣魚攻擊} and never sends an 8-bit header to a
 * server that did not offer SMTPUTF8. Runs after the sender's DKIM signature is checked (it
 * covers the raw header) and before anything reads the text. Address headers keep their addresses;
 * only the names are encoded.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.DecodeRawHeaders"/>}</pre>
 */
public class DecodeRawHeaders extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeRawHeaders.class);
    private static final Set<String> ADDRESSES = Set.of("from", "to", "cc", "bcc", "reply-to", "sender", "resent-from",
            "resent-to", "resent-cc", "resent-sender");
    /** Parts looked into for raw headers (attachment names): enough for any real post. */
    private static final int MAX_PARTS = 200;

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        decode(mail);
    }

    /** Rewrites the raw headers of {@code mail}'s message and of its parts; logs how many. */
    public static void decode(Mail mail) throws MessagingException {
        MimeMessage m = mail.getMessage();
        Optional<Charset> declared = RawHeaders.charsetOf(m.getHeader("Content-Type", null));
        int rewritten = rewrite(m, declared);
        int inParts = 0;
        // Parts are parsed only when the body holds an octet beyond ASCII at all: every other
        // multipart message is taken in without a second MIME parse.
        if (m.isMimeType("multipart/*") && beyondAscii(m)) {
            try {
                Object content = m.getContent();
                if (content instanceof Multipart mp) {
                    inParts = parts(mp, declared, new int[] {0});
                    if (inParts > 0) {
                        String id = m.getHeader("Message-ID", null);
                        m.setContent(mp);
                        m.saveChanges();
                        if (id != null) {
                            m.setHeader("Message-ID", id);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new MessagingException("the message's parts cannot be read: " + e.getMessage(), e);
            }
        }
        if (rewritten + inParts > 0) {
            LOG.info("decoded mail={} stage=headers raw-headers={} in-parts={}", mail.getName(), rewritten, inParts);
        }
    }

    private static boolean beyondAscii(MimeMessage m) throws MessagingException {
        try (java.io.InputStream in = m.getRawInputStream()) {
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] < 0) {
                        return true;
                    }
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static int parts(Multipart mp, Optional<Charset> declared, int[] seen) throws MessagingException,
            java.io.IOException {
        int n = 0;
        for (int i = 0; i < mp.getCount() && seen[0] < MAX_PARTS; i++) {
            seen[0]++;
            Part part = mp.getBodyPart(i);
            Optional<Charset> own = RawHeaders.charsetOf(first(part, "Content-Type"));
            n += rewrite(part, own.isPresent() ? own : declared);
            if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart inner) {
                n += parts(inner, declared, seen);
            }
        }
        return n;
    }

    private static String first(Part p, String name) throws MessagingException {
        String[] v = p.getHeader(name);
        return v == null || v.length == 0 ? null : v[0];
    }

    /** Rewrites the raw headers of {@code p}; returns how many. */
    static int rewrite(Part p, Optional<Charset> declared) throws MessagingException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        boolean any = false;
        for (Header h : Collections.list(p.getAllHeaders())) {
            values.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
            any |= RawHeaders.needsDecoding(h.getValue());
        }
        if (!any) {
            return 0;
        }
        int n = 0;
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().stream().noneMatch(RawHeaders::needsDecoding)) {
                continue;
            }
            String name = e.getKey();
            p.removeHeader(name);
            for (String raw : e.getValue()) {
                String text = RawHeaders.needsDecoding(raw) ? RawHeaders.decode(raw, declared) : raw;
                p.addHeader(name, encode(name, MimeUtility.unfold(text)));
                n++;
            }
        }
        return n;
    }

    /** A header's text in 7-bit form, as its kind of header is encoded. */
    static String encode(String name, String text) {
        String lower = name.toLowerCase(Locale.ROOT);
        int used = name.length() + 2;
        try {
            if (ADDRESSES.contains(lower)) {
                InternetAddress[] parsed = InternetAddress.parseHeader(text, false);
                InternetAddress[] encoded = new InternetAddress[parsed.length];
                for (int i = 0; i < parsed.length; i++) {
                    encoded[i] = new InternetAddress(parsed[i].getAddress(), parsed[i].getPersonal(), "UTF-8");
                }
                return InternetAddress.toString(encoded, used);
            }
            if (lower.equals("content-type")) {
                return new ContentType(text).toString();
            }
            if (lower.equals("content-disposition")) {
                return new ContentDisposition(text).toString();
            }
        } catch (MessagingException | java.io.UnsupportedEncodingException | RuntimeException e) {
            // not what its kind says it is: encoded as text below, readable if not well-formed
        }
        try {
            return MimeUtility.fold(used, MimeUtility.encodeText(text, "UTF-8", null));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always there", e);
        }
    }
}
