package org.infohub.admin.web;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import org.infohub.admin.auth.AdminUsers;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.Jdbc;
import org.infohub.core.indicator.Indicators;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.release.Releases;
import org.infohub.core.stats.HubStats;
import org.infohub.core.trust.Bounces;
import org.infohub.core.vetting.VettingOutcomes;

/**
 * The services every console route works with, built once per console process; and the
 * settings read from the hub's configuration (programme name, time zone, where the Public Zone is
 * reached, the hub's mail domain, bounce settings).
 */
final class ConsoleServices {
    final Path dataDir;
    final Jdbc jdbc;
    final Clock clock;
    final MembershipRepository members;
    final AuditLog audit;
    final MembershipAdmin admin;
    final AdminUsers users;
    final HubStats stats;
    final VettingOutcomes outcomes;
    final ConsoleIndex index;
    final ArchiveRepository archive;
    final Releases releases;
    final org.infohub.core.watch.Watchlists watchlists;
    final org.infohub.core.share.ShareTokens shareTokens;
    final org.infohub.core.event.Events events;
    private volatile Bounces bounces;
    private volatile Settings settings;

    /** What the console shows and links to, from the configuration. */
    record Settings(String programme, ZoneId zone, String publicUrl, String hubDomain, boolean secureCookies,
                    org.infohub.core.i18n.Language language) {
        Settings(String programme, ZoneId zone, String publicUrl, String hubDomain, boolean secureCookies) {
            this(programme, zone, publicUrl, hubDomain, secureCookies, org.infohub.core.i18n.Language.EN);
        }
    }

    ConsoleServices(Path dataDir, Jdbc jdbc, Clock clock, String hubDomain) {
        this.settings = new Settings("Infohub", ZoneId.of("UTC"), "", hubDomain, false);
        this.dataDir = dataDir;
        this.jdbc = jdbc;
        this.clock = clock;
        this.members = new MembershipRepository(jdbc);
        this.audit = new AuditLog(jdbc, clock);
        this.admin = new MembershipAdmin(members, audit, clock);
        this.users = new AdminUsers(jdbc, audit, clock);
        this.stats = new HubStats(jdbc);
        this.outcomes = new VettingOutcomes(jdbc);
        this.index = new ConsoleIndex(dataDir.resolve("index"));
        this.archive = new ArchiveRepository(jdbc, new Indicators(hubDomain));
        this.releases = new Releases(jdbc, archive, audit, clock);
        this.watchlists = new org.infohub.core.watch.Watchlists(jdbc, audit, clock);
        this.shareTokens = new org.infohub.core.share.ShareTokens(jdbc, audit, clock);
        this.events = new org.infohub.core.event.Events(jdbc);
    }

    Settings settings() {
        return settings;
    }

    void settings(Settings s) {
        this.settings = s;
    }

    void bounceSettings(double threshold, Duration halfLife) {
        this.bounces = new Bounces(jdbc, clock, threshold, halfLife);
    }

    Bounces bounces() {
        if (bounces == null) {
            bounceSettings(5, Duration.ofDays(7));
        }
        return bounces;
    }
}
