package org.infohub.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/ingest: posts/s and deliveries/s through the real hub server (a child JVM started as
 * {@code ./infohub server} would start it), SMTP in to a counting smarthost out, for a list of
 * 850 members; and, in the same run, the same server with a bare James pipeline that only fans
 * out and relays. Prints both, their ratio, the time from one post's acceptance to its last
 * delivery, and the server's peak heap and RSS.
 */
public final class IngestBench {
    private static final String LIST = "finance@hub.localhost";

    private final Path work;
    private final String classpath;
    private final int members;
    private final int posts;
    private final int connections;
    private final String heap;

    IngestBench(Path work, String classpath, int members, int posts, int connections, String heap) {
        this.work = work;
        this.classpath = classpath;
        this.members = members;
        this.posts = posts;
        this.connections = connections;
        this.heap = heap;
    }

    record Figures(String name, int posts, double acceptSeconds, double deliverSeconds, long deliveries,
                   long transactions, long duplicates) {
        double postsPerSecond() {
            return posts / deliverSeconds;
        }

        double deliveriesPerSecond() {
            return deliveries / deliverSeconds;
        }

    }

    public static void main(String[] args) throws Exception {
        int members = 850;
        int posts = 2000;
        int connections = 4;
        String heap = "512m";
        Path work = Path.of("bench/ingest/work");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--members" -> members = Integer.parseInt(args[++i]);
                case "--posts" -> posts = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--work" -> work = Path.of(args[++i]);
                case "--jfr" -> System.setProperty("bench.jfr", "true");
                case "--rehop" -> System.setProperty("bench.rehop", "true");
                case "--threads" -> System.setProperty("bench.threads", "true");
                case "--hub-only" -> System.setProperty("bench.hubonly", "true");
                case "--warmup" -> WARMUP = Integer.parseInt(args[++i]);
                case "--warm" -> WARM_UNTIL_QUIET = switch (args[++i]) {
                    case "quiet" -> true;
                    case "start" -> false;
                    default -> throw new IllegalArgumentException("--warm takes quiet (the default) or start, not " + args[i]);
                };
                case "--server-jvm" -> System.setProperty("bench.server.jvm", args[++i]);
                case "--data-end" -> System.setProperty("bench.dataend", args[++i]);
                case "--ab" -> System.setProperty("bench.dataend.ab", "true");
                case "--ab-property" -> System.setProperty("bench.dataend.ab.property", args[++i]);
                default -> {
                    System.err.println("usage: bench/ingest/run [--posts N] [--members N] [--connections N] [--heap 512m] [--warmup N] [--warm quiet|start] [--threads] [--hub-only] [--server-jvm OPTIONS]; see bench/README.md");
                    System.exit(2);
                }
            }
        }
        IngestBench bench = new IngestBench(work.toAbsolutePath(), System.getProperty("java.class.path"), members,
                posts, connections, heap);
        if (System.getProperty("bench.dataend") != null) {
            bench.dataEnd(Integer.parseInt(System.getProperty("bench.dataend")));
        } else if (Boolean.getBoolean("bench.hubonly")) {
            bench.hubOnly();
        } else {
            bench.run();
        }
    }

    /**
     * For looking into the hub's own cost: the hub pipeline alone, warmed up, then three runs, each
     * with its CPU a post (and, with {@code --threads}, by thread). No baseline, so no target is read.
     */
    private void hubOnly() throws Exception {
        List<String> addresses = prepare();
        String sender = addresses.get(0);
        System.out.printf(Locale.ROOT, "bench/ingest --hub-only: %d posts x %d runs over %d SMTP connections to a list of %d "
                + "members; no baseline, so no target is read%n", posts, REPETITIONS, connections, members);
        try (CountingSink sink = new CountingSink()) {
            sink.recipients(addresses);
            Server hub = start("hub pipeline", sink, sender, false);
            try {
                List<Figures> runs = new ArrayList<>();
                for (int r = 1; r <= REPETITIONS; r++) {
                    runs.add(measure(hub, sink, sender, posts, "run" + r));
                }
                System.out.printf(Locale.ROOT, "hub pipeline: median %.1f posts/s (%.1f-%.1f over %d runs)%n",
                        median(runs.stream().map(Figures::postsPerSecond).toList()), min(runs), max(runs), REPETITIONS);
            } finally {
                hub.stop();
            }
        }
    }

    private static final int ORGANISATIONS = 259;
    private static int WARMUP = 200;
    private static final int REPETITIONS = 3;

    private void run() throws Exception {
        List<String> addresses = prepare();
        String sender = addresses.get(0);
        int oneClickPosts = Math.max(10, Math.min(posts, Integer.getInteger("bench.oneclick.posts", 40)));
        System.out.printf(Locale.ROOT, "bench/ingest: %d posts x %d repetitions over %d SMTP connections to a list of %d "
                + "members in %d organisations (%d deliveries a post); warm-up %d posts; server heap -Xmx%s; %d cores%n",
                posts, REPETITIONS, connections, members, Math.min(members, ORGANISATIONS), members - 1, WARMUP, heap,
                Runtime.getRuntime().availableProcessors());

        try (CountingSink sink = new CountingSink()) {
            sink.recipients(addresses);
            // One message in 500 is kept whole; the hub's are checked with jDKIM at the end.
            sink.sample(500);
            Server hub = start("hub pipeline", sink, sender, false);
            Server bare = start("bare relay", sink, sender, true);
            try {
                List<Figures> hubRuns = new ArrayList<>();
                List<Figures> bareRuns = new ArrayList<>();
                for (int r = 1; r <= REPETITIONS; r++) {
                    hubRuns.add(measure(hub, sink, sender, posts, "run" + r));
                    bareRuns.add(measure(bare, sink, sender, posts, "run" + r));
                }
                List<Double> hubLatency = latencies(hub, sink, sender);
                List<Double> bareLatency = latencies(bare, sink, sender);
                listOneClick(hub.data(), "always");
                // Room in the sample for one-click copies (a signature each): a long warm-up fills it before.
                sink.sampleMore(200);
                if (WARM_UNTIL_QUIET) {
                    // The path of a signature per member has not run yet: its first posts compile it.
                    sendAll(hub.smtpPort(), sender, 10, "oneclick-warmup");
                    awaitPosts(sink, "oneclick-warmup", 10, members - 1, 600);
                }
                Figures oneClick = measure(hub, sink, sender, oneClickPosts, "oneclick");
                listOneClick(hub.data(), "providers");
                long hubRss = peakRssKb(hub.process().pid());
                long bareRss = peakRssKb(bare.process().pid());
                long hubHeap = hub.heap().stop();
                bare.heap().stop();

                System.out.println();
                System.out.printf(Locale.ROOT, "%-22s %9s %9s %13s %12s %10s%n", "run", "posts/s", "accept/s", "deliveries/s",
                        "transactions", "duplicates");
                for (int r = 0; r < REPETITIONS; r++) {
                    for (Figures f : List.of(hubRuns.get(r), bareRuns.get(r))) {
                        System.out.printf(Locale.ROOT, "%-22s %9.1f %9.1f %13.0f %12d %10d%n", f.name(), f.postsPerSecond(),
                                f.posts() / f.acceptSeconds(), f.deliveriesPerSecond(), f.transactions(), f.duplicates());
                    }
                }
                System.out.printf(Locale.ROOT, "%-22s %9.1f %9.1f %13.0f %12d %10d%n", oneClick.name() + " (always)",
                        oneClick.postsPerSecond(), oneClick.posts() / oneClick.acceptSeconds(), oneClick.deliveriesPerSecond(),
                        oneClick.transactions(), oneClick.duplicates());
                double hubMedian = median(hubRuns.stream().map(Figures::postsPerSecond).toList());
                double bareMedian = median(bareRuns.stream().map(Figures::postsPerSecond).toList());
                System.out.printf(Locale.ROOT, "hub pipeline: median %.1f posts/s (%.1f-%.1f over %d runs); bare relay: median "
                                + "%.1f posts/s (%.1f-%.1f); ratio of medians %.2f%n", hubMedian,
                        min(hubRuns), max(hubRuns), REPETITIONS, bareMedian, min(bareRuns), max(bareRuns), hubMedian / bareMedian);
                System.out.printf(Locale.ROOT, "one post's %d deliveries after its 250 (10 probes): hub p50 %.3f s, max %.3f s;"
                                + " bare p50 %.3f s, max %.3f s%n", members - 1, median(hubLatency), Collections.max(hubLatency),
                        median(bareLatency), Collections.max(bareLatency));
                System.out.printf(Locale.ROOT, "hub server: peak heap %d MB, peak RSS %d MB; bare relay peak RSS %d MB%n",
                        hubHeap / 1024, hubRss / 1024, bareRss / 1024);
                verifySample(sink, hub.data());
                int cores = Runtime.getRuntime().availableProcessors();
                double[] signs = signaturesPerSecond(cores);
                double ceiling = signs[1] / (members - 1);
                System.out.printf(Locale.ROOT, "signing baseline: %.0f DKIM signatures/s on one core (RSA-2048), %.0f/s on %d "
                        + "cores at once (%.2f times one); a signature per member allows at most %.1f posts/s to %d members; "
                        + "one-click always at %.2f of it%n", signs[0], signs[1], cores, signs[1] / signs[0], ceiling, members,
                        oneClick.postsPerSecond() / ceiling);
                long duplicates = hubRuns.stream().mapToLong(Figures::duplicates).sum();
                System.out.println(WARM_UNTIL_QUIET ? "targets, read on servers warmed until the JIT is quiet:"
                        : "targets, read " + WARMUP + " posts after start, the JIT still compiling (they are read on servers "
                                + "warmed until it is quiet, the default --warm quiet):");
                System.out.printf(Locale.ROOT, "targets: >= 50 posts/s: %s; >= 0.8 of the bare relay: %s; p50 <= 0.3 s: %s; "
                                + "one-click always >= 0.8 of the signing ceiling: %s; RSS <= 1 GB: %s; duplicates: %d%n",
                        hubMedian >= 50 ? "met" : "MISSED", hubMedian / bareMedian >= 0.8 ? "met" : "MISSED",
                        median(hubLatency) <= 0.3 ? "met" : "MISSED", oneClick.postsPerSecond() / ceiling >= 0.8 ? "met" : "MISSED",
                        hubRss <= 1024 * 1024 ? "met" : "MISSED", duplicates);
                tlsCost(hub, sink, sender, posts, addresses, bare);
            } finally {
                hub.stop();
                bare.stop();
            }
        }
    }

    /**
     * Issue 29, item 4: one SMTP connection as a single sender sees it. {@code posts} posts of 2 KB
     * to the list, one after the other on one connection, each timed from the final dot of DATA to
     * the 250; first on a freshly started hub (cold), then again (warm). In the same run the same
     * connection pattern against Postfix's {@code smtp-sink} is the floor. Every post must then
     * reach every member at the smarthost: a fast 250 that loses mail is not a result.
     */
    /**
     * The same hub with its queue's consumers on the producers' connection (as before issue 29),
     * against the hub above, warm rounds alternating in one run: A, B, A, B, A, B.
     */
    /**
     * What the second hub of {@code --ab} sets, for benchmarks only: {@code
     * infohub.bench.sharedQueueConnection} (the queue's consumers on the producers' JMS connection, as
     * before 2026-12-05) unless {@code --ab-property} names another, such as {@code
     * infohub.bench.asyncVmTransport} (the broker's answers over a transport thread, as before
     * 2026-12-06).
     */
    private static String abProperty() {
        return System.getProperty("bench.dataend.ab.property", "infohub.bench.sharedQueueConnection");
    }

    private void abRounds(Server a, CountingSink sink, String sender, int posts) throws Exception {
        Server b = start("hub pipeline, B: -D" + abProperty() + "=true", sink, sender, false, 0);
        try {
            timedOneConnection(b.smtpPort(), sender, posts, "ab-warmup");
            awaitPosts(sink, "ab-warmup", posts, members - 1, 120 + posts * 2);
            List<Double> own = new ArrayList<>();
            List<Double> shared = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                for (Server s : List.of(a, b)) {
                    String tag = "ab-" + (s == a ? "own" : "shared") + r;
                    List<Double> times = timedOneConnection(s.smtpPort(), sender, posts, tag);
                    awaitPosts(sink, tag, posts, members - 1, 120 + posts * 2);
                    (s == a ? own : shared).add(percentile(times, 50));
                }
            }
            java.util.function.Function<List<Double>, Double> median = l -> l.stream().sorted().toList().get(l.size() / 2);
            System.out.printf(Locale.ROOT, "A/B in one run (warm rounds of %d posts, alternating): A, as built, p50 %s, "
                    + "median %.2f ms; B, -D%s=true, p50 %s, median %.2f ms; A/B %.2f%n",
                    posts, own.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(), median.apply(own),
                    abProperty(), shared.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(), median.apply(shared),
                    median.apply(own) / median.apply(shared));
        } finally {
            b.stop();
        }
    }

    private void dataEnd(int posts) throws Exception {
        List<String> addresses = prepare();
        String sender = addresses.get(0);
        System.out.printf(Locale.ROOT, "bench/ingest --data-end: %d posts of 2 KB over one SMTP connection to a list of %d, "
                + "timed from the end of DATA to the 250; Postfix's smtp-sink on the same pattern as the floor; %d cores, "
                + "load average %s%n", posts, members, Runtime.getRuntime().availableProcessors(), loadAverage());
        int sinkPort = freePort();
        Process floor = new ProcessBuilder("smtp-sink", "-u", System.getProperty("user.name"), "127.0.0.1:" + sinkPort, "100")
                .redirectErrorStream(true).redirectOutput(work.resolve("smtp-sink.out").toFile()).start();
        try (CountingSink sink = new CountingSink()) {
            sink.recipients(addresses);
            Server hub = start("hub pipeline", sink, sender, false, 0);
            awaitSmtp(sinkPort, floor, work);
            try {
                List<String[]> rows = new ArrayList<>();
                // Each post sent only once the one before has reached every member: the end of
                // DATA on a hub with nothing else to do, apart from the pipeline's load.
                List<Double> idle = new ArrayList<>();
                try (SmtpSender client = new SmtpSender(hub.smtpPort())) {
                    for (int i = 0; i < 30; i++) {
                        idle.add(client.sendTimed(sender, LIST, message(id("dataend-idle", i), "post " + i)) / 1e6);
                        awaitPosts(sink, "dataend-idle", i + 1, members - 1, 60);
                    }
                }
                System.out.printf(Locale.ROOT, "idle (30 posts, each after the one before was delivered): hub %s%n",
                        summary(idle));
                for (String round : List.of("cold", "warm")) {
                    List<Double> hubTimes = timedOneConnection(hub.smtpPort(), sender, posts, "dataend-" + round);
                    List<Double> floorTimes = timedOneConnection(sinkPort, sender, posts, "floor-" + round);
                    awaitPosts(sink, "dataend-" + round, posts, members - 1, 120 + posts * 2);
                    rows.add(new String[] {round, summary(hubTimes), summary(floorTimes),
                            String.format(Locale.ROOT, "%.1f", percentile(hubTimes, 50) / percentile(floorTimes, 50))});
                    System.out.printf(Locale.ROOT, "%s: hub %s; smtp-sink %s; every post at all %d members%n", round,
                            summary(hubTimes), summary(floorTimes), members - 1);
                    if (round.equals("warm")) {
                        double p50 = percentile(hubTimes, 50);
                        System.out.printf(Locale.ROOT, "target: DATA-end to 250 p50 <= 10 ms: %.2f ms %s (ratio to the "
                                + "smtp-sink floor %.1f); load average after %s%n", p50, p50 <= 10 ? "met" : "MISSED",
                                p50 / percentile(floorTimes, 50), loadAverage());
                    }
                }
                if (Boolean.getBoolean("bench.dataend.ab")) {
                    abRounds(hub, sink, sender, posts);
                }
            } finally {
                hub.stop();
                floor.destroy();
            }
        }
    }

    private List<Double> timedOneConnection(int port, String sender, int count, String tag) throws Exception {
        List<Double> millis = new ArrayList<>(count);
        try (SmtpSender client = new SmtpSender(port)) {
            for (int i = 0; i < count; i++) {
                millis.add(client.sendTimed(sender, LIST, message(id(tag, i), "post " + i)) / 1e6);
            }
        }
        return millis;
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String summary(List<Double> millis) {
        return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, max %.2f ms", percentile(millis, 50),
                percentile(millis, 90), Collections.max(millis));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The work folder, afresh, with the members' file of the programme's shape; returns the addresses. */
    private List<String> prepare() throws Exception {
        return prepare(ORGANISATIONS, new String[] {"finance"});
    }

    /** The same with {@code organisations} organisations, their sectors taken in turn from {@code sectors}. */
    List<String> prepare(int organisations, String[] sectors) throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        List<String> addresses = new ArrayList<>();
        StringBuilder csv = new StringBuilder("organisation,sector,email,name\n");
        // Shaped like the programme: 850 representatives in 259 organisations, each its own domain.
        for (int i = 0; i < members; i++) {
            int org = i % organisations;
            String email = "rep" + i + "@org" + org + ".example";
            addresses.add(email);
            csv.append("Organisation ").append(org).append(',').append(sectors[org % sectors.length]).append(',').append(email).append(",Rep ").append(i).append('\n');
        }
        Files.writeString(work.resolve("members.csv"), csv);
        Files.write(work.resolve("recipients.txt"), addresses);
        return addresses;
    }

    /**
     * The cost of STARTTLS (issue 24): the same hub build against a members' server that offers
     * STARTTLS, the posts TLP:AMBER (which may leave only over TLS), measured in turn with the plain
     * hub of this run on the same number of GREEN posts. The bare relay is stopped first, so the
     * two hubs have the machine to themselves.
     */
    private void tlsCost(Server hub, CountingSink sink, String sender, int posts, List<String> addresses, Server bare)
            throws Exception {
        bare.stop();
        try (CountingSink tlsSink = new CountingSink(CountingSink.selfSigned(work))) {
            tlsSink.recipients(addresses);
            amber = true;
            Server tls;
            try {
                tls = start("hub over TLS", tlsSink, sender, false);
            } finally {
                amber = false;
            }
            try {
                List<Figures> tlsRuns = new ArrayList<>();
                List<Figures> plainRuns = new ArrayList<>();
                for (int r = 1; r <= 2; r++) {
                    amber = true;
                    tlsRuns.add(measure(tls, tlsSink, sender, posts, "tls" + r));
                    amber = false;
                    plainRuns.add(measure(hub, sink, sender, posts, "plain" + r));
                }
                double tlsMedian = median(tlsRuns.stream().map(Figures::postsPerSecond).toList());
                double plainMedian = median(plainRuns.stream().map(Figures::postsPerSecond).toList());
                System.out.printf(Locale.ROOT, "TLS: TLP:AMBER posts to a server offering STARTTLS %.1f posts/s (%d encrypted "
                                + "sessions) against plain %.1f posts/s in the same run: ratio %.2f, %.2f ms more per post%n",
                        tlsMedian, tlsSink.encryptedSessions(), plainMedian, tlsMedian / plainMedian,
                        (1000 / tlsMedian) - (1000 / plainMedian));
            } finally {
                tls.stop();
            }
        }
    }

    /** Whether the posts sent now are labelled TLP:AMBER (the TLS leg) rather than TLP:GREEN. */
    private static volatile boolean amber;

    /**
     * Checks the DKIM signature of the hub's copies the sink kept with jDKIM, an independent
     * verifier, against the hub's public key published in this JVM's DNS on loopback.
     */
    private static void verifySample(CountingSink sink, Path data) throws Exception {
        org.infohub.core.trust.DkimKeys.Key key = org.infohub.core.trust.DkimKeys.load(data.resolve("dkim").resolve("infohub.pem"));
        dns().txt("infohub._domainkey.hub.localhost", key.txtValue());
        String server = dns().server();
        org.infohub.mailet.trust.HubDns resolver = new org.infohub.mailet.trust.HubDns(List.of(
                new org.infohub.core.config.HubConfig.HostAndPort("127.0.0.1",
                        Integer.parseInt(server.substring(server.indexOf(':') + 1)))));
        org.apache.james.jdkim.DKIMVerifier verifier = new org.apache.james.jdkim.DKIMVerifier(resolver.dkimKeys());
        int checked = 0;
        int personal = 0;
        int failed = 0;
        for (byte[] m : sink.samples()) {
            String text = new String(m, StandardCharsets.ISO_8859_1);
            if (!text.contains("@bench.example>") || !text.contains("hub-pipeline")) {
                continue;
            }
            checked++;
            // A member's own copy carries a link to unsubscribe that member (List-Unsubscribe-Post
            // only when the public address is https://, which the bench's is not).
            if (text.contains("/unsubscribe/")) {
                personal++;
            }
            try {
                if (verifier.verify(new java.io.ByteArrayInputStream(m)).stream()
                        .noneMatch(r -> r.getDToken().toString().equals("hub.localhost"))) {
                    failed++;
                }
            } catch (Exception e) {
                failed++;
            }
        }
        System.out.printf(Locale.ROOT, "DKIM (jDKIM, key from the hub's data directory): %d sampled copies checked (%d with "
                + "a one-click link signed for their member), %d failed: %s%n", checked, personal, failed,
                failed == 0 && checked > 0 && personal > 0 ? "met" : "MISSED");
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static double min(List<Figures> runs) {
        return runs.stream().mapToDouble(Figures::postsPerSecond).min().orElse(0);
    }

    private static double max(List<Figures> runs) {
        return runs.stream().mapToDouble(Figures::postsPerSecond).max().orElse(0);
    }

    private void listOneClick(Path data, String mode) throws Exception {
        Process p = new ProcessBuilder(javaBin(), "-cp", classpath, "org.infohub.server.ServerMain", "list", "one-click",
                "finance", mode, "--data-dir", data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("list one-click failed: " + out);
        }
    }

    /**
     * How fast the hub's signer signs one member's copy of a typical post: {@code [0]} on one thread,
     * {@code [1]} on {@code threads} threads at once (signatures a second in all). The ceiling is
     * read on the second: two cores sign less than twice what one does alone (OpenSSL's own
     * {@code speed -multi 2 rsa2048} gives 1.8 times on this machine), and the hub signs on all of
     * them at once.
     */
    private static double[] signaturesPerSecond(int threads) throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("bench-dkim");
        java.nio.file.Path key = dir.resolve("k.pem");
        org.infohub.mailet.trust.OutboundSigner signer = new org.infohub.mailet.trust.OutboundSigner(
                org.infohub.core.trust.DkimKeys.generate(key), "hub.localhost", "infohub");
        byte[] post = ("From: Rep <rep0@member0.example>\r\nTo: finance@hub.localhost\r\nSubject: [finance] TLP:GREEN x\r\n"
                + "Message-ID: <1@bench>\r\nList-Id: <finance.hub.localhost>\r\n\r\n" + "body text line\r\n".repeat(100))
                .getBytes(StandardCharsets.US_ASCII);
        org.infohub.mailet.trust.OutboundSigner.Prepared p = signer.prepare(post);
        String extra = "List-Unsubscribe: <https://hub.localhost/unsubscribe/abc>\r\nList-Unsubscribe-Post: "
                + "List-Unsubscribe=One-Click\r\n";
        for (int i = 0; i < 300; i++) {
            signer.sign(extra, p);
        }
        int n = 2000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            signer.sign(extra, p);
        }
        double oneThread = n / ((System.nanoTime() - t0) / 1e9);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads + 1);
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        signer.sign(extra, p);
                    }
                    start.await();
                    for (int i = 0; i < n; i++) {
                        signer.sign(extra, p);
                    }
                    return null;
                }));
            }
            start.await();
            long t1 = System.nanoTime();
            for (java.util.concurrent.Future<?> f : running) {
                f.get();
            }
            double allThreads = (double) n * threads / ((System.nanoTime() - t1) / 1e9);
            return new double[] {oneThread, allThreads};
        } finally {
            pool.shutdownNow();
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static org.infohub.server.LoopbackDns dns;

    private static synchronized org.infohub.server.LoopbackDns dns() throws java.io.IOException {
        if (dns == null) {
            dns = org.infohub.server.LoopbackDns.passingLoopback();
        }
        return dns;
    }

    /** A running server of one pipeline. */
    record Server(String name, Path data, int smtpPort, Process process, HeapSampler heap) {
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Starts a pipeline's server on a fresh data directory and warms it up with {@link #WARMUP} posts. */
    private Server start(String name, CountingSink sink, String sender, boolean bare) throws Exception {
        return start(name, sink, sender, bare, WARMUP);
    }

    Server start(String name, CountingSink sink, String sender, boolean bare, int warmup) throws Exception {
        Path data = work.resolve(bare ? "bare" : name.contains("TLS") ? "hub-tls" : name.contains(", B: ") ? "hub-b" : "hub");
        Files.createDirectories(data);
        int smtpPort = freePort();
        Path conf = data.resolve("bench.properties");
        // One sender posts everything here: lift the per-sender rate limit.
        StringBuilder props = new StringBuilder("smtp.bind=127.0.0.1\nsmtp.sender.rate.limit=100000000\n");
        // SPF, DKIM and DMARC are checked against this JVM's DNS on loopback: every member domain
        // passes SPF for loopback, as a member's own mail server would. No query leaves the machine.
        props.append("dns.servers=").append(dns().server()).append("\nsmtp.submission.port=0\n");
        // The counting smarthost offers no STARTTLS: the posts are TLP:GREEN, which may leave in clear text.
        props.append("smtp.smarthost.tls=may\n");
        if (bare) {
            Path templates = Files.createDirectories(data.resolve("templates"));
            Files.writeString(templates.resolve("mailetcontainer.xml"), bareMailetContainer(), StandardCharsets.UTF_8);
            props.append("james.templates.dir=").append(templates).append('\n');
        }
        Files.writeString(conf, props);
        Path logback = data.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.infohub" level="WARN"/>
                  <logger name="org.apache.james.transport.mailets.remote" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx" + heap, "-Djames.exit.on.startup.error=false",
                "-Dlogback.configurationFile=" + logback));
        if (name.contains(", B: ")) {
            cmd.add("-D" + abProperty() + "=true");
        }
        String jvmOptions = System.getProperty("bench.server.jvm", "").trim();
        if (!jvmOptions.isEmpty()) {
            cmd.addAll(List.of(jvmOptions.split("\\s+")));
        }
        if (Boolean.getBoolean("bench.jfr")) {
            cmd.add("-XX:StartFlightRecording=filename=" + data.resolve("server.jfr") + ",settings="
                    + System.getProperty("bench.jfr.settings", "profile"));
        }
        cmd.addAll(List.of("-cp", classpath, "org.infohub.server.ServerMain", "server", "--config", conf.toString(),
                "--data-dir", data.toString(), "--smtp-port", Integer.toString(smtpPort),
                "--smarthost", "127.0.0.1:" + sink.port()));
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile()).start();
        awaitSmtp(smtpPort, server, data);
        if (!bare) {
            importMembers(data);
        }
        Server s = new Server(name, data, smtpPort, server, new HeapSampler(server.pid()));
        // Warm-up: JIT, connection pools, queue files; the same number whatever --posts is.
        if (warmup > 0) {
            sendAll(smtpPort, sender, warmup, name + "-warmup");
            awaitPosts(sink, name + "-warmup", warmup, members - 1, 600);
        }
        if (WARM_UNTIL_QUIET && warmup > 0) {
            warmUntilQuiet(s, sink, sender);
        }
        return s;
    }

    /**
     * With {@code --warm quiet}: after the warm-up, rounds of {@link #WARMUP} posts until the JIT's
     * compiler threads use less than {@link #QUIET_MS} ms of CPU a post over a round (or
     * {@link #QUIET_ROUNDS} rounds), so that the runs measure the server as it runs for days, not a
     * JVM still compiling: on two cores James, ActiveMQ, Lucene, Netty and the hub keep one core's
     * C2 compiler busy for minutes after start. Each round prints its compiler CPU a post.
     */
    private void warmUntilQuiet(Server s, CountingSink sink, String sender) throws Exception {
        long t0 = System.nanoTime();
        for (int round = 1; round <= QUIET_ROUNDS; round++) {
            long before = compilerCpu(s.process().pid());
            String tag = s.name() + "-quiet" + round;
            sendAll(s.smtpPort(), sender, WARMUP, tag);
            awaitPosts(sink, tag, WARMUP, members - 1, 600);
            double perPost = (compilerCpu(s.process().pid()) - before) / (double) WARMUP;
            System.out.printf(Locale.ROOT, "%s: warm-up round %d, JIT compiler CPU %.2f ms a post (%.0f s since the first)%n",
                    s.name(), round, perPost, (System.nanoTime() - t0) / 1e9);
            if (perPost < QUIET_MS) {
                return;
            }
        }
        System.out.printf(Locale.ROOT, "%s: the JIT was still compiling after %d warm-up rounds%n", s.name(), QUIET_ROUNDS);
    }

    /**
     * The targets are read on servers warmed until the JIT is quiet (the default, {@code --warm
     * quiet}), as a hub runs for days; {@code --warm start} reads them {@link #WARMUP} posts after
     * start, the compiler still taking a third of the server's CPU, and says so beside them.
     */
    private static boolean WARM_UNTIL_QUIET = true;
    private static final double QUIET_MS = 1.0;
    private static final int QUIET_ROUNDS = 40;

    private static long compilerCpu(long pid) {
        return threadCpu(pid).entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Sends {@code count} posts and waits until each has reached every one of the other members. */
    private Figures measure(Server server, CountingSink sink, String sender, int count, String run) throws Exception {
        String tag = server.name() + " " + run;
        long transactionsBefore = sink.transactions();
        CpuTimes cpuBefore = CpuTimes.of(server.process().pid());
        Map<String, Long> threadsBefore = Boolean.getBoolean("bench.threads") ? threadCpu(server.process().pid()) : null;
        long t0 = System.nanoTime();
        long accepted = sendAll(server.smtpPort(), sender, count, tag);
        long expected = (long) count * (members - 1);
        long delivered = awaitPosts(sink, tag, count, members - 1, 120 + count * 2);
        long duplicates = 0;
        for (int i = 0; i < count; i++) {
            duplicates += sink.duplicatesOf(id(tag, i));
        }
        Figures f = new Figures(tag, count, (accepted - t0) / 1e9, (delivered - t0) / 1e9, expected,
                sink.transactions() - transactionsBefore, duplicates);
        CpuTimes cpu = CpuTimes.of(server.process().pid()).minus(cpuBefore);
        System.out.printf(Locale.ROOT, "%s: %d posts accepted in %.2f s, each at all %d members after %.2f s (%.1f posts/s);"
                        + " %d transactions, %d duplicate deliveries%n", tag, count, f.acceptSeconds(), members - 1,
                f.deliverSeconds(), f.postsPerSecond(), f.transactions(), duplicates);
        System.out.printf(Locale.ROOT, "  CPU a post: server %.1f ms, its MariaDB %.1f ms, this bench (senders and sink) %.1f ms,"
                        + " the rest of the machine %.1f ms; idle %.0f%% of %d cores%n", cpu.server() / (double) count,
                cpu.children() / (double) count, cpu.bench() / (double) count, cpu.other() / (double) count,
                100.0 * cpu.idle() / Math.max(1, cpu.machine()), Runtime.getRuntime().availableProcessors());
        if (threadsBefore != null) {
            Map<String, Long> after = threadCpu(server.process().pid());
            List<Map.Entry<String, Long>> used = new ArrayList<>();
            after.forEach((name, ms) -> used.add(Map.entry(name, ms - threadsBefore.getOrDefault(name, 0L))));
            used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            StringBuilder line = new StringBuilder("  server CPU a post by thread:");
            for (Map.Entry<String, Long> e : used) {
                if (e.getValue() * 200 < cpu.server()) {
                    break;
                }
                line.append(String.format(Locale.ROOT, " %s %.2f ms;", e.getKey(), e.getValue() / (double) count));
            }
            System.out.println(line);
        }
        return f;
    }

    /**
     * CPU milliseconds of each of a process's threads, grouped by the thread's name (as the kernel
     * holds it: 15 characters) with its digits taken out, so that a pool's threads add up. Threads
     * that ended in between are missing from the later reading.
     */
    static Map<String, Long> threadCpu(long pid) {
        Map<String, Long> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read
                }
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    /**
     * CPU milliseconds from {@code /proc}: the server's JVM, its child processes (the embedded
     * MariaDB), this JVM, and the machine's busy and idle time (all cores).
     */
    record CpuTimes(long server, long children, long bench, long busy, long idle) {
        long machine() {
            return busy + idle;
        }

        long other() {
            return Math.max(0, busy - server - children - bench);
        }

        CpuTimes minus(CpuTimes before) {
            return new CpuTimes(server - before.server, children - before.children, bench - before.bench,
                    busy - before.busy, idle - before.idle);
        }

        static CpuTimes of(long pid) {
            long children = ProcessHandle.of(pid).map(p -> p.descendants().mapToLong(d -> ticks(d.pid())).sum()).orElse(0L);
            long[] machine = readMachine();
            return new CpuTimes(ticks(pid), children, ticks(ProcessHandle.current().pid()), machine[0], machine[1]);
        }

        /** utime + stime of a process in milliseconds (USER_HZ 100); 0 once it is gone. */
        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** The machine's busy and idle (idle + iowait) milliseconds over all cores. */
        private static long[] readMachine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[] {(total - idle) * 10, idle * 10};
            } catch (IOException | RuntimeException e) {
                return new long[2];
            }
        }
    }

    /** The time from one post's 250 to its delivery to the last of the other members, ten times. */
    private List<Double> latencies(Server server, CountingSink sink, String sender) throws Exception {
        List<Double> latencies = new ArrayList<>();
        try (SmtpSender client = new SmtpSender(server.smtpPort())) {
            for (int i = 0; i < 10; i++) {
                String id = "<latency-" + server.name().replace(' ', '-') + "-" + i + "@bench.example>";
                client.send(sender, LIST, message(id, "latency probe " + i));
                long t250 = System.nanoTime();
                long deadline = t250 + TimeUnit.SECONDS.toNanos(60);
                long[] seen;
                while ((seen = sink.of(id))[0] < members - 1) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("probe " + id + " reached " + seen[0] + " members in 60 s");
                    }
                    Thread.onSpinWait();
                }
                latencies.add((seen[1] - t250) / 1e9);
            }
        }
        return latencies;
    }

    private String bareMailetContainer() {
        return """
                <?xml version="1.0"?>
                <!-- bench/ingest baseline: fan out to a fixed list and relay; no hub mailets. -->
                <mailetcontainer enableJmx="false">
                    <context><postmaster>postmaster@@DOMAIN@</postmaster></context>
                    <spooler><threads>@SPOOL_THREADS@</threads><errorRepository>file://var/mail/error/</errorRepository></spooler>
                    <processors>
                        <processor state="root" enableJmx="false">
                            <mailet match="All" class="ToProcessor"><processor>transport</processor></mailet>
                        </processor>
                        <processor state="error" enableJmx="false">
                            <mailet match="All" class="ToRepository"><repositoryPath>file://var/mail/error/</repositoryPath></mailet>
                        </processor>
                        <processor state="transport" enableJmx="false">
                            <mailet match="All" class="RemoveMimeHeader"><name>bcc</name><onMailetException>ignore</onMailetException></mailet>
                            <mailet match="All" class="org.infohub.bench.StaticFanOut"><recipients>%s</recipients></mailet>
                            %s
                        </processor>
                        <processor state="relay" enableJmx="false">
                            <mailet match="All" class="RemoteDelivery">
                                <outgoingQueue>outgoing</outgoingQueue>
                                <delayTime>1*5 seconds</delayTime>
                                <maxRetries>1</maxRetries>
                                <maxDnsProblemRetries>0</maxDnsProblemRetries>
                                <deliveryThreads>@DELIVERY_THREADS@</deliveryThreads>
                                <sendpartial>true</sendpartial>
                                <gateway>@GATEWAY_HOST@</gateway>
                                <gatewayPort>@GATEWAY_PORT@</gatewayPort>
                            </mailet>
                        </processor>
                    </processors>
                </mailetcontainer>
                """.formatted(work.resolve("recipients.txt"), Boolean.getBoolean("bench.rehop")
                ? "<mailet match=\"All\" class=\"org.infohub.bench.Rehop\"><processor>relay</processor></mailet>"
                : "<mailet match=\"All\" class=\"ToProcessor\"><processor>relay</processor></mailet>");
    }

    private long sendAll(int port, String sender, int count, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicLong last = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            futures.add(pool.submit(() -> {
                try (SmtpSender client = new SmtpSender(port)) {
                    for (int i = conn; i < count; i += connections) {
                        client.send(sender, LIST, message(id(tag, i), "post " + i));
                        last.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return last.get();
    }

    private static String message(String messageId, String what) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            body.append("Indicators seen at the perimeter since Monday, ").append(what)
                    .append(": 198.51.100.").append(i).append(" and login-portal").append(i).append(".example\r\n");
        }
        return "From: Rep Zero <rep0@org0.example>\r\nTo: " + LIST + "\r\nSubject: " + (amber ? "TLP:AMBER " : "TLP:GREEN ") + what
                + "\r\nMessage-ID: " + messageId + "\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body;
    }

    private static String id(String tag, int i) {
        return "<" + tag.replace(' ', '-') + "-" + i + "@bench.example>";
    }

    /** Waits until every post of the run reached all its recipients; returns when the last did. */
    private static long awaitPosts(CountingSink sink, String tag, int count, int recipients, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int done = 0;
        long last = 0;
        while (done < count) {
            long[] seen = sink.of(id(tag, done));
            if (seen[0] >= recipients) {
                last = Math.max(last, seen[1]);
                done++;
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("MISSED: only " + done + " of " + count + " posts reached every member in "
                        + seconds + " s; " + id(tag, done) + " reached " + seen[0] + " of " + recipients + " members");
            }
            Thread.sleep(2);
        }
        return last;
    }

    private static long deliveriesOf(CountingSink sink, String tag, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += sink.of(id(tag, i))[0];
        }
        return total;
    }

    /** Seconds the last {@code members import} took, its JVM's start included. */
    volatile double importSeconds;

    private void importMembers(Path data) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(javaBin(), "-cp", classpath, "org.infohub.server.ServerMain", "members", "import",
                work.resolve("members.csv").toString(), "--data-dir", data.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("members import failed: " + out);
        }
        importSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private static void awaitSmtp(int port, Process server, Path data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see " + data.resolve("server.log"));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                String greeting = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                if (greeting != null && greeting.startsWith("220")) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the server did not open SMTP in 180 s; see " + data.resolve("server.log"));
    }

    /** VmHWM: the peak resident set size of the process, from the kernel. */
    static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Samples the server's used heap with jstat every 250 ms and keeps the highest value. */
    private static final class HeapSampler {
        private final Process jstat;
        private final Thread reader;
        private volatile long peakKb;

        HeapSampler(long pid) throws IOException {
            jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    Long.toString(pid), "250").redirectErrorStream(true).start();
            reader = new Thread(this::read, "jstat");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
                String header = in.readLine();
                if (header == null) {
                    return;
                }
                List<String> cols = List.of(header.trim().split("\\s+"));
                String line;
                while ((line = in.readLine()) != null) {
                    String[] v = line.trim().split("\\s+");
                    if (v.length != cols.size() || v[0].equals("S0C")) {
                        continue;
                    }
                    double used = 0;
                    for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                        used += Double.parseDouble(v[cols.indexOf(c)]);
                    }
                    peakKb = Math.max(peakKb, (long) used);
                }
            } catch (IOException | RuntimeException e) {
                // jstat gone
            }
        }

        long stop() throws InterruptedException {
            jstat.destroy();
            reader.join(2000);
            return peakKb;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var files = Files.walk(p)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
