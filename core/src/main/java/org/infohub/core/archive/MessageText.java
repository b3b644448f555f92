package org.infohub.core.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

/**
 * The readable text of a message: decoded subject, the best text body (the first
 * {@code text/plain} part, else the text of the first HTML part), and the names of attachments.
 * Broken parts are skipped, never fatal: a post is archived with the best text that can be read.
 */
public record MessageText(String subject, String body, List<String> attachments) {

    /** How deep nested multiparts are followed; deeper ones are hostile, and left unread. */
    private static final int MAX_DEPTH = 256;

    public static MessageText of(MimeMessage message) {
        String subject = decodedSubject(message);
        Collector c = new Collector();
        try {
            c.walk(message, 0);
        } catch (MessagingException | IOException | RuntimeException e) {
            // keep what was read before the broken part
        }
        String body = c.plain != null ? c.plain : c.html != null ? HtmlText.toText(c.html) : "";
        return new MessageText(subject, body, List.copyOf(c.attachments));
    }

    /** At most this much attachment text is read for indicators. */
    private static final int MAX_ATTACHMENT_TEXT = 1_000_000;

    /**
     * The text inside a message's text attachments (.txt, .csv and other {@code text/*} but HTML)
     * and forwarded messages ({@code message/rfc822}, .eml: their subject and text), up to 1 MB:
     * where indicators are found besides the body. Empty for a message that is not multipart.
     */
    public static String attachmentText(byte[] raw) {
        if (raw == null || !containsIgnoreCase(raw, "multipart/")) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        try {
            MimeMessage m = new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                    new java.io.ByteArrayInputStream(raw));
            attachmentText(m, out, 0, false);
        } catch (MessagingException | IOException | RuntimeException e) {
            // what was read so far
        }
        return out.length() > MAX_ATTACHMENT_TEXT ? out.substring(0, MAX_ATTACHMENT_TEXT) : out.toString();
    }

    private static void attachmentText(Part part, StringBuilder out, int depth, boolean inAttachment)
            throws MessagingException, IOException {
        if (depth > 32 || out.length() > MAX_ATTACHMENT_TEXT) {
            return;
        }
        String type = safeType(part);
        if (type.startsWith("multipart/") && part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                try {
                    attachmentText(mp.getBodyPart(i), out, depth + 1, inAttachment);
                } catch (MessagingException | IOException | RuntimeException e) {
                    // a broken part: go on with its siblings
                }
            }
            return;
        }
        boolean attachment = inAttachment || Part.ATTACHMENT.equalsIgnoreCase(safeDisposition(part)) || safeFilename(part) != null;
        if (type.equals("message/rfc822") && part.getContent() instanceof MimeMessage inner) {
            out.append(decodedSubject(inner)).append('\n');
            MessageText t = of(inner);
            out.append(t.body()).append('\n');
            attachmentText(inner, out, depth + 1, true);
        } else if (attachment && type.startsWith("text/") && !type.equals("text/html")) {
            out.append(readText(part)).append('\n');
        }
    }

    /** Whether a message carries an iCalendar part ({@code text/calendar}): an invitation. */
    public static boolean hasCalendar(byte[] raw) {
        return raw != null && containsIgnoreCase(raw, "text/calendar");
    }

    private static boolean containsIgnoreCase(byte[] raw, String ascii) {
        byte[] needle = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= raw.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (Character.toLowerCase((char) (raw[i + j] & 0xff)) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static String decodedSubject(MimeMessage message) {
        try {
            String raw = message.getHeader("Subject", null);
            if (raw == null) {
                return "";
            }
            return org.infohub.core.mime.LegacyCharsets.decodeHeader(raw).strip();
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            try {
                return Optional.ofNullable(message.getHeader("Subject", null)).orElse("");
            } catch (MessagingException ex) {
                return "";
            }
        }
    }

    private static final class Collector {
        String plain;
        String html;
        final List<String> attachments = new ArrayList<>();

        void walk(Part part, int depth) throws MessagingException, IOException {
            if (depth > MAX_DEPTH) {
                return;
            }
            String type = safeType(part);
            String disposition = safeDisposition(part);
            if (type.startsWith("multipart/")) {
                Object content = part.getContent();
                if (content instanceof Multipart mp) {
                    for (int i = 0; i < mp.getCount(); i++) {
                        BodyPart child = mp.getBodyPart(i);
                        try {
                            walk(child, depth + 1);
                        } catch (MessagingException | IOException | RuntimeException e) {
                            // a broken part: go on with its siblings
                        }
                    }
                }
                return;
            }
            String filename = safeFilename(part);
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || filename != null;
            if (attachment) {
                attachments.add(filename != null ? filename : "(unnamed " + type + ")");
                return;
            }
            if (type.equals("text/plain") && plain == null) {
                plain = readText(part);
            } else if (type.equals("text/html") && html == null) {
                html = readText(part);
            } else if (!type.startsWith("text/")) {
                attachments.add("(unnamed " + type + ")");
            }
        }
    }

    private static String safeType(Part part) {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "text/plain";
        }
    }

    private static String safeDisposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String safeFilename(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : org.infohub.core.mime.LegacyCharsets.decodeHeader(name);
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            return null;
        }
    }

    /** Decodes a text part with its declared charset, falling back to UTF-8 for unknown ones. */
    private static String readText(Part part) throws MessagingException, IOException {
        Charset charset = StandardCharsets.UTF_8;
        try {
            String declared = new ContentType(part.getContentType()).getParameter("charset");
            if (declared != null) {
                charset = org.infohub.core.mime.LegacyCharsets.forLabel(declared).orElse(StandardCharsets.UTF_8);
            }
        } catch (RuntimeException | MessagingException e) {
            // unknown or malformed charset: UTF-8 reads ASCII and most modern mail
        }
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // bad base64 or quoted-printable: keep the bytes decoded so far
            }
            return out.toString(charset).replace("\r\n", "\n");
        }
    }
}
