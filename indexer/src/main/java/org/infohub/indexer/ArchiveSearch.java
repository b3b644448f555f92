package org.infohub.indexer;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.infohub.core.indicator.Indicators;

/**
 * Runs queries against whatever searcher a {@link ReferenceManager} currently holds: the live one
 * of {@link ArchiveIndex} in the server, or one refreshed in the background over the index folder
 * in the console and the command line.
 *
 * <p>The query language: free text over subject and body (all words required; quotes for phrases;
 * {@code OR}, {@code NOT}); field filters {@code list:}, {@code sector:}, {@code tlp:},
 * {@code from:}, {@code org:}, {@code subject:}, {@code kind:}; dates {@code after:2026-03-01},
 * {@code before:2026-04-01}; indicators {@code ip:}, {@code cidr:} (every address inside the
 * range, and the range itself), {@code domain:} (subdomains too), {@code url:}, {@code email:},
 * {@code hash:}, {@code cve:}. Date and indicator filters always apply (AND). Defanged values are
 * refanged. An indicator typed bare ({@code 203.0.113.5}, {@code CVE-2025-0282}, a hash, a
 * domain, an address, a URL, defanged or not) is searched as that indicator (or as text). An
 * empty query finds every post. A query that cannot be read gets a {@link SearchException} that
 * names the problem in the hub's words.
 */
