package org.infohub.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.member.MembershipRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Demo mode: a local GreenMail plays every member's mail server (SMTP in, IMAP to read), and a
 * small demo membership is loaded when the hub has none, so a newcomer can post and read copies.
 */
public final class DemoMailServer {
    private static final Logger LOG = LoggerFactory.getLogger(DemoMailServer.class);
    static final String MEMBERS = "/demo-members.csv";

    private final GreenMail greenMail;
    private final StartTlsFront front;
    private final int smtpPort;
    private final int imapPort;

    private DemoMailServer(GreenMail greenMail, StartTlsFront front, int smtpPort, int imapPort) {
        this.greenMail = greenMail;
        this.front = front;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    static DemoMailServer start(HubConfig config, HubDatabase database) throws IOException {
        // GreenMail has no STARTTLS: it listens on a free port behind a front that offers it, so
        // the demo's AMBER posts leave over TLS as the TLP floor requires.
        int inner;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            inner = free.getLocalPort();
        }
        GreenMail gm = new GreenMail(new ServerSetup[] {
                new ServerSetup(inner, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(config.demoImapPort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        gm.start();
        StartTlsFront front;
        try {
            front = new StartTlsFront("127.0.0.1", config.demoSmtpPort(), TlsKeys.serverContext(TlsKeys.forConfig(config)),
                    "127.0.0.1", inner);
        } catch (IOException | RuntimeException e) {
            gm.stop();
            throw e;
        }
        MembershipRepository members = new MembershipRepository(database.jdbc());
        java.util.Set<String> demo = demoMembership();
        List<String> real = members.allRepresentatives().stream().map(r -> r.email())
                .filter(e -> !demo.contains(e)).toList();
        if (!real.isEmpty()) {
            // Demo mode gives passwords equal to the address: never on a hub with real members.
            front.close();
            gm.stop();
            throw new IOException("demo mode refuses to start: the data directory " + config.dataDir() + " holds "
                    + real.size() + " representative(s) who are not demo members (" + real.get(0)
                    + (real.size() > 1 ? ", ..." : "") + "). Start without --demo (and demo=false), or give an empty "
                    + "data directory with --data-dir.");
        }
        if (members.countRepresentatives() == 0) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    DemoMailServer.class.getResourceAsStream(MEMBERS), StandardCharsets.UTF_8))) {
                MembershipImport.Result r = new MembershipImport(database.jdbc(), "demo").load(in);
                if (!r.ok()) {
                    front.close();
                    gm.stop();
                    throw new IOException("the demo membership does not load: " + r.errors());
                }
                LOG.info("demo: loaded {} demo representatives", r.representatives());
            }
        }
        org.infohub.core.trust.SmtpPasswords passwords = new org.infohub.core.trust.SmtpPasswords(database.jdbc(),
                new org.infohub.core.audit.AuditLog(database.jdbc(), java.time.Clock.systemUTC()),
                java.time.Clock.systemUTC());
        for (String email : demoAddresses(members)) {
            if (!demo.contains(email)) {
                continue;
            }
            // GreenMail's IMAP login is the address itself, with the address as password; the
            // demo's submission passwords are the same (never do this outside the demo).
            gm.setUser(email, email, email);
            if (!passwords.hasPassword(email)) {
                passwords.set("demo", email, email);
            }
        }
        LOG.info("demo: members' mail server (GreenMail) on SMTP 127.0.0.1:{} and IMAP 127.0.0.1:{}",
                config.demoSmtpPort(), config.demoImapPort());
        return new DemoMailServer(gm, front, config.demoSmtpPort(), config.demoImapPort());
    }

    /** The addresses of the demo membership file. */
    static java.util.Set<String> demoMembership() throws IOException {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                DemoMailServer.class.getResourceAsStream(MEMBERS), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                if (f.length >= 3) {
                    out.add(f[2].trim().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static List<String> demoAddresses(MembershipRepository members) {
        return members.findList("all").map(members::activeMemberEmails).orElse(List.of());
    }

    /** The configuration with the demo mail server as smarthost, unless one was configured. */
    HubConfig configWithSmarthost(HubConfig c) {
        if (c.smarthost().isPresent()) {
            return c;
        }
        // Its certificate is the hub's own self-signed one: encrypted, not verified (policy may).
        HubConfig.Outgoing o = c.delivery().outgoing();
        return c.withSmarthost(new HubConfig.HostAndPort("127.0.0.1", smtpPort)).withOutgoing(new HubConfig.Outgoing("may",
                o.trustStore(), o.trustStorePassword(), o.authUser(), o.authPasswordFile(), o.tlsFloor()));
    }

    public int imapPort() {
        return imapPort;
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    void stop() {
        front.close();
        greenMail.stop();
    }
}
