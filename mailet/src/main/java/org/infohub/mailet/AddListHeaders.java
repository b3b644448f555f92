package org.infohub.mailet;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.mailet.Mail;
import org.infohub.core.archive.MessageText;
import org.infohub.core.member.HubList;
import org.infohub.core.tlp.Tlp;

/**
 * Makes the post a list message: RFC 2369/2919 list headers, {@code Precedence: list}, our loop
 * header, the subject prefix (not doubled on replies), a short footer naming the TLP, and the
 * DMARC-safe {@code From:} when the author's domain asks for it (or always, when configured).
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.AddListHeaders"/>}</pre>
 */
public class AddListHeaders extends HubMailet {
    private final HubServices hub;

    @Inject
    public AddListHeaders(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        HubList list = Posts.list(mail, hub).orElseThrow(() -> new MessagingException("no hub list on " + mail.getName()));
        MimeMessage message = mail.getMessage();
        String domain = hub.domain();
        String request = list.localPart() + "-request@" + domain;
        String archive = hub.config().archiveUrl() + "/" + list.localPart();
        message.setHeader("List-Id", "\"" + list.name() + "\" <" + list.listId(domain) + ">");
        message.setHeader("List-Post", "<mailto:" + list.address(domain) + ">");
        message.setHeader("List-Help", "<mailto:" + request + "?subject=help>");
        message.setHeader("List-Unsubscribe", "<mailto:" + request + "?subject=unsubscribe>");
        message.setHeader("List-Archive", "<" + archive + ">");
        ArchiveSubmission.submission(mail).ifPresent(seq -> setHeader(message, "Archived-At", "<" + archive + "/" + seq + ">"));
        message.setHeader("Precedence", "list");
        message.setHeader(IsHubLoop.LOOP_HEADER, domain);
        Tlp tlp = HubAttributes.string(mail, HubAttributes.TLP).flatMap(Tlp::fromLabel).orElse(hub.config().defaultTlp());
        message.setHeader("X-Infohub-TLP", tlp.label());
        message.removeHeader("Return-Path");
        String subject = MessageText.of(message).subject();
        String prefix = "[" + list.localPart() + "]";
        java.util.Optional<org.infohub.core.kind.Kind> kind = HubAttributes.string(mail, HubAttributes.KIND)
                .flatMap(org.infohub.core.kind.Kind::parse);
        kind.ifPresent(k -> setHeader(message, "X-Infohub-Kind", k.code()));
        // "[finance] [ALERT] ...": the list, then the kind, each once. A reply keeps the subject it
        // answers (mail programs thread by it); its kind is in the header.
        String tagged = subject;
        boolean reply = org.infohub.core.kind.Kind.isReplySubject(subject);
        // A subject already tagged with its kind, however written ([ALERT], 【警報】), gets no second tag.
        if (kind.isPresent() && !reply && !org.infohub.core.kind.Kind.tagOf(subject).equals(kind)) {
            tagged = kind.get().tag() + " " + tagged;
        }
        if (!subject.toLowerCase(Locale.ROOT).contains(prefix)) {
            tagged = prefix + " " + tagged;
        }
        if (!tagged.equals(subject)) {
            message.setSubject(tagged, "UTF-8");
        }
        addFooter(message, footer(list, tlp, HubAttributes.bool(mail, HubAttributes.TLP_LABELLED)));
        if (hub.config().trust().alwaysRewriteFrom() || authorPolicyEnforces(mail, message)) {
            rewriteFrom(message, list);
        }
        message.saveChanges();
    }

