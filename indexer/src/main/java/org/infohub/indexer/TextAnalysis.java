package org.infohub.indexer;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.spans.SpanNearQuery;
import org.apache.lucene.queries.spans.SpanQuery;
import org.apache.lucene.queries.spans.SpanTermQuery;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.search.Query;

/**
 * How the text of posts (subject and body) is cut into terms, for English and Chinese written
 * together: the ways measured by {@code bench/search-zh} on a judged set of Chinese and mixed
 * posts, and the one the index uses ({@link #CHOSEN}). Chinese has no spaces between words, so the
 * standard analyzer makes each character a term and a query for {@code 比特幣} finds any post with
 * 比, 特 and 幣 anywhere ({@code 比較}, {@code 特別}, {@code 港幣}); overlapping pairs of characters
 * (bigrams) or searching a query's characters near each other keep the words together, as the
 * figures in {@code bench/README.md} show.
 */
public enum TextAnalysis {
    /** The standard analyzer: Latin words, each Chinese character a term; a query's terms ANDed. */
    STANDARD,
    /** The same terms, a query's Chinese characters searched as a phrase (next to each other). */
    STANDARD_PHRASES,
    /**
     * The same terms, a query's characters searched near each other (two moves at most):
     * {@code 比特幣} is not found in {@code 比較}, {@code 特別} and {@code 港幣} apart. The index is
     * the standard one: choosing this changes no index.
     */
    STANDARD_NEAR,
    /** Latin words as before; Chinese as overlapping pairs of characters (a lone character kept alone); full-width forms folded. */
    CJK_BIGRAMS;

    /** How many positions a phrase's terms may move for {@link #STANDARD_NEAR}. */
    static final int NEAR = 2;

    /**
     * The one the index and every search use (the best precision at 10 on the judged set, and
     * nearly all hits relevant; see {@code bench/README.md}). A choice with another analyzer
     * changes {@link IndexFields#LAYOUT}.
     */
    public static final TextAnalysis CHOSEN = STANDARD_NEAR;

    public Analyzer analyzer() {
        return switch (this) {
            case STANDARD, STANDARD_PHRASES, STANDARD_NEAR -> new StandardAnalyzer();
            case CJK_BIGRAMS -> new Analyzer() {
                @Override
                protected TokenStreamComponents createComponents(String fieldName) {
                    Tokenizer source = new StandardTokenizer();
                    TokenStream result = new CJKWidthFilter(source);
                    result = new LowerCaseFilter(result);
                    // Han only: Hangul, Hiragana and Katakana are not written by the programme's members.
                    result = new CJKBigramFilter(result, CJKBigramFilter.HAN);
                    return new TokenStreamComponents(source, result);
                }

                @Override
                protected TokenStream normalize(String fieldName, TokenStream in) {
                    return new LowerCaseFilter(new CJKWidthFilter(in));
                }
            };
        };
    }

    /**
     * A parser of free text over {@code fields} as this way of analysis reads queries. For
     * {@link #STANDARD_NEAR}, a word of Chinese characters is searched as those characters in their
     * order with at most {@link #NEAR} others between them (a span query: {@code 比特幣} is not found
     * in {@code 港幣...比較...特別}, nor {@code 贖金} in {@code 基金贖回}); a quoted phrase stays exact.
     */
    public MultiFieldQueryParser parser(String[] fields, Analyzer analyzer) {
        MultiFieldQueryParser parser = this != STANDARD_NEAR ? new MultiFieldQueryParser(fields, analyzer)
                : new MultiFieldQueryParser(fields, analyzer) {
                    @Override
                    protected Query newFieldQuery(Analyzer a, String field, String queryText, boolean quoted)
                            throws ParseException {
                        if (!quoted && hasHan(queryText)) {
                            List<String> terms = terms(a, field, queryText);
                            if (terms.size() > 1) {
                                SpanQuery[] clauses = new SpanQuery[terms.size()];
                                for (int i = 0; i < clauses.length; i++) {
                                    clauses[i] = new SpanTermQuery(new Term(field, terms.get(i)));
                                }
                                return new SpanNearQuery(clauses, NEAR, true);
                            }
                        }
                        return super.newFieldQuery(a, field, queryText, quoted);
                    }
                };
        boolean phrases = this != STANDARD;
        // A phrase (or span) per whitespace-separated word: the parser must split on whitespace first.
        parser.setSplitOnWhitespace(phrases);
        parser.setAutoGeneratePhraseQueries(phrases);
        return parser;
    }

    private static boolean hasHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    private static List<String> terms(Analyzer analyzer, String field, String text) throws ParseException {
        List<String> terms = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms.size() < 64) {
                terms.add(term.toString());
            }
            ts.end();
        } catch (java.io.IOException e) {
            throw new ParseException("the query cannot be read: " + e.getMessage());
        }
        return terms;
    }
}
