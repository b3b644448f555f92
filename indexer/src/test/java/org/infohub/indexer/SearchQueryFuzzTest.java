package org.infohub.indexer;

import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The search box's query language (fields, ranges, indicators, Lucene's syntax) on any text: a
 * query it cannot take is a {@link SearchException} with a message for the analyst, never another
 * exception, and its cost is linear in the query.
 */
class SearchQueryFuzzTest {

    @FuzzTest
    void anyQueryShouldParseOrBeRefusedWithAReason(FuzzedDataProvider data) {
        String query = data.consumeRemainingAsString();
        try {
            ArchiveSearch.parse(query);
        } catch (SearchException expected) {
            // refused with a reason the console shows
        }
        ArchiveSearch.recognised(query);
        ArchiveSearch.snippet(query, query);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void parsingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("ArchiveSearch.parse on " + shape, unit, q -> {
            try {
                ArchiveSearch.parse(q);
            } catch (SearchException refused) {
                // refusing is an answer too
            }
            ArchiveSearch.recognised(q);
            ArchiveSearch.snippet(q, q);
        });
    }
}
