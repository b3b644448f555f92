package org.infohub.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.infohub.core.config.HubConfig.HostAndPort;
import org.infohub.core.tlp.Tlp;

/**
 * Reads {@code infohub.properties} (defaults, then the file, then command-line overrides) and
 * validates every key in one pass, so a bad configuration fails with one message that lists every
 * problem.
 */
public final class HubConfigLoader {

    public static final String DOMAIN = "hub.domain";
    public static final String SMTP_BIND = "smtp.bind";
    public static final String SMTP_PORT = "smtp.port";
    public static final String SMARTHOST = "smtp.smarthost";
    public static final String DATA_DIR = "data.dir";
    public static final String DB_URL = "db.url";
    public static final String DB_USER = "db.user";
    public static final String DB_PASSWORD = "db.password";
    /** A file holding the database password (first line), readable by the service user only. */
    public static final String DB_PASSWORD_FILE = "db.password.file";
    public static final String DB_EMBEDDED_PORT = "db.embedded.port";
    public static final String DEFAULT_TLP = "tlp.default";
    public static final String MAX_MESSAGE_KB = "smtp.max.message.kb";
    public static final String MAX_RECIPIENTS = "smtp.max.recipients";
    public static final String SENDER_RATE_LIMIT = "smtp.sender.rate.limit";
    public static final String SENDER_RATE_WINDOW = "smtp.sender.rate.window.seconds";
    public static final String ARCHIVE_URL = "archive.url";
    public static final String OWNERS = "hub.owners";
    public static final String RETRY_SCHEDULE = "delivery.retry.schedule";
    public static final String MAX_RETRIES = "delivery.max.retries";
    public static final String DEMO = "demo";
    public static final String DEMO_SMTP_PORT = "demo.smtp.port";
    public static final String DEMO_IMAP_PORT = "demo.imap.port";
    public static final String JAMES_TEMPLATES = "james.templates.dir";
    public static final String CONSOLE_BIND = "console.bind";
    public static final String CONSOLE_PORT = "console.port";
    public static final String PUBLIC_URL = "public.url";
    public static final String PUBLIC_BIND = "public.bind";
    public static final String PUBLIC_PORT = "public.port";
    public static final String CONSOLE_HTTPS = "console.https";
    /** text or json: which logback configuration bin/infohub gives all three processes (read there, checked here). */
    public static final String LOG_FORMAT = "log.format";
    public static final String DIGEST_TIME = "digest.time";
    public static final String DIGEST_ZONE = "digest.zone";
    public static final String DIGEST_MAX_ITEMS = "digest.max.items";
    public static final String DNS_SERVERS = "dns.servers";
    public static final String SUBMISSION_PORT = "smtp.submission.port";
    public static final String TLS_KEYSTORE = "tls.keystore";
    public static final String TLS_PASSWORD = "tls.keystore.password";
    public static final String DKIM_SELECTOR = "dkim.selector";
    public static final String DKIM_KEY = "dkim.key.file";
    public static final String FROM_REWRITE = "from.rewrite";
    public static final String BOUNCE_THRESHOLD = "bounce.threshold";
    public static final String BOUNCE_HALF_LIFE = "bounce.half.life.days";
    public static final String DELIVERY_RECIPIENTS = "delivery.recipients.per.transaction";
    public static final String DELIVERY_CONNECTIONS = "delivery.connections";
    public static final String DELIVERY_VERP_RATE = "delivery.verp.rate";
    public static final String DELIVERY_ONE_CLICK_MX = "delivery.oneclick.mx";
    public static final String PROGRAMME_NAME = "programme.name";
    public static final String PROGRAMME_LANGUAGE = "programme.language";
    public static final String CONSOLE_ZONE = "console.zone";
    public static final String METRICS_BIND = "metrics.bind";
    public static final String METRICS_PORT = "metrics.port";
    public static final String MAX_LINE_OCTETS = "smtp.max.line.octets";
    public static final String SMARTHOST_TLS = "smtp.smarthost.tls";
    public static final String SMARTHOST_USER = "smtp.smarthost.user";
    public static final String SMARTHOST_PASSWORD_FILE = "smtp.smarthost.password.file";
    public static final String OUTGOING_TRUSTSTORE = "delivery.tls.truststore";
    public static final String OUTGOING_TRUSTSTORE_PASSWORD = "delivery.tls.truststore.password";
    public static final String TLS_FLOOR = "delivery.tls.floor";
    public static final String MAIL_BUDGET = "pipeline.mail.budget.seconds";
    public static final String SPOOL_AGE_ALARM = "pipeline.spool.age.alarm.seconds";

