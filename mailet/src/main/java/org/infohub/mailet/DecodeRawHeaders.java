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
import org.infohub.core.mime.LegacyCharsets;
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
        int transcoded = toUtf8(m);
        if (rewritten + inParts + transcoded > 0) {
            LOG.info("decoded mail={} stage=headers raw-headers={} in-parts={} to-utf8={}", mail.getName(), rewritten, inParts,
                    transcoded);
        }
    }

    /**
     * Text and encoded words in a Chinese legacy charset (Big5, Big5-HKSCS, GB2312, GBK, GB18030),
     * read in its wider charset ({@link LegacyCharsets}) and rewritten in UTF-8, so the archive,
     * search and every copy carry the same text and no member's program has to guess Hong Kong
     * characters. Signed parts ({@code multipart/signed}) and attached messages are left as they
     * are. Returns how many headers and parts were rewritten.
     */
    static int toUtf8(MimeMessage m) throws MessagingException {
        int n = encodedWordsToUtf8(m);
        String id = m.getHeader("Message-ID", null);
        boolean changed = false;
        try {
            if (m.isMimeType("text/*")) {
                changed = textToUtf8(m);
            } else if (m.isMimeType("multipart/*") && !m.isMimeType("multipart/signed") && mentionsChineseLegacy(m)
                    && m.getContent() instanceof Multipart mp) {
                int inParts = partsToUtf8(mp, new int[] {0});
                if (inParts > 0) {
                    m.setContent(mp);
                    n += inParts;
                    changed = true;
                }
            }
        } catch (java.io.IOException e) {
            throw new MessagingException("the message's text cannot be read: " + e.getMessage(), e);
        }
        if (changed) {
            n += m.isMimeType("multipart/*") ? 0 : 1;
            m.saveChanges();
            if (id != null) {
                m.setHeader("Message-ID", id);
            }
        }
        return n;
    }

    private static int partsToUtf8(Multipart mp, int[] seen) throws MessagingException, java.io.IOException {
        int n = 0;
        for (int i = 0; i < mp.getCount() && seen[0] < MAX_PARTS; i++) {
            seen[0]++;
            javax.mail.BodyPart part = mp.getBodyPart(i);
            if (part instanceof javax.mail.internet.MimeBodyPart mbp) {
                n += encodedWordsToUtf8(mbp);
            }
            if (part.isMimeType("multipart/signed")) {
                continue;
            }
            if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart inner) {
                n += partsToUtf8(inner, seen);
            } else if (part.isMimeType("text/*") && textToUtf8(part)) {
                n++;
            }
        }
        return n;
    }

    /** A text part in a Chinese legacy charset, rewritten in UTF-8; false when it is in another charset. */
    private static boolean textToUtf8(Part p) throws MessagingException, java.io.IOException {
        ContentType type;
        try {
            type = new ContentType(p.getContentType());
        } catch (javax.mail.internet.ParseException e) {
            return false;
        }
        String label = type.getParameter("charset");
        if (!LegacyCharsets.isChineseLegacy(label)) {
            return false;
        }
        Charset charset = LegacyCharsets.forLabel(label).orElseThrow();
        byte[] octets;
        try (java.io.InputStream in = p.getInputStream()) {
            octets = in.readAllBytes();
        }
        type.setParameter("charset", "UTF-8");
        p.setContent(new String(octets, charset), type.toString());
        // JavaMail chooses quoted-printable or base64 for the new text when none is set.
        p.removeHeader("Content-Transfer-Encoding");
        return true;
    }

    /** Headers with encoded words in a Chinese legacy charset ({@code =?big5?B?...?=}), re-encoded in UTF-8. */
    private static int encodedWordsToUtf8(Part p) throws MessagingException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        boolean any = false;
        for (Header h : Collections.list(p.getAllHeaders())) {
            values.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
            any |= chineseEncodedWord(h.getValue());
        }
        if (!any) {
            return 0;
        }
        int n = 0;
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().stream().noneMatch(DecodeRawHeaders::chineseEncodedWord)) {
                continue;
            }
            p.removeHeader(e.getKey());
            for (String raw : e.getValue()) {
                String value = raw;
                if (chineseEncodedWord(raw)) {
                    try {
                        value = withParametersDecoded(e.getKey(), raw);
                        value = encode(e.getKey(), LegacyCharsets.decodeHeader(value));
                        n++;
                    } catch (java.io.UnsupportedEncodingException | RuntimeException ex) {
                        // kept as written: readers decode what they can
                    }
                }
                p.addHeader(e.getKey(), value);
            }
        }
        return n;
    }

    /**
     * A Content-Type or Content-Disposition whose parameters ({@code name="=?big5?B?...?="}, as
     * Outlook names attachments) are decoded, to be written again in RFC 2231 form; other headers
     * as they are.
     */
    private static String withParametersDecoded(String header, String raw) throws javax.mail.internet.ParseException,
            java.io.UnsupportedEncodingException {
        String lower = header.toLowerCase(Locale.ROOT);
        javax.mail.internet.ParameterList params;
        String head;
        if (lower.equals("content-type")) {
            ContentType type = new ContentType(MimeUtility.unfold(raw));
            params = type.getParameterList();
            head = type.getBaseType();
        } else if (lower.equals("content-disposition")) {
            ContentDisposition disposition = new ContentDisposition(MimeUtility.unfold(raw));
            params = disposition.getParameterList();
            head = disposition.getDisposition();
        } else {
            return raw;
        }
        if (params == null) {
            return raw;
        }
        for (String name : Collections.list(params.getNames())) {
            String value = params.get(name);
            if (chineseEncodedWord(value)) {
                params.set(name, LegacyCharsets.decodeHeader(value), "UTF-8");
            }
        }
        return head + params.toString(head.length() + header.length() + 2);
    }

    /**
     * Longer header values are left as written: JavaMail's encoder is not linear in the length of
     * what it encodes, and no real subject, name or file name comes near this.
     */
    private static final int MAX_REWRITTEN_HEADER = 8_192;

    private static boolean chineseEncodedWord(String value) {
        if (value == null || value.length() > MAX_REWRITTEN_HEADER) {
            return false;
        }
        for (int at = value.indexOf("=?"); at >= 0; at = value.indexOf("=?", at + 2)) {
            int end = value.indexOf('?', at + 2);
            if (end < 0) {
                return false;
            }
            if (end - at < 42) {
                String label = value.substring(at + 2, end);
                int star = label.indexOf('*');
                if (LegacyCharsets.isChineseLegacy(star < 0 ? label : label.substring(0, star))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a part of the body declares a Chinese legacy charset ({@code charset=big5}): one pass over it. */
    private static boolean mentionsChineseLegacy(MimeMessage m) throws MessagingException {
        byte[] raw;
        try (java.io.InputStream in = m.getRawInputStream()) {
            raw = in.readAllBytes();
        } catch (java.io.IOException e) {
            return true;
        }
        // Read in place: no copy of the body, lower-cased or not, for every multipart message.
        byte[] word = {'c', 'h', 'a', 'r', 's', 'e', 't'};
        outer:
        for (int at = 0; at + word.length <= raw.length; at++) {
            for (int k = 0; k < word.length; k++) {
                if ((raw[at + k] | 0x20) != word[k]) {
                    continue outer;
                }
            }
            int i = at + word.length;
            while (i < raw.length && (raw[i] == ' ' || raw[i] == '=' || raw[i] == '"')) {
                i++;
            }
            int end = i;
            while (end < raw.length && end - i < 24 && ";\"\r\n\t ".indexOf(raw[end]) < 0) {
                end++;
            }
            if (LegacyCharsets.isChineseLegacy(new String(raw, i, end - i, java.nio.charset.StandardCharsets.ISO_8859_1))) {
                return true;
            }
            at = end - 1;
        }
        return false;
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
