package org.infohub.mailet;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.tlp.Tlp;

/**
 * Matches mail that may leave only over TLS: its TLP label (a post's, or a digest's most
 * restrictive item's) is at or above the floor ({@code delivery.tls.floor}, AMBER by default).
 * Mail without a label counts as AMBER. Such mail goes to the RemoteDelivery that requires
 * STARTTLS, and waits in its queue for a server that offers it.
 */
public class RequiresTls extends HubMatcher {
    private final HubServices hub;

    @Inject
    public RequiresTls(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected Collection<MailAddress> matchMail(Mail mail) {
        return requires(hub, mail) ? mail.getRecipients() : List.of();
    }

    /** The one answer to "may this mail leave without TLS?", for every outgoing path. */
    static boolean requires(HubServices hub, Mail mail) {
        return hub.config().delivery().outgoing().requiresTls(
                HubAttributes.string(mail, HubAttributes.TLP).flatMap(Tlp::fromLabel));
    }
}
