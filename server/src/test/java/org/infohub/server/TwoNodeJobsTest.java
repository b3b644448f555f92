package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.mail.internet.MimeMessage;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.ManageLinks;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Issue 29, a first step: two hub nodes (two server processes) on one MariaDB. A background job,
 * here the mailing of sign-in links, runs on one node at a time: the lease row names a live node,
 * every link is mailed once while both run, and when the holder is killed ({@code SIGKILL}) the
 * other node takes the job over and mails the links asked for after.
 */
class TwoNodeJobsTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final String SUBJECT = "Your link to manage your Infohub lists";

    @TempDir
    static Path dir;

    private static GreenMail smarthost;
    private static HubDatabase db;
    /** Each node's process, by the name it holds leases under ({@code DATA/node-id}). */
    private static final Map<String, Process> nodes = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("two_nodes");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(db.jdbc()),
                new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        admin.createOrganisation("test", "Twin Bank", "finance", List.of("twin.example"));
        for (int i = 0; i < 40; i++) {
            admin.addRepresentative("test", "rep" + i + "@twin.example", "Rep " + i, "Twin Bank");
        }
        for (String name : List.of("a", "b")) {
            Path data = Files.createDirectories(dir.resolve(name));
            Path config = data.resolve("node.properties");
            Files.writeString(config, "smtp.bind=127.0.0.1\ndb.url=" + url + "\ndb.user=" + TestDatabase.user()
                    + "\ndb.password.file=" + TestDatabase.passwordFile() + "\nmetrics.port=0\n");
            Process p = ChildServer.start(data, config, MailFixture.freePort(), smarthost, name);
            nodes.put(Files.readString(data.resolve("node-id")).strip(), p);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : nodes.values()) {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        if (db != null) {
            db.close();
        }
        if (smarthost != null) {
            smarthost.stop();
        }
    }

    /** How many link mails each of {@code emails} has received. */
    private static Map<String, Long> links(List<String> emails) {
        return emails.stream().collect(Collectors.toMap(e -> e, e -> MailFixture.inbox(smarthost, e).stream()
                .filter(m -> SUBJECT.equals(subject(m))).count()));
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (javax.mail.MessagingException e) {
            return "";
        }
    }

    /** The node that holds the job's lease. */
    private static Optional<String> holder(String job) {
        return db.jdbc().queryOne("SELECT holder FROM job_lease WHERE name = ?", rs -> rs.getString(1), job);
    }

    private static List<String> request(int from, int to) {
        ManageLinks links = new ManageLinks(db.jdbc(), Clock.systemUTC());
        List<String> asked = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String email = "rep" + i + "@twin.example";
            assertThat(links.request(email)).isTrue();
            asked.add(email);
        }
        return asked;
    }

    @Test
    void aJobRunsOnOneNodeAndTheOtherTakesItOverWhenTheHolderIsKilled() throws Exception {
        await().atMost(DELIVERY).until(() -> holder("manage-links").isPresent());
        String first = holder("manage-links").orElseThrow();
        assertThat(nodes).containsKey(first);

        List<String> asked = request(0, 20);

        await().atMost(DELIVERY).until(() -> links(asked).values().stream().allMatch(n -> n >= 1));
        await("each link once").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> links(asked).values().stream().allMatch(n -> n == 1));
        assertThat(holder("manage-links")).contains(first);

        // The holder dies without a word: its lease runs out, and the other node takes the job.
        nodes.get(first).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        List<String> after = request(20, 40);

        await().atMost(DELIVERY.plus(JobLeases.TTL)).until(() -> links(after).values().stream().allMatch(n -> n >= 1));
        String second = holder("manage-links").orElseThrow();
        assertThat(second).isNotEqualTo(first).isIn(nodes.keySet());
        assertThat(nodes.get(second).isAlive()).isTrue();
        await("each link once").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> links(after).values().stream().allMatch(n -> n == 1));
        assertThat(links(asked).values()).allMatch(n -> n == 1);
    }
}
