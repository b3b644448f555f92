package org.infohub.indexer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordTokenizerFactory;
import org.apache.lucene.analysis.core.LowerCaseFilterFactory;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.infohub.core.archive.Submission;
import org.infohub.core.indicator.Indicators;

/** The index's field names and analyzers, defined once for the writer and the searchers. */
final class IndexFields {
    static final String ID = "id";
    static final String SEQ = "seq";
    static final String LIST = "list";
    static final String SECTOR = "sector";
    static final String TLP = "tlp";
    static final String FROM = "from";
    static final String ORG = "org";
    static final String SUBJECT = "subject";
    static final String BODY = "body";
    static final String RECEIVED = "received";
    static final String IP = "ip";
    /** The same addresses as points, for CIDR ranges. */
    static final String IP_POINT = "ip_point";
    static final String CIDR = "cidr";
    /** A domain and each of its parents ({@code a.evil.com}, {@code evil.com}), so a domain matches its subdomains. */
    static final String DOMAIN = "domain";
    static final String URL = "url";
    static final String EMAIL = "email";
    static final String HASH = "hash";
    static final String CVE = "cve";
    static final String MONTH = "month";
    static final String KIND = "kind";
    /** Facet dimensions, counted for every search. */
    /** The sender's address as a facet (top posters); its filter is {@code from:}. */
    static final String SENDER = "sender";
    static final java.util.List<String> FACETS = java.util.List.of(KIND, LIST, SECTOR, TLP, ORG, SENDER, MONTH);
    /**
     * Commit user data key holding the fields' layout the entries were written with; an index of an
     * earlier layout is written again from the archive when it opens. 2: the sender facet.
     */
    static final String LAYOUT_KEY = "fields.layout";
    static final int LAYOUT = 2;
    /** Commit user data key holding the last archive sequence number the commit contains. */
    static final String CURSOR = "archive.seq";
    /** The commit data's key for the last index_change request the index carried out. */
    static final String CHANGES = "archive.index_change";

    private IndexFields() {
    }

    /** Text fields get the chosen analysis of English and Chinese ({@link TextAnalysis}); keyword fields match whole, in any case. */
    static Analyzer analyzer() {
        try {
            Analyzer keyword = CustomAnalyzer.builder().withTokenizer(KeywordTokenizerFactory.class)
                    .addTokenFilter(LowerCaseFilterFactory.class).build();
            return new PerFieldAnalyzerWrapper(TextAnalysis.CHOSEN.analyzer(),
                    Map.of(LIST, keyword, SECTOR, keyword, TLP, keyword, FROM, keyword));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The facet configuration, the same for the writer and the searchers. */
    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        for (String dim : FACETS) {
            config.setMultiValued(dim, false);
        }
        return config;
    }

    private static final FacetsConfig FACETS_CONFIG = facetsConfig();

    static Document document(Submission s, java.util.List<Indicators.Indicator> indicators) {
        Document d = new Document();
        d.add(new StringField(ID, Long.toString(s.seq()), Field.Store.NO));
        d.add(new StoredField(SEQ, s.seq()));
        d.add(new NumericDocValuesField(SEQ, s.seq()));
        d.add(new StringField(LIST, s.listName().toLowerCase(Locale.ROOT), Field.Store.YES));
        s.sector().ifPresent(v -> d.add(new StringField(SECTOR, v.toLowerCase(Locale.ROOT), Field.Store.YES)));
        d.add(new StringField(TLP, s.tlp().code().toLowerCase(Locale.ROOT), Field.Store.YES));
        d.add(new StringField(FROM, s.sender().toLowerCase(Locale.ROOT), Field.Store.YES));
        d.add(new StringField(KIND, s.kind().code(), Field.Store.YES));
        s.organisation().ifPresent(v -> d.add(new TextField(ORG, v, Field.Store.YES)));
        d.add(new TextField(SUBJECT, s.subject(), Field.Store.YES));
        d.add(new TextField(BODY, s.textBody(), Field.Store.NO));
        long millis = s.receivedAt().toEpochMilli();
        d.add(new LongPoint(RECEIVED, millis));
        d.add(new StoredField(RECEIVED, millis));
        d.add(new NumericDocValuesField(RECEIVED, millis));
        for (Indicators.Indicator i : indicators) {
            addIndicator(d, i);
        }
        d.add(new SortedSetDocValuesFacetField(KIND, s.kind().code()));
        d.add(new SortedSetDocValuesFacetField(LIST, s.listName().toLowerCase(Locale.ROOT)));
        d.add(new SortedSetDocValuesFacetField(SECTOR, s.sector().orElse("(none)").toLowerCase(Locale.ROOT)));
        d.add(new SortedSetDocValuesFacetField(TLP, s.tlp().code()));
        d.add(new SortedSetDocValuesFacetField(SENDER, s.sender().toLowerCase(Locale.ROOT)));
        d.add(new SortedSetDocValuesFacetField(ORG, s.organisation().filter(o -> !o.isBlank()).orElse("(none)")));
        String month = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM").withZone(java.time.ZoneOffset.UTC)
                .format(s.receivedAt());
        d.add(new SortedSetDocValuesFacetField(MONTH, month));
        try {
            return FACETS_CONFIG.build(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addIndicator(Document d, Indicators.Indicator i) {
        switch (i.kind()) {
            case IP -> {
                d.add(new StringField(IP, i.value(), Field.Store.NO));
                try {
                    d.add(new InetAddressPoint(IP_POINT, InetAddress.getByName(i.value())));
                } catch (java.net.UnknownHostException e) {
                    // canonical addresses always parse; nothing to add otherwise
                }
            }
            case CIDR -> d.add(new StringField(CIDR, i.value(), Field.Store.NO));
            case DOMAIN -> {
                String[] labels = i.value().split("\\.");
                for (int k = 0; k < labels.length - 1; k++) {
                    d.add(new StringField(DOMAIN, String.join(".", java.util.Arrays.copyOfRange(labels, k, labels.length)),
                            Field.Store.NO));
                }
            }
            case URL -> d.add(new StringField(URL, i.value(), Field.Store.NO));
            case EMAIL -> d.add(new StringField(EMAIL, i.value(), Field.Store.NO));
            case HASH -> d.add(new StringField(HASH, i.value(), Field.Store.NO));
            case CVE -> d.add(new StringField(CVE, i.value(), Field.Store.NO));
        }
    }
}
