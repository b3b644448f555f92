package org.infohub.mailet;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.config.HubConfig;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.vetting.VettingOutcomes;

/**
 * What the hub's mailets and matchers need from {@code core}. The server binds one instance into
 * James's injector, so every mailet and matcher receives it through its constructor. The mailet
 * context is handed back the other way (as James's injector is built), so the server
 * can put mail it writes itself, the digests, on James's durable spool.
 */
public record HubServices(HubConfig config, MembershipRepository members, ArchiveRepository archive, Clock clock,
                          HubLists lists, AtomicLong databaseRetries,
                          java.util.concurrent.atomic.AtomicReference<org.apache.mailet.MailetContext> mailetContext,
                          org.infohub.mailet.trust.HubTrust trust,
                          org.infohub.mailet.delivery.HubDelivery delivery,
                          org.infohub.core.watch.Watchlists watchlists) {

    public HubServices(HubConfig config, MembershipRepository members, ArchiveRepository archive, Clock clock) {
        this(config, members, archive, clock, new java.util.concurrent.atomic.AtomicReference<>());
    }

    /** With the place James's mailet context is handed to (it may be filled before these services exist). */
    public HubServices(HubConfig config, MembershipRepository members, ArchiveRepository archive, Clock clock,
                       java.util.concurrent.atomic.AtomicReference<org.apache.mailet.MailetContext> mailetContext) {
        this(config, members, archive, clock, new org.infohub.mailet.trust.HubTrust(config, members.jdbc(), clock),
                mailetContext);
    }

    private HubServices(HubConfig config, MembershipRepository members, ArchiveRepository archive, Clock clock,
                        org.infohub.mailet.trust.HubTrust trust,
                        java.util.concurrent.atomic.AtomicReference<org.apache.mailet.MailetContext> mailetContext) {
        this(config, members, archive, clock, new HubLists(members, clock), new AtomicLong(), mailetContext, trust,
                new org.infohub.mailet.delivery.HubDelivery(config, members.jdbc(), clock, trust.dns()),
                new org.infohub.core.watch.Watchlists(members.jdbc(),
                        new org.infohub.core.audit.AuditLog(members.jdbc(), clock), clock));
    }

    /** Refused and held posts, for the console. */
    public VettingOutcomes outcomes() {
        return new VettingOutcomes(members.jdbc());
    }

    /** Who may see each post: decided and recorded once as it is shared, asked by every path. */
    public org.infohub.core.audience.Audience audience() {
        return new org.infohub.core.audience.Audience(members);
    }

    public String domain() {
        return config.domain();
    }
}
