package org.infohub.mailet;

import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.infohub.core.member.HubList;
import org.infohub.core.member.Representative;
import org.infohub.core.vetting.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vetting rules about who sent a post. Records every refusal that applies and never stops at the
 * first: the envelope sender and {@code From:} must both be active representatives (they and their
 * organisation), the list's posting policy must let the author post (policy {@code members}: their
 * organisation belongs to the list), the post must not be automatic; a moderated list holds every
 * post. A post that is neither DMARC-aligned nor sent with SMTP AUTH as its author is held (or
 * refused) per the list's sender check.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.VetSender"/>}</pre>
 */
public class VetSender extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(VetSender.class);

    private final HubServices hub;

    @Inject
    public VetSender(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        HubList list = Posts.list(mail, hub).orElseThrow(() -> new MessagingException("no hub list on " + mail.getName()));
        if (isAutomatic(message)) {
            HubAttributes.addRefusal(mail, Refusal.AUTO_SUBMITTED.encode(null));
        }
        Optional<Representative> envelope = envelopeRepresentative(mail);
        Optional<String> fromAddress = Posts.from(message);
        Optional<Representative> author = fromAddress.flatMap(hub.members()::findRepresentative);
        if (author.isEmpty()) {
            HubAttributes.addRefusal(mail, Refusal.FROM_NOT_A_REPRESENTATIVE.encode(fromAddress.orElse("(missing)")));
        }
        envelope.filter(r -> !r.active())
                .ifPresent(r -> HubAttributes.addRefusal(mail, Refusal.INACTIVE.encode(r.email())));
        author.filter(r -> !r.active()).filter(r -> envelope.map(e -> e.id() != r.id()).orElse(true))
                .ifPresent(r -> HubAttributes.addRefusal(mail, Refusal.INACTIVE.encode(r.email())));
        author.filter(r -> !hub.members().mayPost(list, r)).ifPresent(r -> HubAttributes.addRefusal(mail,
                Refusal.WRONG_SECTOR.encode(r.email() + " represents " + r.organisationName() + " in the " + r.sector()
                        + " sector, and " + list.address(hub.domain()) + " takes posts from "
                        + list.membershipInWords() + " only")));
        boolean approved = HubAttributes.bool(mail, HubAttributes.APPROVED);
        if (!approved && list.senderCheck() != HubList.SenderCheck.OFF && !trusted(mail)) {
            String summary = HubAttributes.string(mail, HubAttributes.AUTH_SUMMARY).orElse("not checked");
            HubAttributes.addRefusal(mail, (list.senderCheck() == HubList.SenderCheck.HOLD
                    ? Refusal.HELD_UNAUTHENTICATED : Refusal.NOT_AUTHENTICATED).encode(summary));
        }
        if (list.postingPolicy() == HubList.PostingPolicy.MODERATED && !approved) {
            HubAttributes.addRefusal(mail, Refusal.HELD_FOR_MODERATION.encode(list.address(hub.domain())));
        }
        LOG.info("vetted mail={} message-id={} list={} stage=vetting refusals={}", mail.getName(),
                Posts.messageId(message), list.localPart(), HubAttributes.refusals(mail).stream()
                        .map(r -> r.substring(0, Math.max(0, r.indexOf('|')))).toList());
    }

    /** DMARC-aligned SPF or DKIM, or SMTP AUTH as the author (set by {@link CheckSenderAuthenticity}). */
    static boolean trusted(Mail mail) {
        return HubAttributes.bool(mail, HubAttributes.DMARC_ALIGNED) || HubAttributes.bool(mail, HubAttributes.AUTHENTICATED);
    }

    private Optional<Representative> envelopeRepresentative(Mail mail) {
        if (mail.getMaybeSender().isNullSender()) {
            HubAttributes.addRefusal(mail, Refusal.NULL_SENDER.encode(null));
            return Optional.empty();
        }
        String address = mail.getMaybeSender().get().asString();
        Optional<Representative> rep = hub.members().findRepresentative(address);
        if (rep.isEmpty()) {
            HubAttributes.addRefusal(mail, Refusal.NOT_A_REPRESENTATIVE.encode(address));
        }
        return rep;
    }

    /** RFC 3834 {@code Auto-Submitted} other than {@code no}, or {@code Precedence} bulk/junk/list. */
    static boolean isAutomatic(MimeMessage message) {
        Optional<String> auto = Posts.header(message, "Auto-Submitted").map(v -> v.toLowerCase(Locale.ROOT));
        if (auto.isPresent() && !auto.get().startsWith("no")) {
            return true;
        }
        Optional<String> precedence = Posts.header(message, "Precedence").map(v -> v.toLowerCase(Locale.ROOT));
        return precedence.map(p -> p.equals("bulk") || p.equals("junk") || p.equals("list")).orElse(false);
    }
}
