package org.infohub.indexer;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Runs queries against whatever searcher a {@link ReferenceManager} currently holds: the live one
 * of {@link ArchiveIndex} in the server, or one over the index folder in a command-line tool.
 * Free text searches subject and body, all words required; {@code list:}, {@code sector:},
 * {@code tlp:}, {@code from:}, {@code org:} and {@code subject:} filter by field.
 */
public final class ArchiveSearch {
    private static final String[] DEFAULT_FIELDS = {IndexFields.SUBJECT, IndexFields.BODY};

    private final ReferenceManager<IndexSearcher> searchers;

    public ArchiveSearch(ReferenceManager<IndexSearcher> searchers) {
        this.searchers = searchers;
    }

    public List<SearchHit> search(String query, int limit) throws SearchException {
        Query parsed = parse(query);
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new SearchException("the index cannot be read: " + e.getMessage(), e);
        }
        try {
            TopDocs top = searcher.search(parsed, Math.max(1, limit));
            StoredFields stored = searcher.storedFields();
            List<SearchHit> hits = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc);
                hits.add(new SearchHit(d.getField(IndexFields.SEQ).numericValue().longValue(),
                        Instant.ofEpochMilli(d.getField(IndexFields.RECEIVED).numericValue().longValue()),
                        d.get(IndexFields.LIST), d.get(IndexFields.TLP).toUpperCase(Locale.ROOT), d.get(IndexFields.SUBJECT)));
            }
            return hits;
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

    static Query parse(String query) throws SearchException {
        if (query == null || query.isBlank()) {
            throw new SearchException("the query is empty: give words to search for, such as ransomware", null);
        }
        MultiFieldQueryParser parser = new MultiFieldQueryParser(DEFAULT_FIELDS, IndexFields.analyzer());
        parser.setDefaultOperator(QueryParser.Operator.AND);
        try {
            return parser.parse(query);
        } catch (ParseException e) {
            String first = e.getMessage().split("\n", 2)[0];
            throw new SearchException("the query '" + query + "' cannot be read: " + first, e);
        } catch (RuntimeException e) {
            throw new SearchException("the query '" + query + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
