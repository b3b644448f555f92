package org.infohub.mailet;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

/**
 * Matches the recipients whose domain publishes an enforced MTA-STS policy (RFC 8461), when the
 * hub delivers to members' MX itself: their copies go to the RemoteDelivery that requires STARTTLS
 * with a certificate naming the policy's MX, and wait for a retry otherwise.
 */
public class MtaStsEnforced extends HubMatcher {
    private final HubServices hub;

    @Inject
    public MtaStsEnforced(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected Collection<MailAddress> matchMail(Mail mail) {
        if (hub.config().smarthost().isPresent()) {
            return List.of();
        }
        return mail.getRecipients().stream().filter(r -> hub.delivery().mtaStsEnforced(r.getDomain().asString())).toList();
    }
}
