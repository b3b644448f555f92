package org.infohub.mailet.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

/**
 * Reads a delivery status notification (RFC 3464: {@code multipart/report;
 * report-type=delivery-status} with a {@code message/delivery-status} part) into its per-recipient
 * fields, and tells a failure that counts against the mailbox from a policy or spam rejection
 * (status class X.7, or a diagnostic that says spam or blocked), which does not.
 */
public final class DeliveryReport {
    private static final Pattern SPAMMY = Pattern.compile(
            "(?i)spam|junk|blocked|block ?list|black ?list|reputation|policy|dmarc|rejected for content|virus|abuse");

    /** One recipient's block of a DSN. */
    public record Recipient(String finalRecipient, String originalRecipient, String action, String status,
                            String diagnostic) {
        public Recipient(String finalRecipient, String action, String status, String diagnostic) {
            this(finalRecipient, "", action, status, diagnostic);
        }

        /** Whether the block is about {@code address}, as the final or the original recipient. */
        public boolean isAbout(String address) {
            return finalRecipient.equalsIgnoreCase(address) || originalRecipient.equalsIgnoreCase(address);
        }

        /** Whether the mailbox failed (a permanent or given-up failure), as opposed to a delay or success. */
        public boolean failed() {
            return action.equalsIgnoreCase("failed");
        }

        /** A rejection for the message's content or the sender's reputation: not the member's fault. */
        public boolean policyRejection() {
            return status.matches("[45]\\.7\\.\\d+") || SPAMMY.matcher(diagnostic).find();
        }
    }

    private DeliveryReport() {
    }

    /** The recipients of the DSN in {@code message}; empty when it is not a DSN. */
    public static Optional<List<Recipient>> read(MimeMessage message) throws MessagingException, IOException {
        ContentType type = new ContentType(message.getContentType());
        if (!type.match("multipart/report")) {
            return Optional.empty();
        }
        Object content = message.getContent();
        if (!(content instanceof Multipart mp)) {
            return Optional.empty();
        }
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart part = mp.getBodyPart(i);
            if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
                return Optional.of(parse(text(part)));
            }
        }
        return Optional.empty();
    }

    private static String text(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The per-recipient blocks: every block after the first (per-message) one with a Final-Recipient. */
    public static List<Recipient> parse(String status) {
        List<Recipient> out = new ArrayList<>();
        String unfolded = status.replace("\r\n", "\n").replaceAll("\n[ \t]+", " ");
        for (String block : unfolded.split("\n\\s*\n")) {
            String recipient = field(block, "Final-Recipient").or(() -> field(block, "Original-Recipient")).orElse("");
            if (recipient.isEmpty()) {
                continue;
            }
            String original = field(block, "Original-Recipient").map(DeliveryReport::address).orElse("");
            out.add(new Recipient(address(recipient), original, field(block, "Action").orElse("").toLowerCase(Locale.ROOT),
                    field(block, "Status").map(s -> s.split("\\s")[0]).orElse(""),
                    field(block, "Diagnostic-Code").orElse("")));
        }
        return out;
    }

    /** {@code rfc822; <alice@bank.example>} to {@code alice@bank.example}. */
    private static String address(String typed) {
        int semi = typed.indexOf(';');
        String a = (semi >= 0 ? typed.substring(semi + 1) : typed).trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("<")) {
            a = a.substring(1);
        }
        if (a.endsWith(">")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }

    private static Optional<String> field(String block, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.*)$").matcher(block);
        return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
    }
}