    private static final Set<String> KNOWN = Set.of(DOMAIN, SMTP_BIND, SMTP_PORT, SMARTHOST, DATA_DIR,
            DB_URL, DB_USER, DB_PASSWORD, DB_PASSWORD_FILE, DB_EMBEDDED_PORT, DEFAULT_TLP, MAX_MESSAGE_KB, MAX_RECIPIENTS, SENDER_RATE_LIMIT, SENDER_RATE_WINDOW, ARCHIVE_URL, OWNERS, RETRY_SCHEDULE, MAX_RETRIES,
            DEMO, DEMO_SMTP_PORT, DEMO_IMAP_PORT, JAMES_TEMPLATES, CONSOLE_BIND, CONSOLE_PORT, PUBLIC_URL, PUBLIC_BIND, PUBLIC_PORT, CONSOLE_HTTPS,
            MAX_LINE_OCTETS, MAIL_BUDGET, SPOOL_AGE_ALARM, SMARTHOST_TLS, SMARTHOST_USER, SMARTHOST_PASSWORD_FILE, OUTGOING_TRUSTSTORE, OUTGOING_TRUSTSTORE_PASSWORD, TLS_FLOOR, DIGEST_TIME, DIGEST_ZONE, DIGEST_MAX_ITEMS, DNS_SERVERS, SUBMISSION_PORT, TLS_KEYSTORE, TLS_PASSWORD,
            DKIM_SELECTOR, DKIM_KEY, FROM_REWRITE, BOUNCE_THRESHOLD, BOUNCE_HALF_LIFE, DELIVERY_RECIPIENTS,
            DELIVERY_CONNECTIONS, DELIVERY_VERP_RATE, DELIVERY_ONE_CLICK_MX, PROGRAMME_NAME, PROGRAMME_LANGUAGE, CONSOLE_ZONE,
            METRICS_BIND, METRICS_PORT, LOG_FORMAT);

    private static final Pattern DOMAIN_NAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private HubConfigLoader() {
    }

