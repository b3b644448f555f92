package org.infohub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.db.EmbeddedMariaDb;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.indicator.Indicators;
import org.infohub.indexer.ArchiveIndex;
import org.infohub.indexer.ArchiveSearch;
import org.infohub.indexer.IndexReaderSearch;

/**
 * bench/search: a synthetic archive (sizes, vocabulary, indicators, threads, sectors, TLPs) written
 * into a real MariaDB, then in one run: the indexing rate (a full reindex), the index size against
 * the raw message bytes, and the latency of a fixed mix of questions answered by the Lucene index
 * and by MariaDB (InnoDB FULLTEXT {@code MATCH ... AGAINST} plus SQL filters and the indicator
 * table) on the same data. Prints the figures and the ratios.
 *
 * <pre>bench/search/run [--posts 100000] [--reps 30]</pre>
 */
public final class SearchBench {
    private static final String[] SECTORS = {"finance", "utilities", "transport", "healthcare", "telecom", "tech", "infosec",
            "education"};
    private static final String[] TLPS = {"CLEAR", "GREEN", "GREEN", "GREEN", "AMBER", "AMBER", "AMBER+STRICT"};
    private static final String[] TOPICS = {"ransomware", "phishing", "credential", "harvesting", "vulnerability", "exploit",
            "botnet", "ddos", "malware", "backdoor", "supply", "chain", "firmware", "vpn", "appliance", "scanning", "beacon",
            "loader", "stealer", "wiper", "lateral", "movement", "exfiltration", "persistence", "privilege", "escalation",
            "patch", "advisory", "incident", "indicator", "campaign", "actor", "infrastructure", "domain", "certificate",
            "kerberos", "ldap", "rdp", "ssh", "smb", "mfa", "fatigue", "token", "session", "hijacking", "invoice", "fraud",
            "payment", "swift", "scada", "plc", "pump", "infusion", "ehr", "telemetry", "router", "bgp", "dns", "tunnel"};

    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        int posts = intArg(args, "--posts", 100_000);
        int reps = intArg(args, "--reps", 30);
        Path work = Path.of("bench", "search", "work").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        System.out.printf("bench/search: %,d posts, %d repetitions of each question; %d cores%n", posts, reps,
                Runtime.getRuntime().availableProcessors());
        try (EmbeddedMariaDb mariadb = EmbeddedMariaDb.start(work.resolve("mariadb"), 0)) {
            try (Connection c = java.sql.DriverManager.getConnection(mariadb.jdbcUrl(""), mariadb.credentials().user(), mariadb.credentials().password());
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                // The same memory for both engines: InnoDB's buffer pool gets what this JVM (Lucene's
                // searcher) may use. The buffer pool is resized online (MariaDB 10.2 and later).
                long lucene = Runtime.getRuntime().maxMemory();
                st.execute("SET GLOBAL innodb_buffer_pool_size = " + lucene);
                long pool = 0;
                for (int i = 0; i < 600 && pool < lucene * 9 / 10; i++) {
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT @@innodb_buffer_pool_size")) {
                        rs.next();
                        pool = rs.getLong(1);
                    }
                    if (pool < lucene * 9 / 10) {
                        Thread.sleep(100);
                    }
                }
                System.out.printf("memory: Lucene's JVM may use %,d MB (-Xmx); MariaDB's InnoDB buffer pool is %,d MB%n",
                        lucene >> 20, pool >> 20);
            }
            try (HubDatabase db = HubDatabase.connect(mariadb.jdbcUrl("bench"), mariadb.credentials().user(), mariadb.credentials().password(), 4)) {
                Random random = new Random(42);
                Corpus corpus = new Corpus(random);
                long t0 = System.nanoTime();
                long rawBytes = generate(db, corpus, posts, random);
                System.out.printf("generated %,d posts (%,d MB of raw messages, indicators stored) in %.0f s%n", posts,
                        rawBytes >> 20, secs(t0));

                ArchiveRepository archive = new ArchiveRepository(db.jdbc(), new Indicators("hub.localhost"));
                Path indexDir = work.resolve("index");
                t0 = System.nanoTime();
                try (ArchiveIndex index = ArchiveIndex.open(indexDir, archive)) {
                    index.catchUp();
                }
                double indexSecs = secs(t0);
                long indexBytes = size(indexDir);
                System.out.printf("indexing (a full reindex): %.1f s, %,.0f posts/s (target >= 5,000; reindex of 1M within "
                        + "5 min)%n", indexSecs, posts / indexSecs);
                System.out.printf("index size: %,d MB for %,d MB of raw messages: %.2f of the raw bytes (target <= 0.5)%n",
                        indexBytes >> 20, rawBytes >> 20, (double) indexBytes / rawBytes);

                t0 = System.nanoTime();
                db.jdbc().execute("ALTER TABLE submission ADD FULLTEXT INDEX ft_submission (subject, text_body)");
                System.out.printf("MariaDB FULLTEXT index built in %.1f s%n", secs(t0));

                List<Question> questions = corpus.questions();
                try (IndexReaderSearch lucene = IndexReaderSearch.open(indexDir)) {
                    System.out.printf("%-44s %9s %9s %9s %9s %8s %7s%n", "question", "lucene50", "lucene99", "mariadb50",
                            "mariadb99", "hits", "x p50");
                    List<Double> allLucene = new ArrayList<>();
                    List<Double> allMaria = new ArrayList<>();
                    double ratioSum = 0;
                    for (Question q : questions) {
                        List<Double> lt = new ArrayList<>();
                        List<Double> mt = new ArrayList<>();
                        long hits = 0;
                        long sqlHits = 0;
                        long budget = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
                        // Every question at least 3 times (after 3 warm-ups) on both engines, up to reps,
                        // within 20 s: at 1M posts one MariaDB answer can take half a minute.
                        for (int i = 0; i < reps + 3 && (i < 6 || System.nanoTime() < budget); i++) {
                            long s = System.nanoTime();
                            ArchiveSearch.Result r = lucene.search().search(q.lucene, ArchiveSearch.Order.DATE, 1, 20, q.facets);
                            double lucMs = (System.nanoTime() - s) / 1e6;
                            hits = r.total();
                            s = System.nanoTime();
                            sqlHits = sql(db, q);
                            double sqlMs = (System.nanoTime() - s) / 1e6;
                            if (i >= 3) { // the first three warm both up
                                lt.add(lucMs);
                                mt.add(sqlMs);
                            }
                        }
                        double l50 = pct(lt, 50);
                        double m50 = pct(mt, 50);
                        ratioSum += Math.log(m50 / Math.max(l50, 1e-3));
                        allLucene.addAll(lt);
                        allMaria.addAll(mt);
                        System.out.printf("%-44s %8.2fms %8.2fms %8.2fms %8.2fms %8s %6.1fx%n", q.name, l50, pct(lt, 99), m50,
                                pct(mt, 99), hits == sqlHits ? Long.toString(hits) : hits + "/" + sqlHits, m50 / Math.max(l50, 1e-3));
                    }
                    double lucene99 = pct(allLucene, 99);
                    System.out.printf("all questions: lucene p50 %.2f ms, p99 %.2f ms (target <= 50 ms); mariadb p50 %.2f ms, "
                                    + "p99 %.2f ms%n", pct(allLucene, 50), lucene99, pct(allMaria, 50), pct(allMaria, 99));
                    System.out.printf("lucene p50 is %.1fx faster than MariaDB FULLTEXT (geometric mean over the questions; "
                            + "target >= 10x)%n", Math.exp(ratioSum / questions.size()));
                }
            }
        }
    }

    /** One question, asked of both engines. */
    record Question(String name, String lucene, String sqlWhere, List<Object> params, boolean facets, boolean indicator) {
    }

    /** Synthetic vocabulary and indicator pools, the same for every run (seeded). */
    static final class Corpus {
        final List<String> words = new ArrayList<>();
        final List<String> ips = new ArrayList<>();
        final List<String> domains = new ArrayList<>();
        final List<String> hashes = new ArrayList<>();
        final Random random;

        Corpus(Random random) {
            this.random = random;
            words.addAll(Arrays.asList(TOPICS));
            String letters = "abcdefghijklmnopqrstuvwxyz";
            while (words.size() < 5000) {
                int len = 3 + random.nextInt(8);
                StringBuilder w = new StringBuilder();
                for (int i = 0; i < len; i++) {
                    w.append(letters.charAt(random.nextInt(26)));
                }
                words.add(w.toString());
            }
            for (int i = 0; i < 20_000; i++) {
                ips.add((random.nextInt(200) + 11) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
            }
            for (int i = 0; i < 5000; i++) {
                domains.add(words.get(100 + random.nextInt(4800)) + "-" + words.get(100 + random.nextInt(4800)) + ".com");
            }
            for (int i = 0; i < 5000; i++) {
                byte[] b = new byte[32];
                random.nextBytes(b);
                hashes.add(java.util.HexFormat.of().formatHex(b));
            }
        }

        /**
         * Zipf-like over the general vocabulary (common words come up far more often), with one word
         * in twenty a security topic, so that each topic word is in a few percent of the posts.
         */
        String word() {
            if (random.nextInt(20) == 0) {
                return TOPICS[random.nextInt(TOPICS.length)];
            }
            double u = random.nextDouble();
            return words.get(TOPICS.length + (int) Math.min(words.size() - TOPICS.length - 1,
                    Math.floor(Math.pow(u, 3) * (words.size() - TOPICS.length))));
        }

        List<Question> questions() {
            String ip = ips.get(7);
            String domain = domains.get(3);
            String hash = hashes.get(11);
            return List.of(
                    new Question("word: ransomware", "ransomware", "MATCH(subject, text_body) AGAINST(? IN BOOLEAN MODE)",
                            List.of("+ransomware"), false, false),
                    new Question("two words: vpn exploit", "vpn exploit", "MATCH(subject, text_body) AGAINST(? IN BOOLEAN MODE)",
                            List.of("+vpn +exploit"), false, false),
                    new Question("phrase: \"credential harvesting\"", "\"credential harvesting\"",
                            "MATCH(subject, text_body) AGAINST(? IN BOOLEAN MODE)", List.of("\"credential harvesting\""), false, false),
                    new Question("word + tlp + sector: phishing", "phishing tlp:green sector:finance",
                            "MATCH(subject, text_body) AGAINST(? IN BOOLEAN MODE) AND tlp = 'GREEN' AND sector = 'finance'",
                            List.of("+phishing"), false, false),
                    new Question("word + dates: botnet in March", "botnet after:2026-03-01 before:2026-04-01",
                            "MATCH(subject, text_body) AGAINST(? IN BOOLEAN MODE) AND received_at >= '2026-03-01' "
                                    + "AND received_at < '2026-04-01'", List.of("+botnet"), false, false),
                    new Question("ip: " + ip, "ip:" + ip, "seq IN (SELECT seq FROM indicator WHERE kind = 'ip' AND value = ?)",
                            List.of(ip), false, true),
                    new Question("domain: " + domain, "domain:" + domain,
                            "seq IN (SELECT seq FROM indicator WHERE kind = 'domain' AND (value = ? OR value LIKE ?))",
                            List.of(domain, "%." + domain), false, true),
                    new Question("hash", "hash:" + hash, "seq IN (SELECT seq FROM indicator WHERE kind = 'hash' AND value = ?)",
                            List.of(hash), false, true),
                    new Question("word + facets: malware", "malware", "MATCH(subject, text_body) AGAINST(? IN BOOLEAN MODE)",
                            List.of("+malware"), true, false));
        }
    }

    /** The same question in SQL: the page of 20 newest, the total, and the facet counts when asked. */
    private static long sql(HubDatabase db, Question q) throws Exception {
        try (Connection c = db.jdbc().dataSource().getConnection()) {
            List<Long> page = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, subject FROM submission WHERE " + q.sqlWhere
                    + " ORDER BY received_at DESC, seq DESC LIMIT 20")) {
                bind(ps, q.params);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        page.add(rs.getLong(1));
                    }
                }
            }
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM submission WHERE " + q.sqlWhere)) {
                bind(ps, q.params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            if (q.facets) {
                for (String dim : List.of("list_id", "sector", "tlp", "organisation_name", "DATE_FORMAT(received_at, '%Y-%m')")) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + dim + ", COUNT(*) FROM submission WHERE "
                            + q.sqlWhere + " GROUP BY 1 ORDER BY 2 DESC LIMIT 20")) {
                        bind(ps, q.params);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getLong(2);
                            }
                        }
                    }
                }
            }
            return total;
        }
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws Exception {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    /** Writes {@code posts} synthetic posts straight into the archive tables; returns the raw bytes. */
    private static long generate(HubDatabase db, Corpus corpus, int posts, Random random) throws Exception {
        List<Long> listIds = db.jdbc().query("SELECT id FROM hub_list ORDER BY id", rs -> rs.getLong(1));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long span = java.time.Duration.ofDays(330).toMillis();
        long raw = 0;
        Indicators extractor = new Indicators("hub.localhost");
        try (Connection c = db.jdbc().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement post = c.prepareStatement("INSERT INTO submission (seq, message_id, list_id, sender, "
                    + "organisation_name, sector, subject, text_body, tlp, tlp_labelled, received_at, in_reply_to, raw, raw_size, "
                    + "distributed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?)");
                 PreparedStatement ind = c.prepareStatement("INSERT IGNORE INTO indicator (seq, kind, value) VALUES (?, ?, ?)")) {
                for (int seq = 1; seq <= posts; seq++) {
                    int s = random.nextInt(SECTORS.length);
                    String sector = SECTORS[s];
                    long listId = random.nextInt(10) == 0 ? listIds.get(listIds.size() - 1) : listIds.get(s);
                    String tlp = TLPS[random.nextInt(TLPS.length)];
                    boolean reply = seq > 10 && random.nextInt(5) == 0;
                    String subject = (reply ? "Re: " : "") + "TLP:" + tlp + " " + corpus.word() + " " + corpus.word() + " "
                            + corpus.word();
                    StringBuilder body = new StringBuilder();
                    int words = 40 + random.nextInt(360);
                    for (int w = 0; w < words; w++) {
                        body.append(corpus.word()).append(w % 15 == 14 ? ".\n" : " ");
                        if (random.nextInt(60) == 0) {
                            body.append(switch (random.nextInt(4)) {
                                case 0 -> corpus.ips.get((int) Math.floor(Math.pow(random.nextDouble(), 2) * corpus.ips.size()));
                                case 1 -> "hxxps://" + corpus.domains.get(random.nextInt(corpus.domains.size())).replace(".", "[.]")
                                        + "/login";
                                case 2 -> corpus.hashes.get(random.nextInt(corpus.hashes.size()));
                                default -> "CVE-202" + random.nextInt(6) + "-" + (1000 + random.nextInt(50000));
                            }).append(' ');
                        }
                    }
                    String text = body.toString();
                    Instant received = start.plusMillis((long) ((double) seq / posts * span));
                    String messageId = "<" + seq + "@bench.example>";
                    String org = sector + " org " + random.nextInt(60);
                    byte[] message = ("From: rep" + random.nextInt(850) + "@member.example\r\nTo: " + sector
                            + "@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId + "\r\nDate: "
                            + received + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text)
                            .getBytes(StandardCharsets.UTF_8);
                    raw += message.length;
                    post.setLong(1, seq);
                    post.setString(2, messageId);
                    post.setLong(3, listId);
                    post.setString(4, "rep@member.example");
                    post.setString(5, org);
                    post.setString(6, sector);
                    post.setString(7, subject);
                    post.setString(8, text);
                    post.setString(9, tlp);
                    post.setTimestamp(10, Timestamp.from(received));
                    post.setString(11, reply ? "<" + (seq - 1 - random.nextInt(10)) + "@bench.example>" : null);
                    post.setBytes(12, message);
                    post.setInt(13, message.length);
                    post.setTimestamp(14, Timestamp.from(received));
                    post.addBatch();
                    for (Indicators.Indicator i : extractor.extract(subject + "\n" + text)) {
                        ind.setLong(1, seq);
                        ind.setString(2, i.kind().code());
                        ind.setString(3, i.value());
                        ind.addBatch();
                    }
                    if (seq % 2000 == 0 || seq == posts) {
                        post.executeBatch();
                        ind.executeBatch();
                        c.commit();
                        if (seq % 100_000 == 0) {
                            System.out.printf("  %,d posts written%n", seq);
                        }
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE archive_sequence SET next_seq = " + (posts + 1) + " WHERE id = 1");
            }
            c.commit();
        }
        return raw;
    }

    private static double pct(List<Double> values, int p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1].replace("_", "").replace(",", ""));
            }
        }
        return fallback;
    }
}
