package org.infohub.core.config;

import java.nio.file.Path;
import java.util.Optional;

import org.infohub.core.tlp.Tlp;

/**
 * The validated settings of one hub process. Built only by {@link HubConfigLoader}, which reports
 * every problem of a bad configuration at once.
 */
public record HubConfig(
        String domain,
        String smtpBind,
        int smtpPort,
        Optional<HostAndPort> smarthost,
        Path dataDir,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        int embeddedDbPort,
        Tlp defaultTlp,
        int maxMessageKb,
        int maxRecipients,
        int senderRateLimit,
        java.time.Duration senderRateWindow,
        String archiveUrl,
        java.util.List<String> owners,
        String deliveryRetrySchedule,
        int deliveryMaxRetries,
        boolean demo,
        int demoSmtpPort,
        int demoImapPort,
        Optional<Path> jamesTemplates,
        String consoleBind,
        int consolePort,
        String publicUrl,
        String publicBind,
        int publicPort,
        boolean consoleHttps,
        java.time.LocalTime digestTime,
        java.time.ZoneId digestZone,
        int digestMaxItems,
        Trust trust,
        Delivery delivery,
        Presentation presentation,
        Limits limits) {

    /**
     * What one mail may cost the hub: {@code maxLineOctets} the longest line SMTP takes (a longer
     * one refuses the whole message with one reply); {@code mailBudget} the time one mail may spend
     * in the pipeline before it is stopped and set aside; {@code spoolAgeAlarm} the age of the
     * oldest mail waiting in the spool at which the hub reports itself degraded.
     */
    public record Limits(int maxLineOctets, java.time.Duration mailBudget, java.time.Duration spoolAgeAlarm) {
    }

    /**
     * How the console presents itself: the programme's name, and the zone its dates are shown in;
     * the language the hub writes in to whoever has not chosen one ({@code programme.language});
     * and where the server's Prometheus metrics and health checks listen ({@code metricsPort} 0: off).
     */
    public record Presentation(String programmeName, java.time.ZoneId zone, String metricsBind, int metricsPort,
                               org.infohub.core.i18n.Language language) {
        public Presentation(String programmeName, java.time.ZoneId zone, String metricsBind, int metricsPort) {
            this(programmeName, zone, metricsBind, metricsPort, org.infohub.core.i18n.Language.EN);
        }
    }

    /**
     * How list mail leaves: {@code recipientsPerTransaction} at most per SMTP transaction;
     * {@code connections} at most to the smarthost at once; {@code verpRate} the share of each
     * post's members who get it with a tagged return path of their own (rotating, so every member
     * gets one every {@code 1/verpRate} posts); {@code oneClickMx} the MX host suffixes of mailbox
     * providers that need a per-member RFC 8058 one-click link (hence a signature per copy).
     */
    public record Delivery(int recipientsPerTransaction, int connections, double verpRate,
                           java.util.List<String> oneClickMx, Outgoing outgoing) {
    }

    /**
     * How the hub's SMTP client talks to the smarthost: {@code tlsPolicy} {@code may} (STARTTLS
     * whenever offered) or {@code verify} (STARTTLS required, certificate and host name checked
     * against the system's CAs or {@code trustStore}); an account for SMTP AUTH, its password read
     * from a file. {@code tlsFloor}: the least restrictive label whose copies never leave without
     * TLS, whatever the policy (AMBER by default; GREEN or CLEAR raise it to more mail).
     */
    public record Outgoing(String tlsPolicy, Optional<Path> trustStore, String trustStorePassword,
                           Optional<String> authUser, Optional<Path> authPasswordFile, org.infohub.core.tlp.Tlp tlsFloor) {

        /**
         * Whether mail labelled {@code label} may leave only over TLS. Mail without a label (a
         * notice, a confirmation) counts as AMBER, the label an unlabelled post gets.
         */
        public boolean requiresTls(Optional<org.infohub.core.tlp.Tlp> label) {
            return !tlsFloor.isMoreRestrictiveThan(label.orElse(org.infohub.core.tlp.Tlp.AMBER));
        }
    }

    /**
     * Sender authentication, TLS, DKIM and bounces. {@code dnsServers} empty: the system's
     * resolvers. {@code submissionPort} 0: no submission port. {@code tlsKeystore} empty: a
     * self-signed key made in the data directory.
     */
    public record Trust(java.util.List<HostAndPort> dnsServers, int submissionPort, Optional<Path> tlsKeystore,
                        String tlsPassword, String dkimSelector, Optional<Path> dkimKeyFile, boolean alwaysRewriteFrom,
                        double bounceThreshold, java.time.Duration bounceHalfLife) {
    }

    /** The DKIM private key file: configured, or {@code dkim/SELECTOR.pem} in the data directory. */
    public Path dkimKey() {
        return trust.dkimKeyFile().orElse(dataDir.resolve("dkim").resolve(trust.dkimSelector() + ".pem"));
    }

    public record HostAndPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** The same settings with every delivery going to {@code host}. */
    public HubConfig withSmarthost(HostAndPort host) {
        return new HubConfig(domain, smtpBind, smtpPort, Optional.of(host), dataDir, dbUrl, dbUser, dbPassword,
                embeddedDbPort, defaultTlp, maxMessageKb, maxRecipients, senderRateLimit, senderRateWindow, archiveUrl,
                owners, deliveryRetrySchedule, deliveryMaxRetries, demo, demoSmtpPort, demoImapPort, jamesTemplates,
                consoleBind, consolePort, publicUrl, publicBind, publicPort, consoleHttps, digestTime, digestZone, digestMaxItems,
                trust, delivery, presentation, limits);
    }

    /** The same settings with this outgoing TLS (policy, trust, account, floor). */
    public HubConfig withOutgoing(Outgoing outgoing) {
        Delivery d = new Delivery(delivery.recipientsPerTransaction(), delivery.connections(), delivery.verpRate(),
                delivery.oneClickMx(), outgoing);
        return new HubConfig(domain, smtpBind, smtpPort, smarthost, dataDir, dbUrl, dbUser, dbPassword,
                embeddedDbPort, defaultTlp, maxMessageKb, maxRecipients, senderRateLimit, senderRateWindow, archiveUrl,
                owners, deliveryRetrySchedule, deliveryMaxRetries, demo, demoSmtpPort, demoImapPort, jamesTemplates,
                consoleBind, consolePort, publicUrl, publicBind, publicPort, consoleHttps, digestTime, digestZone, digestMaxItems,
                trust, d, presentation, limits);
    }

    /** The same settings with these DNS servers. */
    public HubConfig withDnsServers(java.util.List<HostAndPort> servers) {
        Trust t = new Trust(servers, trust.submissionPort(), trust.tlsKeystore(), trust.tlsPassword(),
                trust.dkimSelector(), trust.dkimKeyFile(), trust.alwaysRewriteFrom(), trust.bounceThreshold(),
                trust.bounceHalfLife());
        return new HubConfig(domain, smtpBind, smtpPort, smarthost, dataDir, dbUrl, dbUser, dbPassword,
                embeddedDbPort, defaultTlp, maxMessageKb, maxRecipients, senderRateLimit, senderRateWindow, archiveUrl,
                owners, deliveryRetrySchedule, deliveryMaxRetries, demo, demoSmtpPort, demoImapPort, jamesTemplates,
                consoleBind, consolePort, publicUrl, publicBind, publicPort, consoleHttps, digestTime, digestZone, digestMaxItems,
                t, delivery, presentation, limits);
    }

    /**
     * Whether copies may offer RFC 8058 one-click unsubscription ({@code List-Unsubscribe-Post}): only
     * when the Public Zone's address, where the link leads, is {@code https://}, as the RFC requires.
     */
    public boolean oneClickPost() {
        return publicUrl.regionMatches(true, 0, "https://", 0, 8);
    }

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    public Path jamesDir() {
        return dataDir.resolve("james");
    }

    public Path indexDir() {
        return dataDir.resolve("index");
    }

    public Path mariaDbDir() {
        return dataDir.resolve("mariadb");
    }
}
