package org.infohub.admin.search;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import org.infohub.admin.ConfigOptions;
import org.infohub.admin.ExitCodes;
import org.infohub.core.config.HubConfig;
import org.infohub.indexer.IndexReaderSearch;
import org.infohub.indexer.SearchException;
import org.infohub.indexer.SearchHit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./infohub search "QUERY"}: one hit per line, tab-separated. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the archive. Prints one hit per line: archive id, date (UTC), list, TLP, subject.",
                "Words are all required; use quotes for phrases, OR and NOT, and list:, sector:, tlp:, from:, "
                        + "org:, subject: to filter."})
public class SearchCommand implements Callable<Integer> {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Parameters(paramLabel = "QUERY", description = "what to look for")
    String query;

    @Option(names = "--limit", defaultValue = "20", description = "most hits to print (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HubConfig config = options.load();
        try (IndexReaderSearch index = IndexReaderSearch.open(config.indexDir())) {
            List<SearchHit> hits = index.search().search(query, limit);
            for (SearchHit h : hits) {
                out.println(h.seq() + "\t" + DATE.format(h.received()) + "\t" + h.list() + "\t" + h.tlp() + "\t"
                        + h.subject().replaceAll("[\\r\\n\\t]+", " "));
            }
            if (hits.isEmpty()) {
                err.println("no post matches " + query);
            }
            return ExitCodes.OK;
        } catch (SearchException e) {
            err.println("infohub: " + e.getMessage());
            return ExitCodes.REFUSED;
        }
    }
}
