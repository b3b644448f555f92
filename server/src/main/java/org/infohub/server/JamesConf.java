package org.infohub.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.infohub.core.config.HubConfig;

/**
 * Lays James's configuration out on disk under the data directory, from the templates of the
 * {@code conf} module with the hub's settings filled in. James reads its configuration from
 * files: from inside a jar, its {@code .properties} files would be silently ignored.
 */
final class JamesConf {
    static final List<String> FILES = List.of("domainlist.xml", "smtpserver.xml", "mailetcontainer.xml",
            "mailrepositorystore.xml", "usersrepository.xml", "dnsservice.xml", "listeners.xml",
            "recipientrewritetable.xml", "healthcheck.properties");

    private JamesConf() {
    }

    /** Writes the files, with STARTTLS from {@code tls} (a PKCS12 key store and its password). */
    static Path write(HubConfig config, Path jamesDir, TlsKeys.Store tls) throws IOException {
        Path confDir = jamesDir.resolve("conf");
        Files.createDirectories(confDir);
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, String> values = Map.ofEntries(Map.entry("@MAX_RECIPIENTS@", Integer.toString(config.maxRecipients())),
                Map.entry("@RETRY_SCHEDULE@", config.deliveryRetrySchedule()),
                Map.entry("@MAX_RETRIES@", Integer.toString(config.deliveryMaxRetries())),
                Map.entry("@DOMAIN@", config.domain()),
                Map.entry("@SMTP_BIND@", config.smtpBind()),
                Map.entry("@SMTP_PORT@", Integer.toString(config.smtpPort())),
                Map.entry("@MAX_MESSAGE_KB@", Integer.toString(config.maxMessageKb())),
                // The pipeline waits on MariaDB and the spool, not the CPU: a few threads per core.
                Map.entry("@SPOOL_THREADS@", Integer.toString(Math.max(4, cores * 4))),
                Map.entry("@DELIVERY_THREADS@", Integer.toString(Math.max(4, cores * 4))),
                Map.entry("@GATEWAY_HOST@", config.smarthost().map(HubConfig.HostAndPort::host).orElse("")),
                Map.entry("@GATEWAY_PORT@", config.smarthost().map(h -> Integer.toString(h.port())).orElse("")),
                Map.entry("@SUBMISSION_PORT@", Integer.toString(config.trust().submissionPort())),
                Map.entry("@TLS_KEYSTORE@", "file://" + tls.file().toAbsolutePath()),
                Map.entry("@TLS_SECRET@", tls.password()),
                // Members' own servers: any certificate (RFC 7435); a smarthost: as its policy says.
                // The host name is checked in the Verifying factory (JavaMail's own check ignores IP names).
                Map.entry("@TLS_VERIFY@", "false"),
                Map.entry("@TLS_FACTORY@", (verifySmarthost(config)
                        ? org.infohub.mailet.delivery.TlsSocketFactories.Verifying.class
                        : org.infohub.mailet.delivery.TlsSocketFactories.Opportunistic.class).getName()),
                Map.entry("@TLS_REQUIRED@", Boolean.toString(verifySmarthost(config) || smarthostAccount(config))),
                Map.entry("@GATEWAY_USER@", config.delivery().outgoing().authUser().orElse("")),
                Map.entry("@GATEWAY_PASSWORD@", gatewayPassword(config)));
        for (String name : FILES) {
            String text = template(config, name);
            if (config.trust().submissionPort() == 0) {
                text = text.replaceAll("(?s)<!-- SUBMISSION -->.*<!-- /SUBMISSION -->", "");
            }
            if (config.smarthost().isEmpty()) {
                text = text.lines().filter(l -> !l.contains("@GATEWAY_")).collect(Collectors.joining("\n"));
            } else if (!smarthostAccount(config)) {
                text = text.lines().filter(l -> !l.contains("@GATEWAY_USER@") && !l.contains("@GATEWAY_PASSWORD@"))
                        .collect(Collectors.joining("\n"));
            }
            for (Map.Entry<String, String> v : values.entrySet()) {
                text = text.replace(v.getKey(), xml(v.getValue()));
            }
            // Private: smtpserver.xml holds the key store password, mailetcontainer.xml the smarthost one.
            org.infohub.core.files.PrivateFiles.writeString(confDir.resolve(name), text, StandardCharsets.UTF_8);
        }
        return confDir;
    }

    private static boolean verifySmarthost(HubConfig config) {
        return config.smarthost().isPresent() && !"may".equals(config.delivery().outgoing().tlsPolicy());
    }

    private static boolean smarthostAccount(HubConfig config) {
        return config.smarthost().isPresent() && config.delivery().outgoing().authUser().isPresent()
                && config.delivery().outgoing().authPasswordFile().isPresent();
    }

    /** The smarthost password, from its file's first line (the configuration is written private). */
    private static String gatewayPassword(HubConfig config) throws IOException {
        if (!smarthostAccount(config)) {
            return "";
        }
        String text = Files.readString(config.delivery().outgoing().authPasswordFile().get(), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    /** A template from the configured templates folder when it has one, else the bundled one. */
    private static String template(HubConfig config, String name) throws IOException {
        if (config.jamesTemplates().isPresent() && Files.isRegularFile(config.jamesTemplates().get().resolve(name))) {
            return Files.readString(config.jamesTemplates().get().resolve(name), StandardCharsets.UTF_8);
        }
        try (InputStream in = JamesConf.class.getResourceAsStream("/infohub-conf/james/" + name)) {
            if (in == null) {
                throw new IOException("James configuration template " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
