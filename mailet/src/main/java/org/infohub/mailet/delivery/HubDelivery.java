package org.infohub.mailet.delivery;

import java.time.Clock;

import org.infohub.core.config.HubConfig;
import org.infohub.core.db.Jdbc;
import org.infohub.core.delivery.MailDomains;
import org.infohub.core.delivery.PostRecipients;
import org.infohub.mailet.trust.HubDns;

/** What list delivery keeps between posts: who got each post, and what each member domain needs. */
public final class HubDelivery {
    private final PostRecipients recipients;
    private final MailDomains domains;

    public HubDelivery(HubConfig config, Jdbc jdbc, Clock clock, HubDns dns) {
        this.recipients = new PostRecipients(jdbc);
        this.domains = new MailDomains(jdbc, clock, config.delivery().oneClickMx(), dns::mx);
    }

    public PostRecipients recipients() {
        return recipients;
    }

    public MailDomains domains() {
        return domains;
    }
}
