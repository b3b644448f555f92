package org.infohub.indexer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordTokenizerFactory;
import org.apache.lucene.analysis.core.LowerCaseFilterFactory;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.infohub.core.archive.Submission;

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
    /** Commit user data key holding the last archive sequence number the commit contains. */
    static final String CURSOR = "archive.seq";

    private IndexFields() {
    }

    /** Text fields get the standard analyzer; keyword fields match whole, in any case. */
    static Analyzer analyzer() {
        try {
            Analyzer keyword = CustomAnalyzer.builder().withTokenizer(KeywordTokenizerFactory.class)
                    .addTokenFilter(LowerCaseFilterFactory.class).build();
            return new PerFieldAnalyzerWrapper(new StandardAnalyzer(),
                    Map.of(LIST, keyword, SECTOR, keyword, TLP, keyword, FROM, keyword));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Document document(Submission s) {
        Document d = new Document();
        d.add(new StringField(ID, Long.toString(s.seq()), Field.Store.NO));
        d.add(new StoredField(SEQ, s.seq()));
        d.add(new NumericDocValuesField(SEQ, s.seq()));
        d.add(new StringField(LIST, s.listName().toLowerCase(Locale.ROOT), Field.Store.YES));
        s.sector().ifPresent(v -> d.add(new StringField(SECTOR, v.toLowerCase(Locale.ROOT), Field.Store.YES)));
        d.add(new StringField(TLP, s.tlp().code().toLowerCase(Locale.ROOT), Field.Store.YES));
        d.add(new StringField(FROM, s.sender().toLowerCase(Locale.ROOT), Field.Store.YES));
        s.organisation().ifPresent(v -> d.add(new TextField(ORG, v, Field.Store.YES)));
        d.add(new TextField(SUBJECT, s.subject(), Field.Store.YES));
        d.add(new TextField(BODY, s.textBody(), Field.Store.NO));
        long millis = s.receivedAt().toEpochMilli();
        d.add(new LongPoint(RECEIVED, millis));
        d.add(new StoredField(RECEIVED, millis));
        d.add(new NumericDocValuesField(RECEIVED, millis));
        return d;
    }
}