    /** The built-in defaults, as shipped in {@code conf/infohub.properties}. */
    public static Properties defaults() {
        Properties p = new Properties();
        p.setProperty(DOMAIN, "hub.localhost");
        p.setProperty(SMTP_BIND, "0.0.0.0");
        p.setProperty(SMTP_PORT, "2525");
        p.setProperty(SMARTHOST, "");
        p.setProperty(DATA_DIR, "./data");
        p.setProperty(DB_URL, "");
        p.setProperty(DB_USER, "infohub");
        p.setProperty(DB_PASSWORD, "infohub");
        p.setProperty(DB_EMBEDDED_PORT, "0");
        // Unlabelled posts are treated as AMBER: sharing less than the sender meant is the safe error.
        p.setProperty(DEFAULT_TLP, "AMBER");
        p.setProperty(MAX_MESSAGE_KB, "25600");
        p.setProperty(MAX_LINE_OCTETS, "8192");
        p.setProperty(SMARTHOST_TLS, "verify");
        p.setProperty(TLS_FLOOR, "AMBER");
        p.setProperty(SMARTHOST_USER, "");
        p.setProperty(SMARTHOST_PASSWORD_FILE, "");
        p.setProperty(OUTGOING_TRUSTSTORE, "");
        p.setProperty(OUTGOING_TRUSTSTORE_PASSWORD, "");
        p.setProperty(MAIL_BUDGET, "60");
        p.setProperty(SPOOL_AGE_ALARM, "600");
        // A post goes to a list or a few; more recipients than this is a mistake or abuse.
        p.setProperty(MAX_RECIPIENTS, "20");
        // Generous for a person, tight for a runaway script: 60 messages per sender per 10 minutes.
        p.setProperty(SENDER_RATE_LIMIT, "60");
        p.setProperty(SENDER_RATE_WINDOW, "600");
        p.setProperty(ARCHIVE_URL, "");
        p.setProperty(OWNERS, "");
        // RemoteDelivery's schedule: quick retries first, then hourly, for about half a day in all.
        p.setProperty(RETRY_SCHEDULE, "1*5 seconds, 2*1 minute, 3*10 minutes, 6*1 hour");
        p.setProperty(MAX_RETRIES, "12");
        p.setProperty(DEMO, "false");
        p.setProperty(DEMO_SMTP_PORT, "3025");
        p.setProperty(DEMO_IMAP_PORT, "3143");
        p.setProperty(JAMES_TEMPLATES, "");
        p.setProperty(CONSOLE_BIND, "127.0.0.1");
        p.setProperty(CONSOLE_PORT, "8025");
        p.setProperty(PUBLIC_URL, "");
        p.setProperty(PUBLIC_BIND, "127.0.0.1");
        p.setProperty(PUBLIC_PORT, "8026");
        p.setProperty(CONSOLE_HTTPS, "false");
        p.setProperty(LOG_FORMAT, "text");
        p.setProperty(DIGEST_TIME, "07:00");
        p.setProperty(DIGEST_ZONE, "UTC");
        p.setProperty(DIGEST_MAX_ITEMS, "50");
        // RFC 5321 section 4.5.3.1.8: a server must take at least 100 recipients in one transaction.
        p.setProperty(DELIVERY_RECIPIENTS, "100");
        p.setProperty(DELIVERY_CONNECTIONS, "4");
        // As Sympa's verp_rate: a tenth of the members get each post with a return path of their own.
        p.setProperty(DELIVERY_VERP_RATE, "0.1");
        // MX hosts of the mailbox providers that require RFC 8058 one-click unsubscribe of bulk
        // senders (Gmail, Yahoo, Outlook.com and Hotmail).
        p.setProperty(DELIVERY_ONE_CLICK_MX, "google.com, googlemail.com, yahoodns.net, olc.protection.outlook.com");
        p.setProperty(DNS_SERVERS, "");
        p.setProperty(SUBMISSION_PORT, "2587");
        p.setProperty(TLS_KEYSTORE, "");
        p.setProperty(TLS_PASSWORD, "");
        p.setProperty(DKIM_SELECTOR, "infohub");
        p.setProperty(DKIM_KEY, "");
        // dmarc: rewrite From: only when the author's domain publishes p=quarantine or p=reject.
        p.setProperty(FROM_REWRITE, "dmarc");
        p.setProperty(BOUNCE_THRESHOLD, "5");
        p.setProperty(BOUNCE_HALF_LIFE, "7");
        return p;
    }

