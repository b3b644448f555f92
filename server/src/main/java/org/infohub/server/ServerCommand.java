package org.infohub.server;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.infohub.admin.ConfigOptions;
import org.infohub.core.config.ConfigException;
import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.member.MembershipRepository;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./infohub server}: runs the hub until SIGTERM or Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Start the hub: embedded MariaDB (unless --db-url), Apache James with the hub's mailets, "
                + "and the archive indexer. Stops cleanly on SIGTERM.")
public class ServerCommand extends ConfigOptions implements java.util.concurrent.Callable<Integer> {
    /** How long a stop may take before the process halts. */
    static final long STOP_TIMEOUT_MILLIS = 60_000;

    @Option(names = "--domain", paramLabel = "D", description = "the hub's mail domain (default: hub.localhost)")
    String domain;

    @Option(names = "--smtp-port", paramLabel = "N", description = "SMTP port (default: 2525)")
    Integer smtpPort;

    @Option(names = "--smarthost", paramLabel = "HOST:PORT", description = "deliver all mail through this host")
    String smarthost;

    @Option(names = "--demo", description = "load a demo membership and run a local mail server for the members")
    boolean demo;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    protected Map<String, String> overrides() {
        Map<String, String> o = super.overrides();
        if (domain != null) {
            o.put(HubConfigLoader.DOMAIN, domain);
        }
        if (smtpPort != null) {
            o.put(HubConfigLoader.SMTP_PORT, smtpPort.toString());
        }
        if (smarthost != null) {
            o.put(HubConfigLoader.SMARTHOST, smarthost);
        }
        if (demo) {
            o.put(HubConfigLoader.DEMO, "true");
        }
        return o;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HubConfig config;
        try {
            config = load();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 3;
        }
        HubServer server = new HubServer(config);
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean failedToStart = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(STOP_TIMEOUT_MILLIS);
                    // Accepted mail is on the durable queue and the archive in MariaDB: halting is
                    // as safe as a crash, which the hub recovers from at its next start.
                    System.err.println("Infohub did not stop within " + STOP_TIMEOUT_MILLIS / 1000 + " s; halting");
                    Runtime.getRuntime().halt(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "infohub-stop-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            server.stop();
            stopped.countDown();
            if (failedToStart.get()) {
                return; // the JVM ends with the start's own status (3), not 0
            }
            // Stopped in order: the logs flushed, the JVM ends with 0 rather than SIGTERM's 143, so a stop
            // is a success to systemd and to anyone who scripts the hub.
            if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
                logback.stop();
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(0);
        }, "infohub-shutdown"));
        try {
            server.start();
        } catch (Exception | LinkageError e) {
            failedToStart.set(true);
            err.println("Infohub did not start: " + e.getMessage());
            return 3;
        }
        printWelcome(out, server);
        stopped.await();
        return 0;
    }

    private static void printWelcome(PrintWriter out, HubServer server) {
        HubConfig c = server.config();
        MembershipRepository members = new MembershipRepository(server.database().jdbc());
        out.println();
        out.println("Infohub is running. SMTP: " + c.smtpBind() + ":" + c.smtpPort() + (c.trust().submissionPort() == 0
                ? "" : ", submission: " + c.smtpBind() + ":" + c.trust().submissionPort()) + ", domain " + c.domain()
                + ", data in " + c.dataDir());
        out.println("Members: " + members.countRepresentatives() + " representative(s) in "
                + members.countOrganisations() + " organisation(s). Lists: "
                + String.join(", ", members.lists().stream().map(l -> l.address(c.domain())).toList()));
        server.demo().ifPresent(demo -> {
            out.println();
            out.println("Demo mode: the members' mail server runs on 127.0.0.1 (SMTP " + c.demoSmtpPort() + ", IMAP "
                    + demo.imapPort() + ").");
            out.println("Post a first alert as a finance representative:");
            out.println("  swaks --server 127.0.0.1:" + c.smtpPort() + " --from alice@firstbank.demo --to finance@"
                    + c.domain() + " \\");
            out.println("        --header 'Subject: TLP:GREEN phishing wave against online banking' \\");
            out.println("        --body 'Phishing mails imitating our login page since this morning.'");
            out.println("Read the copy as bob@secondbank.demo over IMAP (127.0.0.1:" + demo.imapPort()
                    + ", user and password bob@secondbank.demo), then search the archive:");
            out.println("  ./infohub search phishing");
            if (c.trust().submissionPort() != 0) {
                out.println("Or post from anywhere through the submission port (STARTTLS, then SMTP AUTH):");
                out.println("  swaks --server 127.0.0.1:" + c.trust().submissionPort() + " -tls --auth-user alice@firstbank.demo"
                        + " --auth-password alice@firstbank.demo \\");
                out.println("        --from alice@firstbank.demo --to finance@" + c.domain()
                        + " --header 'Subject: TLP:GREEN from the road'");
            }
        });
        out.println("Stop with Ctrl-C or SIGTERM.");
        out.flush();
    }
}