    /**
     * Whether the author's domain publishes DMARC {@code p=quarantine} or {@code p=reject}: as found
     * by {@link CheckSenderAuthenticity}, or, for a post released by a moderator, as written in the
     * hub's own {@code Authentication-Results}.
     */
    private boolean authorPolicyEnforces(Mail mail, MimeMessage message) throws MessagingException {
        java.util.Optional<String> policy = HubAttributes.string(mail, HubAttributes.DMARC_POLICY);
        if (policy.isPresent()) {
            return policy.get().equals("reject") || policy.get().equals("quarantine");
        }
        String[] results = message.getHeader("Authentication-Results");
        if (results == null) {
            return false;
        }
        for (String r : results) {
            String flat = r.replaceAll("\\s+", " ");
            if (flat.trim().toLowerCase(Locale.ROOT).startsWith(hub.domain().toLowerCase(Locale.ROOT))
                    && (flat.contains("(p=reject)") || flat.contains("(p=quarantine)"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 7960 section 4.1.3: the list becomes the author of record ({@code "Alice Chan via finance"
     * <finance@HUB>}), so members' servers judge the list's domain, not the author's; the author
     * stays in {@code X-Original-From} and, unless the post names one, {@code Reply-To}.
     */
    static void rewriteFrom(MimeMessage message, HubList list, String domain) throws MessagingException {
        String original = message.getHeader("From", ",");
        if (original == null) {
            return;
        }
        javax.mail.internet.InternetAddress[] parsed = javax.mail.internet.InternetAddress.parseHeader(original, false);
        if (parsed.length == 0) {
            return;
        }
        String who = parsed[0].getPersonal() != null && !parsed[0].getPersonal().isBlank() ? parsed[0].getPersonal()
                : parsed[0].getAddress();
        message.setHeader("X-Original-From", original);
        if (message.getHeader("Reply-To") == null) {
            message.setHeader("Reply-To", original);
        }
        try {
            message.setFrom(new javax.mail.internet.InternetAddress(list.address(domain), who + " via " + list.localPart(),
                    "UTF-8"));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is missing", e);
        }
    }

    private void rewriteFrom(MimeMessage message, HubList list) throws MessagingException {
        rewriteFrom(message, list, hub.domain());
    }

    /**
     * The footer: the label and what it asks (FIRST's wording), a word when the post had no label,
     * and the list. In the programme's language, or in English and Traditional Chinese both where
     * the list asks for it (one copy goes to every member, so it cannot follow each reader's).
     */
    String footer(HubList list, Tlp tlp, boolean labelled) {
        org.infohub.core.i18n.Language programme = hub.config().presentation().language();
        StringBuilder sb = new StringBuilder("\n-- \n");
        List<org.infohub.core.i18n.Language> languages = !list.bilingualFooter() ? List.of(programme)
                : programme == org.infohub.core.i18n.Language.EN
                        ? List.of(org.infohub.core.i18n.Language.EN, org.infohub.core.i18n.Language.ZH_HK)
                        : List.of(org.infohub.core.i18n.Language.ZH_HK, org.infohub.core.i18n.Language.EN);
        for (org.infohub.core.i18n.Language language : languages) {
            org.infohub.core.i18n.Messages t = org.infohub.core.i18n.Messages.of(language);
            sb.append(t.get("footer.label", tlp.label(), tlp.meaning(t)));
            if (!labelled) {
                sb.append('\n').append(t.get("footer.unlabelled", tlp.label()));
            }
            sb.append('\n');
        }
        for (org.infohub.core.i18n.Language language : languages) {
            sb.append(org.infohub.core.i18n.Messages.of(language).get("footer.sentTo", list.address(hub.domain()), list.name()))
                    .append('\n');
        }
        return sb.toString();
    }

    private static void setHeader(MimeMessage message, String name, String value) {
        try {
            message.setHeader(name, value);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Appends the footer to a plain-text body; for anything else, adds it as a last text part of a
     * {@code multipart/mixed} (wrapping the original body when it is not one already).
     */
    static void addFooter(MimeMessage message, String footer) throws MessagingException {
        try {
            ContentType type = new ContentType(message.getContentType());
            if (type.match("text/plain") && message.getDisposition() == null) {
                Object content = message.getContent();
                if (content instanceof String text) {
                    message.setText(text + (text.endsWith("\n") ? "" : "\n") + footer, "UTF-8");
                    return;
                }
            }
            MimeBodyPart footerPart = new MimeBodyPart();
            footerPart.setText(footer, "UTF-8");
            footerPart.setDisposition(javax.mail.Part.INLINE);
            Object content = message.getContent();
            if (type.match("multipart/mixed") && content instanceof Multipart mixed) {
                mixed.addBodyPart(footerPart);
                message.setContent(mixed);
                return;
            }
            MimeBodyPart original = new MimeBodyPart();
            if (content instanceof Multipart mp) {
                original.setContent(mp);
            } else {
                // Copy the decoded bytes: the message's own data handler would follow the message
                // once its content is replaced below.
                byte[] bytes;
                try (java.io.InputStream in = message.getInputStream()) {
                    bytes = in.readAllBytes();
                }
                original.setDataHandler(new javax.activation.DataHandler(
                        new javax.mail.util.ByteArrayDataSource(bytes, message.getContentType())));
            }
            original.setHeader("Content-Type", message.getContentType());
            String disposition = message.getHeader("Content-Disposition", null);
            if (disposition != null) {
                original.setHeader("Content-Disposition", disposition);
            }
            MimeMultipart wrapper = new MimeMultipart("mixed");
            wrapper.addBodyPart(original);
            wrapper.addBodyPart((BodyPart) footerPart);
            message.setContent(wrapper);
        } catch (IOException | RuntimeException e) {
            // A body the parser cannot read is distributed as it came, without the footer;
            // the TLP is still in the X-Infohub-TLP header.
        }
    }
}