    /**
     * Loads the configuration: defaults, then {@code file} when given, then {@code overrides}.
     *
     * @throws ConfigException listing every problem found
     */
    public static HubConfig load(Optional<Path> file, Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        Properties p = defaults();
        file.ifPresent(f -> readFile(f, p, problems));
        overrides.forEach(p::setProperty);
        passwordFromFile(p, overrides.containsKey(DB_PASSWORD), problems);
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KNOWN);
        unknown.forEach(k -> problems.add("unknown setting '" + k + "' (known: " + new TreeSet<>(KNOWN) + ")"));
        return build(p, problems);
    }

    /**
     * {@code db.password.file}: the password is read from that file's first line, so the
     * configuration file itself need hold no secret. Giving both it and {@code db.password} in the
     * configuration is a mistake reported as such; a password given on the command line wins.
     */
    private static void passwordFromFile(Properties p, boolean givenOnCommandLine, List<String> problems) {
        String file = p.getProperty(DB_PASSWORD_FILE, "").trim();
        if (file.isEmpty() || givenOnCommandLine) {
            return;
        }
        if (!p.getProperty(DB_PASSWORD, "infohub").equals("infohub")) {
            problems.add("give the database password in " + DB_PASSWORD + " or in " + DB_PASSWORD_FILE + ", not both");
            return;
        }
        try {
            String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String password = (nl < 0 ? text : text.substring(0, nl)).strip();
            if (password.isEmpty()) {
                problems.add(DB_PASSWORD_FILE + " " + file + " is empty");
            } else {
                p.setProperty(DB_PASSWORD, password);
            }
        } catch (IOException | RuntimeException e) {
            problems.add(DB_PASSWORD_FILE + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static void readFile(Path f, Properties p, List<String> problems) {
        if (!Files.isReadable(f)) {
            problems.add("configuration file " + f + " cannot be read");
            return;
        }
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            Properties fromFile = new Properties();
            fromFile.load(r);
            fromFile.stringPropertyNames().forEach(k -> p.setProperty(k, fromFile.getProperty(k).trim()));
        } catch (IOException | IllegalArgumentException e) {
            problems.add("configuration file " + f + " is not a valid properties file: " + e.getMessage());
        }
    }

    private static HubConfig build(Properties p, List<String> problems) {
        String domain = p.getProperty(DOMAIN).trim().toLowerCase(java.util.Locale.ROOT);
        if (domain.isEmpty() || !DOMAIN_NAME.matcher(domain).matches()) {
            problems.add(DOMAIN + " = '" + domain + "' is not a domain name (example: hub.example.org)");
        }
        String bind = p.getProperty(SMTP_BIND).trim();
        if (bind.isEmpty()) {
            problems.add(SMTP_BIND + " is empty: give an address to listen on, such as 0.0.0.0 or 127.0.0.1");
        }
        int smtpPort = port(p, SMTP_PORT, problems, false);
        Optional<HostAndPort> smarthost = Optional.empty();
        String sh = p.getProperty(SMARTHOST).trim();
        if (!sh.isEmpty()) {
            int colon = sh.lastIndexOf(':');
            if (colon <= 0 || colon == sh.length() - 1) {
                problems.add(SMARTHOST + " = '" + sh + "' must be HOST:PORT, such as mail.example.org:25");
            } else {
                Integer shPort = parsePort(sh.substring(colon + 1), false);
                if (shPort == null) {
                    problems.add(SMARTHOST + " = '" + sh + "' has a bad port: a number from 1 to 65535");
                } else {
                    smarthost = Optional.of(new HostAndPort(sh.substring(0, colon), shPort));
                }
            }
        }
        String data = p.getProperty(DATA_DIR).trim();
        Path dataDir = Path.of(data.isEmpty() ? "./data" : data).toAbsolutePath().normalize();
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            problems.add(DATA_DIR + " = '" + dataDir + "' exists and is not a directory");
        } else if (Files.exists(dataDir) && !Files.isWritable(dataDir)) {
            problems.add(DATA_DIR + " = '" + dataDir + "' is not writable");
        }
        String url = p.getProperty(DB_URL).trim();
        if (!url.isEmpty() && !(url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:"))) {
            problems.add(DB_URL + " = '" + url + "' is not a MariaDB JDBC URL (jdbc:mariadb://HOST:PORT/DATABASE), "
                    + "or leave it empty for the embedded MariaDB");
        }
        int embeddedPort = port(p, DB_EMBEDDED_PORT, problems, true);
        Tlp defaultTlp = null;
        String tlp = p.getProperty(DEFAULT_TLP).trim();
        Optional<Tlp> parsed = Tlp.fromLabel(tlp);
        if (parsed.isEmpty() || parsed.get() == Tlp.RED) {
            problems.add(DEFAULT_TLP + " = '" + tlp + "' must be one of CLEAR, GREEN, AMBER, AMBER+STRICT");
        } else {
            defaultTlp = parsed.get();
        }
        int maxKb = positive(p, MAX_MESSAGE_KB, problems);
        int maxRecipients = positive(p, MAX_RECIPIENTS, problems);
        int rateLimit = positive(p, SENDER_RATE_LIMIT, problems);
        int rateWindow = positive(p, SENDER_RATE_WINDOW, problems);
        String archiveUrl = p.getProperty(ARCHIVE_URL).trim();
        if (archiveUrl.isEmpty()) {
            archiveUrl = "http://" + domain + "/archive";
        } else if (!archiveUrl.startsWith("http://") && !archiveUrl.startsWith("https://")) {
            problems.add(ARCHIVE_URL + " = '" + archiveUrl + "' must start with http:// or https://");
        }
        java.util.List<String> owners = new java.util.ArrayList<>();
        for (String o : p.getProperty(OWNERS).split(",")) {
            String owner = o.trim().toLowerCase(java.util.Locale.ROOT);
            if (owner.isEmpty()) {
                continue;
            }
            if (!owner.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                problems.add(OWNERS + ": '" + o.trim() + "' is not an e-mail address");
            }
            owners.add(owner);
        }
        String schedule = p.getProperty(RETRY_SCHEDULE).trim();
        if (!schedule.matches("\\s*(\\d+\\s*\\*\\s*)?\\d+\\s*[a-z]*(\\s*,\\s*(\\d+\\s*\\*\\s*)?\\d+\\s*[a-z]*)*\\s*")) {
            problems.add(RETRY_SCHEDULE + " = '" + schedule + "' must be like '1*5 seconds, 2*1 minute, 6*1 hour'");
        }
        int maxRetries = positive(p, MAX_RETRIES, problems);
        String demo = p.getProperty(DEMO).trim();
        if (!demo.equals("true") && !demo.equals("false")) {
            problems.add(DEMO + " = '" + demo + "' must be true or false");
        }
        int demoSmtp = port(p, DEMO_SMTP_PORT, problems, false);
        int demoImap = port(p, DEMO_IMAP_PORT, problems, false);
        String templates = p.getProperty(JAMES_TEMPLATES).trim();
        if (!templates.isEmpty() && !Files.isDirectory(Path.of(templates))) {
            problems.add(JAMES_TEMPLATES + " = '" + templates + "' is not a directory");
        }
        String consoleBind = p.getProperty(CONSOLE_BIND).trim();
        if (consoleBind.isEmpty()) {
            problems.add(CONSOLE_BIND + " is empty; give an address such as 127.0.0.1");
        }
        int consolePort = port(p, CONSOLE_PORT, problems, true);
        String publicUrl = p.getProperty(PUBLIC_URL).trim();
        if (!publicUrl.isEmpty() && !publicUrl.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
            problems.add(PUBLIC_URL + " = '" + publicUrl + "' must be an http:// or https:// address");
        }
        String publicBind = p.getProperty(PUBLIC_BIND).trim();
        if (publicBind.isEmpty()) {
            problems.add(PUBLIC_BIND + " is empty; give an address such as 127.0.0.1");
        }
        int publicPort = port(p, PUBLIC_PORT, problems, true);
        String https = p.getProperty(CONSOLE_HTTPS).trim();
        if (!https.equals("true") && !https.equals("false")) {
            problems.add(CONSOLE_HTTPS + " = '" + https + "' must be true (the console is reached over https, through a "
                    + "proxy: cookies are Secure) or false");
        }
        String logFormat = p.getProperty(LOG_FORMAT).trim();
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            problems.add(LOG_FORMAT + " = '" + logFormat + "' must be text (lines for people) or json (one JSON object a line, "
                    + "for a log shipper)");
        }
        java.time.LocalTime digestTime = java.time.LocalTime.of(7, 0);
        try {
            digestTime = java.time.LocalTime.parse(p.getProperty(DIGEST_TIME).trim());
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(DIGEST_TIME + " = '" + p.getProperty(DIGEST_TIME).trim() + "' must be a time of day such as 07:00");
        }
        java.time.ZoneId digestZone = java.time.ZoneOffset.UTC;
        try {
            digestZone = java.time.ZoneId.of(p.getProperty(DIGEST_ZONE).trim());
        } catch (java.time.DateTimeException e) {
            problems.add(DIGEST_ZONE + " = '" + p.getProperty(DIGEST_ZONE).trim() + "' must be a time zone such as Europe/Zurich or UTC");
        }
        int digestMax = positive(p, DIGEST_MAX_ITEMS, problems);
        java.time.ZoneId consoleZone = digestZone;
        String zoneText = p.getProperty(CONSOLE_ZONE, "").trim();
        if (!zoneText.isEmpty()) {
            try {
                consoleZone = java.time.ZoneId.of(zoneText);
            } catch (java.time.DateTimeException e) {
                problems.add(CONSOLE_ZONE + " = '" + zoneText + "' must be a time zone such as Europe/Zurich or UTC");
            }
        }
        int metricsPort = 8027;
        try {
            metricsPort = Integer.parseInt(p.getProperty(METRICS_PORT, "8027").trim());
            if (metricsPort < 0 || metricsPort > 65535) {
                problems.add(METRICS_PORT + " must be a port (0 turns the metrics listener off)");
            }
        } catch (NumberFormatException e) {
            problems.add(METRICS_PORT + " = '" + p.getProperty(METRICS_PORT) + "' must be a port number");
        }
        String programme = p.getProperty(PROGRAMME_NAME, "Infohub").strip();
        if (programme.isEmpty() || programme.length() > 100) {
            problems.add(PROGRAMME_NAME + " must be a name of 1 to 100 characters");
        }
        java.util.Optional<org.infohub.core.i18n.Language> language = org.infohub.core.i18n.Language.parse(
                p.getProperty(PROGRAMME_LANGUAGE, "en"));
        if (language.isEmpty()) {
            problems.add(PROGRAMME_LANGUAGE + " = '" + p.getProperty(PROGRAMME_LANGUAGE) + "' must be en or zh-HK");
        }
        HubConfig.Trust trust = trust(p, problems);
        HubConfig.Delivery delivery = delivery(p, problems);
        int maxLine = positive(p, MAX_LINE_OCTETS, problems);
        if (maxLine > 0 && (maxLine < 998 || maxLine > 1_048_576)) {
            problems.add(MAX_LINE_OCTETS + " must be between 998 (RFC 5321's limit) and 1048576");
        }
        int budget = positive(p, MAIL_BUDGET, problems);
        int spoolAge = positive(p, SPOOL_AGE_ALARM, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new HubConfig(domain, bind, smtpPort, smarthost, dataDir,
                url.isEmpty() ? Optional.empty() : Optional.of(url),
                p.getProperty(DB_USER).trim(), p.getProperty(DB_PASSWORD), embeddedPort, defaultTlp, maxKb,
                maxRecipients, rateLimit, java.time.Duration.ofSeconds(rateWindow), archiveUrl, List.copyOf(owners),
                schedule, maxRetries, demo.equals("true"), demoSmtp, demoImap,
                templates.isEmpty() ? Optional.empty() : Optional.of(Path.of(templates).toAbsolutePath()),
                consoleBind, consolePort, publicUrl.isEmpty() ? "http://" + publicBind + ":" + publicPort
                        : publicUrl.replaceAll("/+$", ""), publicBind, publicPort, https.equals("true"), digestTime,
                digestZone, digestMax, trust, delivery, new HubConfig.Presentation(programme, consoleZone,
                p.getProperty(METRICS_BIND, "127.0.0.1").trim(), metricsPort, language.orElseThrow()),
                new HubConfig.Limits(maxLine, java.time.Duration.ofSeconds(budget), java.time.Duration.ofSeconds(spoolAge)));
    }

    private static HubConfig.Delivery delivery(Properties p, List<String> problems) {
        int recipients = positive(p, DELIVERY_RECIPIENTS, problems);
        int connections = positive(p, DELIVERY_CONNECTIONS, problems);
        String rateText = p.getProperty(DELIVERY_VERP_RATE).trim();
        double rate = -1;
        try {
            rate = Double.parseDouble(rateText.endsWith("%")
                    ? Double.toString(Double.parseDouble(rateText.substring(0, rateText.length() - 1)) / 100) : rateText);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (!(rate >= 0 && rate <= 1)) {
            problems.add(DELIVERY_VERP_RATE + " = '" + rateText + "' must be a share from 0 to 1 (or 0% to 100%)");
        }
        List<String> mx = new ArrayList<>();
        for (String s : p.getProperty(DELIVERY_ONE_CLICK_MX).split(",")) {
            String suffix = s.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("^\\.+|\\.+$", "");
            if (suffix.isEmpty()) {
                continue;
            }
            if (!DOMAIN_NAME.matcher(suffix).matches()) {
                problems.add(DELIVERY_ONE_CLICK_MX + ": '" + s.trim() + "' is not a host name suffix such as google.com");
            } else {
                mx.add(suffix);
            }
        }
        String policy = p.getProperty(SMARTHOST_TLS).trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("may", "verify", "secure").contains(policy)) {
            problems.add(SMARTHOST_TLS + " = '" + policy + "' must be may (STARTTLS when offered) or verify "
                    + "(STARTTLS required, certificate checked)");
        }
        String user = p.getProperty(SMARTHOST_USER).trim();
        String passwordFile = p.getProperty(SMARTHOST_PASSWORD_FILE).trim();
        if (user.isEmpty() != passwordFile.isEmpty()) {
            problems.add(SMARTHOST_USER + " and " + SMARTHOST_PASSWORD_FILE + " go together");
        } else if (!passwordFile.isEmpty() && !Files.isReadable(Path.of(passwordFile))) {
            problems.add(SMARTHOST_PASSWORD_FILE + " " + passwordFile + " cannot be read");
        }
        String trustStore = p.getProperty(OUTGOING_TRUSTSTORE).trim();
        if (!trustStore.isEmpty() && !Files.isReadable(Path.of(trustStore))) {
            problems.add(OUTGOING_TRUSTSTORE + " " + trustStore + " cannot be read");
        }
        String floorText = p.getProperty(TLS_FLOOR).trim();
        Optional<org.infohub.core.tlp.Tlp> floor = org.infohub.core.tlp.Tlp.fromLabel(floorText);
        if (floor.isEmpty()) {
            problems.add(TLS_FLOOR + " = '" + floorText + "' must be a TLP label: CLEAR, GREEN or AMBER");
        } else if (floor.get().isMoreRestrictiveThan(org.infohub.core.tlp.Tlp.AMBER)) {
            problems.add(TLS_FLOOR + " = '" + floorText + "' would send TLP:AMBER without TLS: the floor may be raised "
                    + "(GREEN, CLEAR), never lowered below AMBER");
        }
        HubConfig.Outgoing outgoing = new HubConfig.Outgoing(policy,
                trustStore.isEmpty() ? Optional.empty() : Optional.of(Path.of(trustStore).toAbsolutePath()),
                p.getProperty(OUTGOING_TRUSTSTORE_PASSWORD), user.isEmpty() ? Optional.empty() : Optional.of(user),
                passwordFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(passwordFile).toAbsolutePath()),
                floor.orElse(org.infohub.core.tlp.Tlp.AMBER));
        return new HubConfig.Delivery(Math.max(1, recipients), Math.max(1, connections), Math.max(0, rate), List.copyOf(mx),
                outgoing);
    }

    private static HubConfig.Trust trust(Properties p, List<String> problems) {
        List<HostAndPort> dns = new ArrayList<>();
        for (String server : p.getProperty(DNS_SERVERS).split(",")) {
            String s = server.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            Integer dnsPort = colon < 0 ? Integer.valueOf(53) : parsePort(s.substring(colon + 1), false);
            if (dnsPort == null || colon == 0) {
                problems.add(DNS_SERVERS + ": '" + s + "' must be HOST or HOST:PORT, such as 127.0.0.1:53");
            } else {
                dns.add(new HostAndPort(colon < 0 ? s : s.substring(0, colon), dnsPort));
            }
        }
        int submission = port(p, SUBMISSION_PORT, problems, true);
        String keystore = p.getProperty(TLS_KEYSTORE).trim();
        if (!keystore.isEmpty() && !Files.isReadable(Path.of(keystore))) {
            problems.add(TLS_KEYSTORE + " = '" + keystore + "' cannot be read (a PKCS12 key store with the hub's key and "
                    + "certificate), or leave it empty for a self-signed one in the data directory");
        }
        String password = p.getProperty(TLS_PASSWORD);
        if (!keystore.isEmpty() && password.isEmpty()) {
            problems.add(TLS_PASSWORD + " is empty: give the password of " + keystore);
        }
        String selector = p.getProperty(DKIM_SELECTOR).trim();
        if (!selector.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            problems.add(DKIM_SELECTOR + " = '" + selector + "' must be one DNS label, such as infohub or 2026a");
        }
        String key = p.getProperty(DKIM_KEY).trim();
        String rewrite = p.getProperty(FROM_REWRITE).trim();
        if (!rewrite.equals("dmarc") && !rewrite.equals("always")) {
            problems.add(FROM_REWRITE + " = '" + rewrite + "' must be dmarc (when the author's DMARC policy asks) or always");
        }
        double threshold = -1;
        try {
            threshold = Double.parseDouble(p.getProperty(BOUNCE_THRESHOLD).trim());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (!(threshold > 0)) {
            problems.add(BOUNCE_THRESHOLD + " = '" + p.getProperty(BOUNCE_THRESHOLD).trim() + "' must be a number above 0");
        }
        int halfLife = positive(p, BOUNCE_HALF_LIFE, problems);
        return new HubConfig.Trust(List.copyOf(dns), submission,
                keystore.isEmpty() ? Optional.empty() : Optional.of(Path.of(keystore).toAbsolutePath()), password,
                selector, key.isEmpty() ? Optional.empty() : Optional.of(Path.of(key).toAbsolutePath()),
                rewrite.equals("always"), threshold, java.time.Duration.ofDays(Math.max(1, halfLife)));
    }

    private static int port(Properties p, String key, List<String> problems, boolean zeroAllowed) {
        String v = p.getProperty(key).trim();
        Integer port = parsePort(v, zeroAllowed);
        if (port == null) {
            problems.add(key + " = '" + v + "' is not a port: a number from " + (zeroAllowed ? "0 (any free port)" : "1")
                    + " to 65535");
            return -1;
        }
        return port;
    }

    private static Integer parsePort(String v, boolean zeroAllowed) {
        try {
            int n = Integer.parseInt(v.trim());
            return (n >= (zeroAllowed ? 0 : 1) && n <= 65535) ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int positive(Properties p, String key, List<String> problems) {
        String v = p.getProperty(key).trim();
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " = '" + v + "' must be a whole number above 0");
        return -1;
    }
}
