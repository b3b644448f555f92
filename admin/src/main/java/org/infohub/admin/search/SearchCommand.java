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
import org.infohub.indexer.ArchiveSearch;
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
                "Words are all required; use quotes for phrases, OR and NOT; list:, sector:, tlp:, from:, org:, "
                        + "subject: filter by field; after:YYYY-MM-DD and before:YYYY-MM-DD by date; ip:, cidr:, "
                        + "domain: (subdomains too), url:, email:, hash:, cve: by indicator (defanged values are fine)."})
public class SearchCommand implements Callable<Integer> {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Parameters(paramLabel = "QUERY", description = "what to look for")
    String query;

    @Option(names = "--limit", defaultValue = "20", description = "hits per page (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--page", defaultValue = "1", description = "which page of hits (default: ${DEFAULT-VALUE})")
    int page;

    @Option(names = "--order", defaultValue = "relevance", description = "relevance or date (newest first)")
    String order;

    @Option(names = "--facets", description = "also print how many hits each list, sector, TLP, organisation and month has")
    boolean facets;

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
            ArchiveSearch.Order o = "date".equalsIgnoreCase(order) ? ArchiveSearch.Order.DATE : ArchiveSearch.Order.RELEVANCE;
            if (!order.equalsIgnoreCase("date") && !order.equalsIgnoreCase("relevance")) {
                err.println("infohub: --order " + order + ": use relevance or date");
                return ExitCodes.USAGE;
            }
            ArchiveSearch.Result result = index.search().search(query, o, Math.max(1, page), Math.max(1, limit), facets);
            List<SearchHit> hits = result.hits();
            for (SearchHit h : hits) {
                out.println(h.seq() + "\t" + DATE.format(h.received()) + "\t" + h.list() + "\t" + h.tlp() + "\t"
                        + h.subject().replaceAll("[\\r\\n\\t]+", " "));
            }
            if (hits.isEmpty()) {
                err.println("no post matches " + query);
            } else {
                err.println("page " + result.page() + " of " + result.pages() + ", " + result.total() + " post(s) in all");
            }
            if (facets) {
                result.facets().forEach((dim, counts) -> out.println("# " + dim + ": " + counts.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "))));
            }
            return ExitCodes.OK;
        } catch (SearchException e) {
            err.println("infohub: " + e.getMessage());
            return ExitCodes.REFUSED;
        }
    }
}
