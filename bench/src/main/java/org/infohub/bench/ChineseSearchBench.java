package org.infohub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.icu.ICUNormalizer2Filter;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.highlight.Highlighter;
import org.apache.lucene.search.highlight.QueryScorer;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.infohub.indexer.TextAnalysis;

/**
 * bench/search-zh: how well each way of cutting Chinese into terms finds what analysts ask for,
 * on the judged set in {@code src/main/resources/search-zh} (211 Chinese and mixed posts, 42
 * queries, each post judged by its topic). For each way: the mean precision at 10, the mean recall
 * (of every hit), the mean precision of every hit, the time to index and answer against the
 * standard analyzer's in the same run, and the highlight of one query, to see whether it lands on
 * whole words. The ways: the hub's ({@link TextAnalysis}) and ICU's dictionary segmentation, which
 * the hub does not ship (measured to choose).
 *
 * <pre>bench/search-zh/run</pre>
 */
public final class ChineseSearchBench {

    private record Post(int id, String topic, String subject, String body) {
    }

    private record Judged(String query, Set<String> topics) {
    }

    private record Way(String name, Analyzer analyzer, TextAnalysis hub) {
    }

    private ChineseSearchBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Post> posts = new ArrayList<>();
        for (String[] f : tsv("posts.tsv")) {
            posts.add(new Post(Integer.parseInt(f[0]), f[1], f[2], f[3]));
        }
        List<Judged> queries = new ArrayList<>();
        for (String[] f : tsv("queries.tsv")) {
            queries.add(new Judged(f[0], Set.of(f[1].split(" "))));
        }
        List<Way> ways = new ArrayList<>();
        for (TextAnalysis t : TextAnalysis.values()) {
            ways.add(new Way(t.name().toLowerCase(java.util.Locale.ROOT) + (t == TextAnalysis.CHOSEN ? " (chosen)" : ""),
                    t.analyzer(), t));
        }
        ways.add(new Way("icu (not shipped)", icu(), TextAnalysis.STANDARD_PHRASES));
        System.out.printf("bench/search-zh: %d posts (%d on other matters), %d queries; P@10, recall and precision are means "
                + "over the queries%n%n", posts.size(), posts.stream().filter(p -> p.topic().equals("other")).count(), queries.size());
        System.out.printf("%-24s %6s %7s %10s %18s  %s%n", "analysis", "P@10", "recall", "precision", "index+42 queries",
                "highlight of 比特幣");
        // Every way once before any is timed, so the first does not pay for warming the JIT.
        for (Way way : ways) {
            evaluate(way, posts, queries);
        }
        double baseline = 0;
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Way way : ways) {
            // Measured five times; the fastest counts (the first runs warm the JIT).
            double best = Double.MAX_VALUE;
            double[] scores = null;
            for (int run = 0; run < 5; run++) {
                long start = System.nanoTime();
                scores = evaluate(way, posts, queries);
                best = Math.min(best, (System.nanoTime() - start) / 1e6);
            }
            if (baseline == 0) {
                baseline = best;
            }
            results.put(way.name(), scores);
            System.out.printf("%-24s %6.3f %7.3f %10.3f %8.1f ms %5.2fx  %s%n", way.name(), scores[0], scores[1], scores[2],
                    best, best / baseline, highlight(way, "比特幣", "基金贖回的金額以港幣計算。攻擊者要求以比特幣支付贖金。"));
        }
        System.out.println();
        System.out.println("Per query, P@10 / recall (standard -> chosen):");
        double[][] perStandard = perQuery(ways.get(0), posts, queries);
        double[][] perChosen = perQuery(ways.get(TextAnalysis.CHOSEN.ordinal()), posts, queries);
        System.out.println("  (" + TextAnalysis.CHOSEN.name().toLowerCase(java.util.Locale.ROOT) + ")");
        for (int i = 0; i < queries.size(); i++) {
            System.out.printf("  %-18s %.1f / %.2f -> %.1f / %.2f%n", queries.get(i).query(), perStandard[i][0], perStandard[i][1],
                    perChosen[i][0], perChosen[i][1]);
        }
    }

    private static Analyzer icu() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new ICUTokenizer();
                TokenStream result = new ICUNormalizer2Filter(source);
                return new TokenStreamComponents(source, new LowerCaseFilter(result));
            }
        };
    }

    private static double[] evaluate(Way way, List<Post> posts, List<Judged> queries) throws Exception {
        double[][] per = perQuery(way, posts, queries);
        double p10 = 0;
        double recall = 0;
        double precision = 0;
        for (double[] q : per) {
            p10 += q[0];
            recall += q[1];
            precision += q[2];
        }
        return new double[] {p10 / per.length, recall / per.length, precision / per.length};
    }

    /** For each query: precision at 10, recall and precision of every hit. */
    private static double[][] perQuery(Way way, List<Post> posts, List<Judged> queries) throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(way.analyzer()))) {
                for (Post p : posts) {
                    Document d = new Document();
                    d.add(new StoredField("id", p.id()));
                    d.add(new StoredField("topic", p.topic()));
                    d.add(new TextField("subject", p.subject(), Field.Store.NO));
                    d.add(new TextField("body", p.body(), Field.Store.NO));
                    w.addDocument(d);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                double[][] out = new double[queries.size()][];
                for (int i = 0; i < queries.size(); i++) {
                    Judged j = queries.get(i);
                    long relevant = posts.stream().filter(p -> j.topics().contains(p.topic())).count();
                    ScoreDoc[] hits = searcher.search(parse(way, j.query()), posts.size()).scoreDocs;
                    int good = 0;
                    int goodInTen = 0;
                    for (int k = 0; k < hits.length; k++) {
                        String topic = searcher.storedFields().document(hits[k].doc).get("topic");
                        if (j.topics().contains(topic)) {
                            good++;
                            if (k < 10) {
                                goodInTen++;
                            }
                        }
                    }
                    out[i] = new double[] {goodInTen / 10.0, relevant == 0 ? 0 : good / (double) relevant,
                            hits.length == 0 ? 0 : good / (double) hits.length};
                }
                return out;
            }
        }
    }

    /** As the hub's search reads a query: subject and body, every term required. */
    private static Query parse(Way way, String query) throws Exception {
        // The hub's own parser for its ways; ICU's words as phrases.
        MultiFieldQueryParser parser = way.hub().parser(new String[] {"subject", "body"}, way.analyzer());
        parser.setDefaultOperator(QueryParser.Operator.AND);
        return parser.parse(query);
    }

    private static String highlight(Way way, String query, String text) throws Exception {
        QueryScorer scorer = new QueryScorer(parse(way, query), "body");
        Highlighter h = new Highlighter((original, group) -> group.getTotalScore() > 0 ? "[" + original + "]" : original, scorer);
        String best = h.getBestFragment(way.analyzer(), "body", text);
        // Marks that touch are shown as one, as the hub's snippets show them.
        return best == null ? "(none)" : best.replace("][", "");
    }

    private static List<String[]> tsv(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = ChineseSearchBench.class.getResourceAsStream("/search-zh/" + name);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t"));
                }
            }
        }
        return rows;
    }
}