public final class ArchiveSearch {
    private static final String[] DEFAULT_FIELDS = {IndexFields.SUBJECT, IndexFields.BODY};
    private static final Pattern FILTER =
            Pattern.compile("(?i)^(ip|cidr|domain|url|email|hash|cve|after|before|list|sector|tlp|from|kind):(.*)$");
    private static final Pattern CVE_ID = Pattern.compile("(?i)^(?:cve-)(\\d{4})-(\\d{4,7})$");
    private static final Pattern HEX_HASH = Pattern.compile("(?i)^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("(?i)^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,63}$");
    private static final Pattern DOMAIN_NAME = Pattern.compile("(?i)^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    /** How results are ordered. */
    public enum Order { RELEVANCE, DATE }

    /** One page of results with the facet counts of every hit. */
    public record Result(long total, int page, int size, List<SearchHit> hits, Map<String, Map<String, Long>> facets) {
        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    private final ReferenceManager<IndexSearcher> searchers;
    private final Map<Object, SortedSetDocValuesReaderState> facetStates = new WeakHashMap<>();

    public ArchiveSearch(ReferenceManager<IndexSearcher> searchers) {
        this.searchers = searchers;
    }

    /** The first {@code limit} hits by relevance. */
    public List<SearchHit> search(String query, int limit) throws SearchException {
        return search(query, Order.RELEVANCE, 1, Math.max(1, limit), false).hits();
    }

    public Result search(String query, Order order, int page, int size, boolean withFacets) throws SearchException {
        Query parsed = parse(query);
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new SearchException("the index cannot be read: " + e.getMessage(), e);
        }
        try {
            int p = Math.max(1, page);
            int n = Math.max(1, size);
            int wanted = p * n;
            TopDocs top = order == Order.DATE
                    ? searcher.search(parsed, wanted, new Sort(new SortField(IndexFields.RECEIVED, SortField.Type.LONG, true),
                    new SortField(IndexFields.SEQ, SortField.Type.LONG, true)))
                    : searcher.search(parsed, wanted);
            long total = searcher.count(parsed);
            StoredFields stored = searcher.storedFields();
            List<SearchHit> hits = new ArrayList<>();
            for (int i = (p - 1) * n; i < top.scoreDocs.length; i++) {
                ScoreDoc sd = top.scoreDocs[i];
                Document d = stored.document(sd.doc);
                hits.add(new SearchHit(d.getField(IndexFields.SEQ).numericValue().longValue(),
                        Instant.ofEpochMilli(d.getField(IndexFields.RECEIVED).numericValue().longValue()),
                        d.get(IndexFields.LIST), d.get(IndexFields.TLP).toUpperCase(Locale.ROOT), d.get(IndexFields.SUBJECT)));
            }
            Map<String, Map<String, Long>> facets = withFacets ? facets(searcher, parsed) : Map.of();
            return new Result(total, p, n, hits, facets);
        } catch (IOException e) {
            throw new SearchException("the index cannot be read: " + e.getMessage(), e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                // the searcher is closed with its manager
            }
        }
    }

    private Map<String, Map<String, Long>> facets(IndexSearcher searcher, Query query) throws IOException {
        IndexReader reader = searcher.getIndexReader();
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        if (reader.numDocs() == 0) {
            return out;
        }
        SortedSetDocValuesReaderState state;
        // One state per reader (it maps the facet ordinals once), dropped with the reader.
        synchronized (facetStates) {
            Object key = reader.getReaderCacheHelper() != null ? reader.getReaderCacheHelper().getKey() : reader;
            state = facetStates.get(key);
            if (state == null) {
                state = new DefaultSortedSetDocValuesReaderState(reader, IndexFields.facetsConfig());
                facetStates.put(key, state);
            }
        }
        FacetsCollector fc = searcher.search(query, new FacetsCollectorManager());
        Facets counts = new SortedSetDocValuesFacetCounts(state, fc);
        for (String dim : IndexFields.FACETS) {
            Map<String, Long> values = new LinkedHashMap<>();
            FacetResult r;
            try {
                r = counts.getTopChildren(20, dim);
            } catch (IllegalArgumentException noSuchDim) {
                r = null;
            }
            if (r != null) {
                for (LabelAndValue lv : r.labelValues) {
                    values.put(lv.label, lv.value.longValue());
                }
            }
            out.put(dim, values);
        }
        return out;
    }

    /** Marks around a highlighted word in a snippet: private-use characters, which no post contains as text. */
    /** The longest query taken: a search box's text, not a document (the parser's cost grows with it). */
    static final int MAX_QUERY = 2_000;
    public static final char MARK_START = '\uE000';
    public static final char MARK_END = '\uE001';

    /**
     * Marks that touch joined into one: a Chinese word is a term a character, so {@code 比特幣}
     * comes back marked three times over; it is shown marked once, as the word it is.
     */
    static String wholeWords(String marked) {
        return marked.replace(String.valueOf(MARK_END) + MARK_START, "");
    }

    /**
     * The best passage of {@code text} for {@code query}, up to about 240 characters, its matching
     * words between {@link #MARK_START} and {@link #MARK_END}; the text's start when nothing matches.
     */
    public static String snippet(String query, String text) {
        String plain = text == null ? "" : text.replace(MARK_START, ' ').replace(MARK_END, ' ');
        try {
            Query q = parse(query);
            org.apache.lucene.search.highlight.QueryScorer scorer = new org.apache.lucene.search.highlight.QueryScorer(q,
                    IndexFields.BODY);
            org.apache.lucene.search.highlight.Highlighter h = new org.apache.lucene.search.highlight.Highlighter(
                    (original, group) -> group.getTotalScore() > 0 ? MARK_START + original + MARK_END : original, scorer);
            h.setTextFragmenter(new org.apache.lucene.search.highlight.SimpleSpanFragmenter(scorer, 240));
            h.setMaxDocCharsToAnalyze(200_000);
            String best = h.getBestFragment(IndexFields.analyzer(), IndexFields.BODY, plain);
            if (best != null) {
                return wholeWords(best).strip();
            }
        } catch (SearchException | IOException | org.apache.lucene.search.highlight.InvalidTokenOffsetsException
                 | RuntimeException e) {
            // no snippet worth showing: the start of the text below (the highlighter refuses some
            // queries the parser takes, e.g. a boost it rewrites below zero: found by SearchQueryFuzzTest)
        }
        String start = plain.strip();
        return start.length() <= 240 ? start : start.substring(0, 240) + "\u2026";
    }

    /**
     * The words of {@code query} taken as indicators, each as "VALUE as KIND" ("203.0.113.5 as an
     * IP address"), for the page to say how the query was read.
     */
    public static List<String> recognised(String query) {
        List<String> out = new ArrayList<>();
        if (query != null && query.length() > MAX_QUERY) {
            return out;
        }
        for (String token : tokens(query == null ? "" : query)) {
            if (!FILTER.matcher(token).matches()) {
                bare(token).ifPresent(b -> out.add(b[1] + " as " + switch (b[0]) {
                    case "ip" -> "an IP address";
                    case "cve" -> "a CVE identifier";
                    case "hash" -> "a file hash";
                    case "email" -> "an e-mail address";
                    case "url" -> "a URL";
                    default -> "a domain";
                }));
            }
        }
        return out;
    }

    /** {kind, value} when the token, refanged, is one indicator and nothing else. */
    private static Optional<String[]> bare(String token) {
        if (token.startsWith("\"") || token.startsWith("(") || token.startsWith("-") || token.startsWith("+")) {
            return Optional.empty();
        }
        String v = Indicators.refang(token.strip());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> ip = Indicators.canonicalAddress(v);
        if (ip.isPresent() && (v.contains(":") || v.chars().filter(c -> c == '.').count() == 3)) {
            return Optional.of(new String[] {"ip", ip.get()});
        }
        if (CVE_ID.matcher(v).matches()) {
            return Optional.of(new String[] {"cve", v.toUpperCase(Locale.ROOT)});
        }
        if (HEX_HASH.matcher(v).matches()) {
            return Optional.of(new String[] {"hash", v.toLowerCase(Locale.ROOT)});
        }
        if (EMAIL_ADDRESS.matcher(v).matches()) {
            return Optional.of(new String[] {"email", v.toLowerCase(Locale.ROOT)});
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return Optional.of(new String[] {"url", v});
        }
        if (DOMAIN_NAME.matcher(v).matches()) {
            return Optional.of(new String[] {"domain", lower.replaceAll("\\.$", "")});
        }
        return Optional.empty();
    }

    static Query parse(String query) throws SearchException {
        if (query == null || query.isBlank()) {
            return new MatchAllDocsQuery();
        }
        if (query.length() > MAX_QUERY) {
            throw new SearchException("a query may have at most " + MAX_QUERY + " characters; this one has "
                    + query.length(), null);
        }
        List<Query> filters = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String token : tokens(query)) {
            Matcher m = FILTER.matcher(token);
            Optional<String[]> indicator = m.matches() ? Optional.empty() : bare(token);
            if (m.matches()) {
                filters.add(filter(m.group(1).toLowerCase(Locale.ROOT), stripQuotes(m.group(2))));
            } else if (indicator.isPresent()) {
                // The indicator, or the same characters as text (an internal address is no indicator but may be in the text).
                BooleanQuery.Builder either = new BooleanQuery.Builder();
                either.add(filter(indicator.get()[0], indicator.get()[1]), BooleanClause.Occur.SHOULD);
                try {
                    either.add(parseText("\"" + QueryParser.escape(indicator.get()[1]) + "\"", query), BooleanClause.Occur.SHOULD);
                } catch (SearchException notText) {
                    // the indicator alone
                }
                filters.add(either.build());
            } else {
                text.append(token).append(' ');
            }
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        String free = text.toString().trim();
        if (free.isEmpty()) {
            b.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
        } else {
            b.add(parseText(free, query), BooleanClause.Occur.MUST);
        }
        for (Query f : filters) {
            b.add(f, BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    private static Query parseText(String free, String query) throws SearchException {
        MultiFieldQueryParser parser = TextAnalysis.CHOSEN.parser(DEFAULT_FIELDS, IndexFields.analyzer());
        parser.setDefaultOperator(QueryParser.Operator.AND);
        try {
            Query q = parser.parse(free);
            // "list:finance NOT phishing": the filters are taken out, leaving only a NOT, which alone matches nothing.
            if (q instanceof BooleanQuery bq && !bq.clauses().isEmpty()
                    && bq.clauses().stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.MUST_NOT)) {
                BooleanQuery.Builder b = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
                bq.clauses().forEach(b::add);
                return b.build();
            }
            return q;
        } catch (ParseException | RuntimeException e) {
            throw new SearchException("the query '" + query + "' cannot be read: " + why(free), e);
        }
    }

    /** What is wrong with free text the parser refused, in the hub's words rather than the parser's. */
    static String why(String free) {
        if (free.chars().filter(c -> c == '"').count() % 2 != 0) {
            return "a quotation mark is not closed (phrases go between two \")";
        }
        long open = free.chars().filter(c -> c == '(').count();
        long close = free.chars().filter(c -> c == ')').count();
        if (open != close) {
            return "brackets do not pair up (" + open + " opened, " + close + " closed)";
        }
        String stripped = free.strip();
        int space = stripped.length() - 1;
        while (space >= 0 && !Character.isWhitespace(stripped.charAt(space))) {
            space--;
        }
        // the last word, found from the end (a pattern searched from every position was quadratic)
        String last = stripped.substring(space + 1);
        if (last.equals("AND") || last.equals("OR") || last.equals("NOT")) {
            return "it ends with " + last + ": add the words it joins";
        }
        if (free.matches("(?s).*(^|\\s)[*?].*")) {
            return "a word cannot start with * or ? (put the wildcard after a few letters: ransom*)";
        }
        if (free.matches("(?s).*\\w:(\\s.*|$)")) {
            return "a filter needs a value after its colon (such as tlp:green)";
        }
        return "write words, \"a phrase\", OR / NOT between words, or filters such as tlp:green and ip:203.0.113.7; "
                + "characters such as [ ] { } ~ ^ \\ / need a backslash before them";
    }

    private static Query filter(String name, String raw) throws SearchException {
        String value = Indicators.refang(raw.trim());
        if (value.isEmpty()) {
            throw new SearchException(name + ": needs a value, such as " + example(name), null);
        }
        switch (name) {
            case "ip": {
                String ip = Indicators.canonicalAddress(value).orElseThrow(() -> new SearchException(
                        "ip: '" + raw + "' is not an IP address (such as 203.0.113.7 or 2001:db8::1)", null));
                return new TermQuery(new Term(IndexFields.IP, ip));
            }
            case "cidr": {
                int slash = value.indexOf('/');
                Optional<String> base = slash < 0 ? Optional.empty() : Indicators.canonicalAddress(value.substring(0, slash));
                int prefix;
                try {
                    prefix = slash < 0 ? -1 : Integer.parseInt(value.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                int max = base.map(b -> b.contains(":") ? 128 : 32).orElse(32);
                if (base.isEmpty() || prefix < 0 || prefix > max) {
                    throw new SearchException("cidr: '" + raw + "' is not a range (such as 192.0.2.0/24 or 2001:db8::/32)", null);
                }
                try {
                    InetAddress address = InetAddress.getByName(base.get());
                    BooleanQuery.Builder b = new BooleanQuery.Builder();
                    b.add(InetAddressPoint.newPrefixQuery(IndexFields.IP_POINT, address, prefix), BooleanClause.Occur.SHOULD);
                    b.add(new TermQuery(new Term(IndexFields.CIDR, base.get() + "/" + prefix)), BooleanClause.Occur.SHOULD);
                    return b.build();
                } catch (java.net.UnknownHostException | IllegalArgumentException e) {
                    throw new SearchException("cidr: '" + raw + "' is not a range: " + e.getMessage(), e);
                }
            }
            case "domain": {
                String d = value.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
                if (!d.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}")) {
                    throw new SearchException("domain: '" + raw + "' is not a domain name (such as evil.example.com)", null);
                }
                return new TermQuery(new Term(IndexFields.DOMAIN, d));
            }
            case "url": {
                Optional<String> url = new Indicators("").extract(value).stream()
                        .filter(i -> i.kind() == Indicators.Kind.URL).map(Indicators.Indicator::value).findFirst();
                return new TermQuery(new Term(IndexFields.URL, url.orElseThrow(() -> new SearchException(
                        "url: '" + raw + "' is not a URL (such as https://evil.example.com/login)", null))));
            }
            case "email": {
                String e = value.toLowerCase(Locale.ROOT);
                if (!e.matches("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}")) {
                    throw new SearchException("email: '" + raw + "' is not an e-mail address", null);
                }
                return new TermQuery(new Term(IndexFields.EMAIL, e));
            }
            case "hash": {
                String h = value.toLowerCase(Locale.ROOT);
                if (!h.matches("[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}")) {
                    throw new SearchException("hash: '" + raw + "' is not an MD5, SHA-1 or SHA-256 hash (32, 40 or 64 hex digits)", null);
                }
                return new TermQuery(new Term(IndexFields.HASH, h));
            }
            case "cve": {
                Matcher m = Pattern.compile("(?i)^(?:cve-)?(\\d{4})-(\\d{4,7})$").matcher(value);
                if (!m.matches()) {
                    throw new SearchException("cve: '" + raw + "' is not a CVE identifier (such as CVE-2024-3400)", null);
                }
                return new TermQuery(new Term(IndexFields.CVE, "cve-" + m.group(1) + "-" + m.group(2)));
            }
            case "list":
                return new TermQuery(new Term(IndexFields.LIST, value.toLowerCase(Locale.ROOT).replaceAll("@.*$", "")));
            case "sector":
                return new TermQuery(new Term(IndexFields.SECTOR, value.toLowerCase(Locale.ROOT)));
            case "tlp": {
                String t = value.toLowerCase(Locale.ROOT).replaceFirst("^tlp:", "").replace(' ', '+');
                if (!t.matches("clear|white|green|amber|amber\\+strict|red")) {
                    throw new SearchException("tlp: '" + raw + "' is not a TLP label (clear, green, amber, amber+strict, red)", null);
                }
                return new TermQuery(new Term(IndexFields.TLP, t.equals("white") ? "clear" : t));
            }
            case "from":
                return new TermQuery(new Term(IndexFields.FROM, value.toLowerCase(Locale.ROOT)));
            case "kind":
                return new TermQuery(new Term(IndexFields.KIND, org.infohub.core.kind.Kind.parse(value).orElseThrow(() ->
                        new SearchException("kind: '" + raw + "' is not a kind (alert, advisory, discussion, emerging-tech, "
                                + "event)", null)).code()));
            case "after":
                return LongPoint.newRangeQuery(IndexFields.RECEIVED, day(name, raw).toEpochMilli(), Long.MAX_VALUE);
            case "before":
                return LongPoint.newRangeQuery(IndexFields.RECEIVED, Long.MIN_VALUE, day(name, raw).toEpochMilli() - 1);
            default:
                throw new SearchException("unknown filter " + name + ":", null);
        }
    }

    private static Instant day(String name, String raw) throws SearchException {
        try {
            return LocalDate.parse(raw.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new SearchException(name + ": '" + raw + "' is not a date (YYYY-MM-DD, such as 2026-03-01)", e);
        }
    }

    private static String example(String name) {
        return switch (name) {
            case "ip" -> "ip:203.0.113.7";
            case "cidr" -> "cidr:192.0.2.0/24";
            case "domain" -> "domain:evil.example.com";
            case "url" -> "url:https://evil.example.com/login";
            case "email" -> "email:ops@evil.example.com";
            case "hash" -> "hash:44d88612fea8a8f36de82e1278abb02f";
            case "cve" -> "cve:CVE-2024-3400";
            default -> name + ":2026-03-01";
        };
    }

    private static String stripQuotes(String v) {
        String t = v.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    /** Splits on spaces outside double quotes, keeping the quotes (the text parser needs them for phrases). */
    static List<String> tokens(String query) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : query.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
