package org.infohub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.infohub.core.db.EmbeddedMariaDb;

/**
 * bench/scale (issue 29, item 3): the real server (a child JVM, its embedded MariaDB) at
 * {@code --reps} representatives in {@code --orgs} organisations, each its own domain:
 * <ol>
 * <li>{@code members import} of them all, timed (target 60 s);</li>
 * <li>posts to {@code all@}, each timed from its {@code 250} to the last of its deliveries at the
 * counting smarthost (target 3 s), three times;</li>
 * <li>a digest round: every representative takes {@code all@} as a digest, {@code --digest-posts}
 * posts are sent to it, then {@code digest send-now}, timed until every reader's digest is at the
 * smarthost (target 30 s);</li>
 * <li>the server's peak RSS over all of it (target 1 GB).</li>
 * </ol>
 * The console's pages at the same size are {@code bench/console/run --reps 50000 --orgs 10000}, which
 * {@code bench/scale/run} runs after this.
 */
public final class ScaleBench {
    private static final String[] SECTORS = {"finance", "utilities", "transport", "healthcare", "telecom", "tech", "infosec",
            "education"};

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int reps = intArg(args, "--reps", 50_000);
        int orgs = intArg(args, "--orgs", 10_000);
        int digestPosts = intArg(args, "--digest-posts", 10);
        String heap = stringArg(args, "--heap", "768m");
        Path work = Path.of("bench/scale/work").toAbsolutePath();
        IngestBench bench = new IngestBench(work, System.getProperty("java.class.path"), reps, 0, 1, heap);
        List<String> addresses = bench.prepare(orgs, SECTORS);
        String sender = addresses.get(0);
        System.out.printf(Locale.ROOT, "bench/scale: %,d representatives in %,d organisations (each its own domain); server "
                + "heap -Xmx%s; %d cores, load average %s%n", reps, orgs, heap, Runtime.getRuntime().availableProcessors(),
                IngestBench.loadAverage());
        try (CountingSink sink = new CountingSink()) {
            sink.recipients(addresses);
            IngestBench.Server hub = bench.start("hub", sink, sender, false, 0);
            try {
                System.out.printf(Locale.ROOT, "members import: %,d representatives in %.1f s (the command's JVM start "
                        + "included); target 60 s: %s%n", reps, bench.importSeconds, bench.importSeconds <= 60 ? "met" : "MISSED");
                List<Double> fanOut = new ArrayList<>();
                try (SmtpSender client = new SmtpSender(hub.smtpPort())) {
                    for (int i = 0; i < 3; i++) {
                        String id = "<scale-all-" + i + "@org0.example>";
                        client.send(sender, "all@hub.localhost", message(id, "TLP:GREEN all members, round " + i));
                        long t250 = System.nanoTime();
                        long[] seen = awaitAt(sink, id, reps - 1, 300);
                        fanOut.add((seen[1] - t250) / 1e9);
                        System.out.printf(Locale.ROOT, "all@ post %d: %,d deliveries, the last %.2f s after its 250%n", i + 1,
                                seen[0], fanOut.get(i));
                    }
                }
                double fanOutMedian = median(fanOut);
                System.out.printf(Locale.ROOT, "all@ fan-out: median %.2f s from 250 to the last of %,d deliveries; target 3 s: "
                        + "%s%n", fanOutMedian, reps - 1, fanOutMedian <= 3 ? "met" : "MISSED");

                double digestSeconds = digestRound(bench, hub, sink, sender, reps, digestPosts);
                long rss = IngestBench.peakRssKb(hub.process().pid());
                System.out.printf(Locale.ROOT, "server peak RSS %d MB (VmHWM); target 1 GB: %s; load average after %s%n",
                        rss / 1024, rss <= 1024 * 1024 ? "met" : "MISSED", IngestBench.loadAverage());
                System.out.printf(Locale.ROOT, "targets: import <= 60 s %s; all@ <= 3 s %s; digest round <= 30 s %s; RSS <= 1 GB %s%n",
                        bench.importSeconds <= 60 ? "met" : "MISSED", fanOutMedian <= 3 ? "met" : "MISSED",
                        digestSeconds <= 30 ? "met" : "MISSED", rss <= 1024 * 1024 ? "met" : "MISSED");
            } finally {
                hub.stop();
            }
        }
    }

    /** Every representative takes all@ as a digest; posts wait; {@code digest send-now}; until every digest arrived. */
    private static double digestRound(IngestBench bench, IngestBench.Server hub, CountingSink sink, String sender, int reps,
                                      int posts) throws Exception {
        Path mariadb = hub.data().resolve("mariadb");
        EmbeddedMariaDb.Credentials credentials = EmbeddedMariaDb.Credentials.read(mariadb).orElseThrow();
        int port = EmbeddedMariaDb.recordedPort(mariadb).orElseThrow();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/infohub", credentials.user(),
                credentials.password()); Statement st = c.createStatement()) {
            // A representative without a stored choice takes a list at once: store "digest" for all@.
            st.executeUpdate("INSERT INTO subscription (representative_id, list_id, mode) SELECT r.id, l.id, 'digest' "
                    + "FROM representative r JOIN hub_list l ON l.local_part = 'all' ON DUPLICATE KEY UPDATE mode = 'digest'");
            long before = count(st, "SELECT COALESCE(MAX(seq), 0) FROM submission");
            try (SmtpSender client = new SmtpSender(hub.smtpPort())) {
                for (int i = 0; i < posts; i++) {
                    client.send(sender, "all@hub.localhost", message("<scale-digest-" + i + "@org0.example>",
                            "TLP:GREEN advisory " + i + " for the daily digest"));
                }
            }
            // Each post archived, and its audience decided, before the round starts.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (count(st, "SELECT COUNT(*) FROM submission WHERE seq > " + before + " AND distributed_at IS NOT NULL") < posts) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("MISSED: the digest posts were not distributed in 5 minutes");
                }
                Thread.sleep(100);
            }
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "org.infohub.server.ServerMain", "digest", "send-now", "--data-dir",
                    hub.data().toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("digest send-now failed: " + out);
            }
            double built = (System.nanoTime() - t0) / 1e9;
            // The readers the round served (the author of the posts has nothing new to read).
            java.util.regex.Matcher served = java.util.regex.Pattern.compile("(\\d+) digest\\(s\\) built").matcher(out);
            long readers = served.find() ? Long.parseLong(served.group(1)) : reps;
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT message_id FROM digest_outbox")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            long received = 0;
            long lastSeen = t0;
            deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (System.nanoTime() < deadline) {
                received = 0;
                for (String id : ids) {
                    long[] seen = sink.of(id);
                    received += seen[0];
                    lastSeen = Math.max(lastSeen, seen[1]);
                }
                if (received >= readers) {
                    break;
                }
                Thread.sleep(200);
            }
            double atSink = (lastSeen - t0) / 1e9;
            System.out.printf(Locale.ROOT, "digest round: %s; %,d digest(s) in the outbox (%d posts each); %,d of %,d readers had "
                    + "theirs at the smarthost %.1f s after send-now started (built in %.1f s); target 30 s: %s%n", lastLine(out),
                    ids.size(), posts, received, readers, atSink, built, received >= readers && atSink <= 30 ? "met" : "MISSED");
            return received >= readers ? atSink : Double.POSITIVE_INFINITY;
        }
    }

    private static String lastLine(String text) {
        String t = text.strip();
        return t.substring(t.lastIndexOf('\n') + 1);
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long[] awaitAt(CountingSink sink, String id, int recipients, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[] seen;
        while ((seen = sink.of(id))[0] < recipients) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("MISSED: " + id + " reached " + seen[0] + " of " + recipients + " in " + seconds + " s");
            }
            Thread.sleep(1);
        }
        return seen;
    }

    private static String message(String messageId, String subject) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            body.append("Indicators seen at the perimeter since Monday: 198.51.100.").append(i).append(" and login-portal")
                    .append(i).append(".example\r\n");
        }
        return "From: Rep Zero <rep0@org0.example>\r\nTo: all@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: "
                + messageId + "\r\nDate: Sat, 05 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static int intArg(String[] args, String name, int fallback) {
        String v = stringArg(args, name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
