package org.infohub.bench;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Representative;
import org.infohub.core.tlp.Tlp;
import org.infohub.server.HubServer;

/**
 * bench/digest: the real server (embedded MariaDB, James, durable queue) with 850 representatives
 * in digest mode and 100 posts waiting for each; measures building every digest into the outbox
 * and handing them to James's queue ({@code digest send-now}), then the time until the counting
 * smarthost has every reader's digest, and a baseline in the same run: the same bytes written to
 * MariaDB and handed to James's spool without building anything. {@code --distinct N} splits the
 * readers into N groups whose digests differ (each misses another set of the first ten posts).
 *
 * <pre>bench/digest/run [--members 850] [--posts 100] [--distinct 1]</pre>
 */
public final class DigestBench {
    private DigestBench() {
    }

    public static void main(String[] args) throws Exception {
        int reps = intArg(args, "--members", 850);
        int posts = intArg(args, "--posts", 100);
        // How many different digests the readers get: 1, all take the same posts of the same list;
        // up to 1024, readers in that many groups each miss a different set of the first ten posts.
        int distinct = Math.max(1, Math.min(1024, intArg(args, "--distinct", 1)));
        // Rounds one after the other, each with its own posts: the first runs on a JVM just started
        // (its code still interpreted and being compiled), the last on one warmed by the rounds before,
        // as a hub that has been running is. The target is read on the last.
        int rounds = Math.max(1, intArg(args, "--rounds", 3));
        Path work = Path.of("bench", "digest", "work").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        // The members' server offers STARTTLS: digests holding TLP:AMBER items leave only over TLS.
        try (CountingSink sink = new CountingSink(CountingSink.selfSigned(work))) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(HubConfigLoader.DATA_DIR, work.resolve("data").toString());
            settings.put(HubConfigLoader.SMTP_BIND, "127.0.0.1");
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                settings.put(HubConfigLoader.SMTP_PORT, Integer.toString(free.getLocalPort()));
            }
            settings.put(HubConfigLoader.SMARTHOST, "127.0.0.1:" + sink.port());
            // Its certificate is self-signed: encrypted, not verified.
            settings.put(HubConfigLoader.SMARTHOST_TLS, "may");
            settings.put(HubConfigLoader.DIGEST_MAX_ITEMS, "1000000");
            HubConfig config = HubConfigLoader.load(Optional.empty(), settings);
            HubServer server = new HubServer(config).start();
            try {
                Jdbc jdbc = server.database().jdbc();
                StringBuilder csv = new StringBuilder(MembershipImport.HEADER + "\n");
                for (int i = 0; i < reps; i++) {
                    csv.append("Member ").append(i % 259).append(",finance,rep").append(i).append("@member").append(i % 259)
                            .append(".example,Rep ").append(i).append('\n');
                }
                csv.append("Poster Org,finance,poster@poster.example,Poster\n");
                MembershipImport.Result loaded = new MembershipImport(jdbc).load(new BufferedReader(new StringReader(csv.toString())));
                if (!loaded.ok()) {
                    throw new IllegalStateException(loaded.errors().toString());
                }
                MembershipRepository members = new MembershipRepository(jdbc);
                HubList finance = members.findList("finance").orElseThrow();
                jdbc.execute("INSERT INTO subscription (representative_id, list_id, mode) SELECT id, ?, 'digest' "
                        + "FROM representative WHERE email <> 'poster@poster.example'", finance.id());
                jdbc.execute("INSERT INTO digest_cursor (representative_id, last_seq, updated_at) SELECT id, 0, NOW(3) FROM representative");
                ArchiveRepository archive = server.services().archive();
                Representative poster = members.findRepresentative("poster@poster.example").orElseThrow();
                java.util.List<MembershipRepository.ListMember> readerRows = members.members(finance,
                        Optional.of(org.infohub.core.member.DeliveryMode.DIGEST));
                java.util.List<String> readers = readerRows.stream().map(MembershipRepository.ListMember::email).toList();
                org.infohub.core.audience.Audience audience = new org.infohub.core.audience.Audience(members);
                sink.recipients(readers);
                System.out.printf("bench/digest: %d representatives in digest mode, %d posts waiting for each, in %d "
                        + "different digests; %d cores; %d rounds (the first on a JVM just started)%n", reps, posts, distinct,
                        Runtime.getRuntime().availableProcessors(), rounds);
                org.infohub.core.digest.Digests digests = new org.infohub.core.digest.Digests(members, archive, config.domain(),
                        java.time.Clock.systemUTC());
                double atSink = 0;
                long served = 0;
                long received = 0;
                long firstId = 0;
                for (int round = 1; round <= rounds; round++) {
                    archivePosts(archive, audience, finance, poster, readerRows, posts, distinct, round);
                    firstId = jdbc.query("SELECT COALESCE(MAX(id), 0) FROM digest_outbox", rs -> rs.getLong(1)).get(0) + 1;
                    long t0 = System.nanoTime();
                    served = digests.buildAll(1);
                    double buildOnly = (System.nanoTime() - t0) / 1e9;
                    server.handOverDigests();
                    double buildAndQueue = (System.nanoTime() - t0) / 1e9;
                    int built = digests.lastDistinct();
                    System.out.printf("round %d: put %d digests for %d readers into the outbox (as references to the archive) in "
                            + "%.2f s, then handed them to James's queue (each built as the spool takes it): %.2f s in all%n", round,
                            built, served, buildOnly, buildAndQueue);
                    System.out.println("round " + round + ": " + digests.lastRound());
                    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
                    while ((received = receivedBy(sink, jdbc, firstId)) < served && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    atSink = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("round %d%s: %d of %d readers had their digest at the smarthost %.2f s after the start%n",
                            round, round == 1 ? " (JVM just started: code still being compiled)" : "", received, served, atSink);
                }
                // Baseline in the same run: the same bytes, as many times as digests were built, written
                // to MariaDB and handed to James's spool (its error processor keeps them on disk), with
                // no digest built: what storing each digest whole in the outbox cost before it left.
                java.util.List<byte[]> raws = new java.util.ArrayList<>();
                for (long id : jdbc.query("SELECT id FROM digest_outbox WHERE id >= ? ORDER BY id", rs -> rs.getLong(1), firstId)) {
                    raws.add(digests.render(id).orElseThrow());
                }
                System.out.printf("%d of %d readers had their digest at the smarthost %.2f s after the start of the last round "
                        + "(a multipart/digest of %d posts, about %d KB)%n", received, served, atSink, posts,
                        raws.stream().mapToLong(r -> r.length).sum() / Math.max(1, raws.size()) / 1024);
                jdbc.execute("CREATE TABLE IF NOT EXISTS bench_baseline (id BIGINT AUTO_INCREMENT PRIMARY KEY, raw LONGBLOB)");
                org.apache.mailet.MailetContext context = server.services().mailetContext().get();
                long b0 = System.nanoTime();
                int n = 0;
                for (byte[] raw : raws) {
                    jdbc.execute("INSERT INTO bench_baseline (raw) VALUES (?)", (Object) raw);
                    org.apache.james.server.core.MailImpl mail = org.apache.james.server.core.MailImpl.builder()
                            .name("bench-baseline-" + (n++)).sender(new org.apache.james.core.MailAddress("digest-bounces@"
                                    + config.domain())).addRecipient(new org.apache.james.core.MailAddress(readers.get(0)))
                            .mimeMessage(new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(
                                    new java.util.Properties()), new java.io.ByteArrayInputStream(raw))).build();
                    context.sendMail(mail, "error");
                    mail.dispose();
                }
                double baseline = (System.nanoTime() - b0) / 1e9;
                System.out.printf("baseline: the same %d digests' bytes written to MariaDB and handed to James's spool without "
                        + "building: %.2f s; every digest at the sink at %.1f times the baseline%n", raws.size(), baseline,
                        atSink / Math.max(baseline, 1e-6));
                System.out.printf("target: every digest built and at the sink in <= 10 s on 2 cores: %.2f s, %s%n", atSink,
                        atSink <= 10 ? "met" : "MISSED");
            } finally {
                server.stop();
            }
        }
    }

    /** One round's posts, archived and shared with the readers as DecideAudience records it. */
    private static void archivePosts(ArchiveRepository archive, org.infohub.core.audience.Audience audience, HubList finance,
            Representative poster, java.util.List<MembershipRepository.ListMember> readerRows, int posts, int distinct, int round) {
        for (int i = 0; i < posts; i++) {
            String id = "<digest-bench-" + round + "-" + i + "@poster.example>";
            String body = "Advisory " + round + "." + i + ": phishing wave against online banking, indicators 203.0.113."
                    + (i % 250) + " and hxxps://evil" + i + "[.]com/login. " + "Details follow. ".repeat(60);
            var archived = archive.archive(new NewSubmission(id, finance, poster.email(), Optional.of(poster),
                    "TLP:GREEN advisory " + i, body, i % 10 == 0 ? Tlp.AMBER : Tlp.GREEN, true, Instant.now(), Optional.empty(),
                    ("Subject: TLP:GREEN advisory " + i + "\r\nFrom: " + poster.email() + "\r\nMessage-ID: " + id + "\r\n\r\n"
                            + body).getBytes(StandardCharsets.UTF_8)));
            archive.markDistributed(archived.submission().seq(), Instant.now());
            // Who may read it in a digest: readers in group r miss the posts whose bit is set in r.
            java.util.List<Object[]> entitled = new java.util.ArrayList<>();
            for (int r = 0; r < readerRows.size(); r++) {
                if (distinct <= 1 || i >= 10 || ((r % distinct) >> i & 1) == 0) {
                    entitled.add(new Object[] {readerRows.get(r).representativeId(), readerRows.get(r).organisationId(), "digest"});
                }
            }
            audience.record(archived.submission().seq(), finance.id(), entitled);
        }
    }

    /** Readers who have their digest at the sink (each digest counted once per reader it reached). */
    private static long receivedBy(CountingSink sink, Jdbc jdbc, long firstId) {
        long total = 0;
        for (String id : jdbc.query("SELECT message_id FROM digest_outbox WHERE id >= ?", rs -> rs.getString(1), firstId)) {
            total += sink.of(id)[0];
        }
        return total;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
