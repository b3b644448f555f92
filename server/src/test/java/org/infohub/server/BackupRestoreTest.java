package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.infohub.admin.AdminCli;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.release.Releases;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * A backup taken while posts arrive, restored onto a new hub: every post the snapshot holds, byte
 * for byte, every member, subscription, release and audit entry, the DKIM key, and search working
 * on the index the restored server rebuilds.
 */
class BackupRestoreTest {
    @TempDir
    Path work;

    private static int cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        System.out.println(out);
        System.out.println(err);
        return code;
    }

    private static String[] db(String url, Path passwordFile, Path dataDir, String... rest) {
        List<String> a = new ArrayList<>(List.of(rest));
        a.addAll(List.of("--db-url", url, "--db-user", TestDatabase.user(), "--db-password-file", passwordFile.toString(),
                "--data-dir", dataDir.toString()));
        return a.toArray(new String[0]);
    }

    private static byte[] post(String from, String subject, String body) {
        return ("From: " + from + "\r\nTo: finance@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + UUID.randomUUID() + "@client.example>\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBackupTakenWhilePostsArriveRestoresEverythingItHoldsOntoANewHub() throws Exception {
        GreenMail smarthost = MailFixture.smarthost();
        Path passwordFile = work.resolve("db-password");
        Files.writeString(passwordFile, TestDatabase.password());
        String urlA = TestDatabase.freshUrl("backup_a");
        String urlB = TestDatabase.freshUrl("backup_b");
        Path dataA = Files.createDirectories(work.resolve("a"));
        Path dataB = Files.createDirectories(work.resolve("b"));
        Path backup = work.resolve("backup");
        HubServer a = null;
        try (HubDatabase dbA = HubDatabase.connect(urlA, TestDatabase.user(), TestDatabase.password(), 2)) {
            AuditLog audit = new AuditLog(dbA.jdbc(), Clock.systemUTC());
            MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(dbA.jdbc()), audit, Clock.systemUTC());
            admin.createOrganisation("test", "North Bank", "finance", List.of("north.example"));
            admin.addRepresentative("test", "nina@north.example", "Nina", "North Bank");
            admin.createOrganisation("test", "West Bank", "finance", List.of("west.example"));
            admin.addRepresentative("test", "wes@west.example", "Wes", "West Bank");
            admin.setSubscription("test", "nina@north.example", "finance", DeliveryMode.DIGEST);
            a = new HubServer(MailFixture.config(dataA, Optional.of(urlA), smarthost, Map.of())).start();
            int port = a.config().smtpPort();
            assertThat(SmtpClient.send(port, "wes@west.example", List.of("finance@hub.localhost"),
                    post("wes@west.example", "TLP:CLEAR zanzibarquartz advisory", "The word zanzibarquartz finds it."))
                    .accepted()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> dbA.jdbc().queryLong("SELECT COUNT(*) FROM submission") == 1);
            Releases releases = new Releases(dbA.jdbc(), a.services().archive(), audit, Clock.systemUTC());
            releases.publish("test", releases.draft("test", 1).id());

            // Posts keep arriving while the backup runs.
            AtomicBoolean posting = new AtomicBoolean(true);
            AtomicInteger accepted = new AtomicInteger();
            Thread poster = new Thread(() -> {
                int i = 0;
                while (posting.get()) {
                    try {
                        if (SmtpClient.send(port, "wes@west.example", List.of("finance@hub.localhost"),
                                post("wes@west.example", "TLP:GREEN busy " + i++, "While the backup runs.")).accepted()) {
                            accepted.incrementAndGet();
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            poster.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> dbA.jdbc().queryLong("SELECT COUNT(*) FROM submission") >= 5);
            assertThat(cli(db(urlA, passwordFile, dataA, "backup", backup.toString()))).isZero();
            posting.set(false);
            poster.join();
            long total = accepted.get() + 1;
            await().atMost(Duration.ofSeconds(60)).until(() -> dbA.jdbc().queryLong("SELECT COUNT(*) FROM submission") == total);

            Properties manifest = new Properties();
            try (var r = Files.newBufferedReader(backup.resolve("manifest.properties"))) {
                manifest.load(r);
            }
            // Nothing of it is readable by another local account.
            try (java.util.stream.Stream<Path> all = Files.walk(backup)) {
                for (Path f : (Iterable<Path>) all::iterator) {
                    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .as(f.toString()).isEqualTo(Files.isDirectory(f) ? "rwx------" : "rw-------");
                }
            }
            long posts = Long.parseLong(manifest.getProperty("rows.submission"));
            assertThat(posts).as("taken while posts arrived").isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(total);
            assertThat(cli(db(urlA, passwordFile, dataA, "backup", backup.toString()))).as("not over a backup").isEqualTo(1);
            a.stop();
            a = null;

            assertThat(cli(db(urlB, passwordFile, dataB, "restore", backup.toString()))).isZero();
            try (HubDatabase dbB = HubDatabase.connect(urlB, TestDatabase.user(), TestDatabase.password(), 2)) {
                Jdbc b = dbB.jdbc();
                assertThat(b.queryLong("SELECT COUNT(*) FROM submission")).isEqualTo(posts);
                // Every restored post is the very post the hub archived: same number, Message-ID and bytes.
                List<Long> seqs = b.query("SELECT seq FROM submission ORDER BY seq", rs -> rs.getLong(1));
                for (long seq : seqs) {
                    assertThat(b.queryOne("SELECT raw FROM submission WHERE seq = ?", rs -> rs.getBytes(1), seq).orElseThrow())
                            .isEqualTo(dbA.jdbc().queryOne("SELECT raw FROM submission WHERE seq = ?", rs -> rs.getBytes(1), seq)
                                    .orElseThrow());
                }
                for (String table : List.of("organisation", "representative", "subscription", "public_release", "hub_secret",
                        "indicator")) {
                    assertThat(b.queryLong("SELECT COUNT(*) FROM " + table)).as(table)
                            .isEqualTo(Long.parseLong(manifest.getProperty("rows." + table)))
                            .isEqualTo(dbA.jdbc().queryLong("SELECT COUNT(*) FROM " + table));
                }
                assertThat(b.queryLong("SELECT COUNT(*) FROM audit_log"))
                        .isEqualTo(Long.parseLong(manifest.getProperty("rows.audit_log"))).isPositive();
                assertThat(b.queryOne("SELECT received_at FROM submission WHERE seq = 1", rs -> rs.getTimestamp(1)))
                        .isEqualTo(dbA.jdbc().queryOne("SELECT received_at FROM submission WHERE seq = 1", rs -> rs.getTimestamp(1)));
            }
            assertThat(Files.readAllBytes(dataB.resolve("dkim").resolve("infohub.pem")))
                    .isEqualTo(Files.readAllBytes(dataA.resolve("dkim").resolve("infohub.pem")));
            assertThat(cli(db(urlB, passwordFile, dataB, "restore", backup.toString()))).as("not over data").isEqualTo(1);

            HubServer b = new HubServer(MailFixture.config(dataB, Optional.of(urlB), smarthost, Map.of())).start();
            try {
                assertThat(b.index().search().search("zanzibarquartz", 10)).hasSize(1);
                assertThat(b.services().members().findRepresentative("nina@north.example")).isPresent();
            } finally {
                b.stop();
            }
        } finally {
            if (a != null) {
                a.stop();
            }
            smarthost.stop();
        }
    }
}
