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
        java.time.LocalTime digestTime,
        java.time.ZoneId digestZone,
        int digestMaxItems) {

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
                consoleBind, consolePort, publicUrl, digestTime, digestZone, digestMaxItems);
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
