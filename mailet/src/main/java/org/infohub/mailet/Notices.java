package org.infohub.mailet;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.apache.mailet.Mail;
import org.infohub.core.member.Representative;
import org.infohub.mailet.trust.Dmarc;

import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

/**
 * The messages the hub writes itself (refusal notices, answers, owner notices): plain UTF-8
 * text, marked automatic (RFC 3834) and with the hub's loop header, so no hub ever answers or
 * distributes them.
 */
final class Notices {
    private Notices() {
    }

    static MimeMessage create(String domain, String from, List<MailAddress> to, String subject, String autoSubmitted,
                              String text) throws MessagingException {
        MimeMessage notice = new MimeMessage(Session.getInstance(new Properties()));
        notice.setFrom(new InternetAddress(from));
        notice.setRecipients(javax.mail.Message.RecipientType.TO,
                to.stream().map(a -> a.toInternetAddress().orElseThrow()).toArray(InternetAddress[]::new));
        notice.setSubject(subject, "UTF-8");
        notice.setHeader("Auto-Submitted", autoSubmitted);
        notice.setHeader(IsHubLoop.LOOP_HEADER, domain);
        notice.setText(text, "UTF-8");
        return notice;
    }

    /**
     * The words for mail to {@code email}: in the language that representative chose, else the
     * programme's (for a stranger too).
     */
    static org.infohub.core.i18n.Messages messagesFor(HubServices hub, String email) {
        org.infohub.core.i18n.Language programme = hub.config().presentation().language();
        return org.infohub.core.i18n.Messages.of(hub.members().findRepresentative(email)
                .map(r -> r.languageOr(programme)).orElse(programme));
    }

    /** The words for the list owners and the programme's administrators: the programme's language. */
    static org.infohub.core.i18n.Messages forOwners(HubServices hub) {
        return org.infohub.core.i18n.Messages.of(hub.config().presentation().language());
    }

    /** Threads {@code notice} under {@code original} (In-Reply-To, References) and saves it. */
    static void inReplyTo(MimeMessage notice, MimeMessage original) throws MessagingException {
        java.util.Optional<String> originalId = Posts.header(original, "Message-ID");
        if (originalId.isPresent()) {
            notice.setHeader("In-Reply-To", originalId.get());
            notice.setHeader("References", originalId.get());
        }
        notice.saveChanges();
    }

    /**
     * Who is told about a list: the {@code hub.owners} addresses, delivered through
     * {@code hub-relay}, or else the list's {@code -owner} address, kept in its mail repository
     * through {@code transport}.
     */
    record Owners(List<MailAddress> addresses, String processor) {
        static Owners of(HubServices hub, String list) throws javax.mail.internet.AddressException {
            List<MailAddress> owners = new java.util.ArrayList<>();
            for (String o : hub.config().owners()) {
                owners.add(new MailAddress(o));
            }
            if (owners.isEmpty()) {
                return new Owners(List.of(new MailAddress(list + "-owner@" + hub.domain())), "transport");
            }
            return new Owners(List.copyOf(owners), Processors.RELAY);
        }
    }

    /**
     * The representative the hub may write to about {@code mail} (a refusal notice, an answer to a
     * command): the envelope sender must be a registered representative, and their address must be
     * confirmed by SPF (the result for the envelope sender), by a verified DKIM signature of their
     * organisational domain, or by SMTP AUTH as that very address. Anything else could be a forged
     * return path, and a notice signed by the hub would go to whoever the forger named: such mail
     * is recorded, not answered. Empty for null senders and automatic mail.
     */
    static Optional<Representative> answerable(HubServices hub, Mail mail) throws MessagingException {
        if (mail.getMaybeSender().isNullSender() || VetSender.isAutomatic(mail.getMessage())) {
            return Optional.empty();
        }
        String sender = mail.getMaybeSender().get().asString().toLowerCase(Locale.ROOT);
        String domain = sender.substring(sender.lastIndexOf('@') + 1);
        boolean confirmed = "pass".equals(HubAttributes.string(mail, HubAttributes.SPF).orElse(""))
                || HubAttributes.string(mail, Mail.SMTP_AUTH_USER).map(u -> u.equalsIgnoreCase(sender)).orElse(false)
                || Arrays.stream(HubAttributes.string(mail, HubAttributes.DKIM_PASS).orElse("").split(","))
                        .filter(d -> !d.isBlank())
                        .anyMatch(d -> Dmarc.aligned(d, domain, false));
        if (!confirmed) {
            return Optional.empty();
        }
        return hub.members().findRepresentative(sender);
    }

    /** The required {@code processor} setting of a mailet that sends notices. */
    static String processor(org.apache.mailet.base.GenericMailet mailet) throws MessagingException {
        return mailet.getInitParameterAsOptional("processor").orElseThrow(() -> new MessagingException(
                mailet.getClass().getSimpleName() + ": the 'processor' setting is required: the processor that "
                        + "delivers what it sends"));
    }
}
