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
 * and handing them to James's queue ({@code digest send-now}), and then the time until the counting
 * smarthost has every digest.
 *
 * <pre>bench/digest/run [--members 850] [--posts 100]</pre>
 */
public final class DigestBench {
    private DigestBench() {
    }

    public static void main(String[] args) throws Exception {
        int reps = intArg(args, "--members", 850);
        int posts = intArg(args, "--posts", 100);
        Path work = Path.of("bench", "digest", "work").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        try (CountingSink sink = new CountingSink()) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(HubConfigLoader.DATA_DIR, work.resolve("data").toString());
            settings.put(HubConfigLoader.SMTP_BIND, "127.0.0.1");
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                settings.put(HubConfigLoader.SMTP_PORT, Integer.toString(free.getLocalPort()));
            }
            settings.put(HubConfigLoader.SMARTHOST, "127.0.0.1:" + sink.port());
            settings.put(HubConfigLoader.DIGEST_MAX_ITEMS, "1000000");
            HubConfig config = HubConfigLoader.load(Optional.empty(), settings);
            HubServer server = new HubServer(config).start();
            try {
                Jdbc jdbc = server.database().jdbc();
                StringBuilder csv = new StringBuilder(MembershipImport.HEADER + "\n");
                for (int i = 0; i < reps; i++) {
                    csv.append("Member ").append(i % 100).append(",finance,rep").append(i).append("@member").append(i % 100)
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
                java.util.List<String> readers = members.memberEmails(finance, org.infohub.core.member.DeliveryMode.DIGEST);
                for (int i = 0; i < posts; i++) {
                    String body = "Advisory " + i + ": phishing wave against online banking, indicators 203.0.113." + (i % 250)
                            + " and hxxps://evil" + i + "[.]com/login. " + "Details follow. ".repeat(60);
                    var archived = archive.archive(new NewSubmission("<digest-bench-" + i + "@poster.example>", finance,
                            poster.email(), Optional.of(poster), "TLP:GREEN advisory " + i, body, i % 10 == 0 ? Tlp.AMBER : Tlp.GREEN,
                            true, Instant.now(), Optional.empty(), ("Subject: TLP:GREEN advisory " + i + "\r\nFrom: "
                            + poster.email() + "\r\nMessage-ID: <digest-bench-" + i + "@poster.example>\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8)));
                    archive.markDistributed(archived.submission().seq(), Instant.now());
                    // As ExpandListRecipients does when a post is shared: who may read it in a digest.
                    new org.infohub.core.digest.Digests(members, archive, config.domain(), java.time.Clock.systemUTC())
                            .entitle(archived.submission().seq(), finance.id(), readers);
                }
                System.out.printf("bench/digest: %d representatives in digest mode, %d posts waiting for each; %d cores%n", reps,
                        posts, Runtime.getRuntime().availableProcessors());
                long t0 = System.nanoTime();
                int built = new org.infohub.core.digest.Digests(members, archive, config.domain(), java.time.Clock.systemUTC())
                        .buildAll(1);
                double buildOnly = (System.nanoTime() - t0) / 1e9;
                server.handOverDigests();
                double buildAndQueue = (System.nanoTime() - t0) / 1e9;
                System.out.printf("built %d digests into the outbox in %.1f s, then handed them to James's queue: %.1f s in all%n",
                        built, buildOnly, buildAndQueue);
                System.out.printf("built and queued %d digests in %.1f s (target <= 10 s on 2 cores): %s%n", built, buildAndQueue,
                        buildAndQueue <= 10 ? "met" : "MISSED");
                long deadline = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
                while (sink.messages() < built && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                System.out.printf("%d of %d digests at the smarthost %.1f s after the start (each a multipart/digest of %d posts, "
                                + "about %d KB)%n", sink.messages(), built, (System.nanoTime() - t0) / 1e9, posts,
                        jdbc.queryLong("SELECT AVG(LENGTH(raw)) FROM digest_outbox") / 1024);
            } finally {
                server.stop();
            }
        }
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
