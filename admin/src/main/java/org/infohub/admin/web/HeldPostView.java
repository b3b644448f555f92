package org.infohub.admin.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.infohub.core.archive.MessageText;
import org.infohub.core.vetting.VettingOutcomes;

/**
 * What a moderator sees of a refused or held post before deciding: the envelope sender beside the
 * {@code From:} (exactly where a forged post differs), the hub's authentication results, the reasons,
 * the text, and the attachments by name and size. Built from the message the hub kept; nothing in it
 * is trusted (the templates escape every field).
 */
public record HeldPostView(VettingOutcomes.Detail detail, String from, List<String> authenticationResults, String text,
                           List<Attachment> attachments) {

    /** An attachment by name and decoded size. */
    public record Attachment(String name, String type, long bytes) {
    }

    private static final int MAX_DEPTH = 32;

    static HeldPostView of(VettingOutcomes.Detail d, String hubDomain) {
        if (d.raw().isEmpty()) {
            return new HeldPostView(d, "(not kept)", List.of(), "(the message was not kept: only held posts keep it)", List.of());
        }
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(d.raw().get()));
            String from = m.getHeader("From", ", ");
            // Only the hub's own results mean anything; others are the sender's word.
            List<String> results = PostView.authenticationResults(m, hubDomain);
            List<Attachment> attachments = new ArrayList<>();
            attachments(m, attachments, 0);
            return new HeldPostView(d, from == null ? "(none)" : from, results, MessageText.of(m).body(), attachments);
        } catch (MessagingException | RuntimeException e) {
            return new HeldPostView(d, "(unreadable)", List.of(), "(the message cannot be read: " + e.getMessage() + ")",
                    List.of());
        }
    }

    private static void attachments(Part part, List<Attachment> out, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        try {
            if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart child = mp.getBodyPart(i);
                    attachments(child, out, depth + 1);
                }
                return;
            }
            String name = part.getFileName();
            if (name != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                out.add(new Attachment(name == null ? "(unnamed)" : name, part.getContentType().split(";")[0].trim(),
                        size(part)));
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            out.add(new Attachment("(an unreadable part)", "", 0));
        }
    }

    private static long size(Part part) {
        try (InputStream in = part.getInputStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | MessagingException e) {
            return 0;
        }
    }

    /** Whether the envelope sender and the author in {@code From:} are different addresses. */
    public boolean sendersDiffer() {
        return !from.toLowerCase(java.util.Locale.ROOT).contains(detail.envelopeSender().toLowerCase(java.util.Locale.ROOT));
    }
}
