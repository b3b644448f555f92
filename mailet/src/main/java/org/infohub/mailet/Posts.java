package org.infohub.mailet;

import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.member.HubList;

/** Small readings of a post shared by the hub's mailets. */
final class Posts {
    private Posts() {
    }

    /** The list a post is for: its one recipient after {@link SplitPerList}. */
    static Optional<HubList> list(Mail mail, HubServices hub) {
        Optional<String> local = HubAttributes.string(mail, HubAttributes.LIST);
        if (local.isEmpty()) {
            local = mail.getRecipients().stream().findFirst().map(MailAddress::getLocalPart);
        }
        return local.flatMap(hub.lists()::find);
    }

    /** The first address of {@code From:}, lower case, if it can be read. */
    static Optional<String> from(MimeMessage message) {
        try {
            String raw = message.getHeader("From", ",");
            if (raw == null) {
                return Optional.empty();
            }
            InternetAddress[] parsed = InternetAddress.parseHeader(raw, false);
            return parsed.length == 0 || parsed[0].getAddress() == null ? Optional.empty()
                    : Optional.of(parsed[0].getAddress().trim().toLowerCase(java.util.Locale.ROOT));
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    static Optional<String> header(MimeMessage message, String name) {
        try {
            return Optional.ofNullable(message.getHeader(name, null)).map(String::trim);
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    /** A Message-ID for logs and the archive, or the placeholder when the post has none yet. */
    static String messageId(MimeMessage message) {
        return header(message, "Message-ID").orElse("(none)");
    }
}
