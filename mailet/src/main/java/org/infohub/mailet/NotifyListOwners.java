package org.infohub.mailet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.infohub.core.archive.MessageText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For mail that RemoteDelivery gave up on: tells the owners of the list it came from which
 * addresses could not be reached and why. The members are never told; a copy nobody could
 * deliver is not sent to the whole list. Owners are the {@code hub.owners} addresses, or else the
 * list's {@code -owner} address, kept in its mail repository.
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.NotifyListOwners"/>}</pre>
 */
public class NotifyListOwners extends GenericMailet {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyListOwners.class);
    /** Where RemoteDelivery puts the reason of a failed delivery. */
    private static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");

    private final HubServices hub;

    @Inject
    public NotifyListOwners(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String list = mail.getMaybeSender().asOptional()
                .flatMap(s -> RecipientIsListRole.listOf(s.getLocalPart(), "bounces"))
                .orElse("postmaster");
        String error = mail.getAttribute(DELIVERY_ERROR).map(a -> String.valueOf(a.getValue().value()))
                .or(() -> Optional.ofNullable(mail.getErrorMessage())).orElse("no reason given");
        List<MailAddress> owners = new ArrayList<>();
        for (String o : hub.config().owners()) {
            owners.add(new MailAddress(o));
        }
        boolean local = owners.isEmpty();
        if (local) {
            owners.add(new MailAddress(list + "-owner@" + hub.domain()));
        }
        MimeMessage original = mail.getMessage();
        String id = Posts.messageId(original);
        StringBuilder text = new StringBuilder("Infohub gave up delivering a message after the last retry.\n\n")
                .append("  Message-ID: ").append(id).append('\n')
                .append("  Subject:    ").append(MessageText.of(original).subject()).append('\n')
                .append("  Reason:     ").append(error.strip()).append("\n\nAddresses not reached:\n");
        mail.getRecipients().forEach(r -> text.append("  ").append(r.asString().toLowerCase(Locale.ROOT)).append('\n'));
        text.append("\nCheck these members' addresses or mail servers; the post itself is in the archive.\n");
        MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), owners, "Delivery failed for "
                + mail.getRecipients().size() + " address(es) of " + list + "@" + hub.domain(), "auto-generated",
                text.toString());
        notice.saveChanges();
        getMailetContext().sendMail(new MailAddress("postmaster@" + hub.domain()), owners, notice,
                local ? "transport" : "hub-relay");
        LOG.info("delivery failed mail={} message-id={} list={} stage=delivery-failed addresses={} owners-notified={}",
                mail.getName(), id, list, mail.getRecipients().size(), owners.size());
    }
}
