package org.infohub.admin.web;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** The links behind facet values: the current query with that value's filter added. */
public record SearchFacets(String query, String order) {

    /** The filter that selects posts with {@code value} in facet {@code dim}. */
    public String filter(String dim, String value) {
        return switch (dim) {
            case "org" -> "org:\"" + value.replace("\"", "") + "\"";
            case "sender" -> "from:" + value.replace(" ", "").replace("\"", "");
            case "month" -> {
                try {
                    YearMonth m = YearMonth.parse(value);
                    yield "after:" + m.atDay(1) + " before:" + m.plusMonths(1).atDay(1);
                } catch (DateTimeParseException e) {
                    yield "";
                }
            }
            default -> dim + ":" + value.replace(' ', '+');
        };
    }

    /** Whether the query already holds this filter (the link would change nothing). */
    public boolean active(String dim, String value) {
        String f = filter(dim, value);
        return !f.isEmpty() && (" " + query + " ").contains(" " + f + " ");
    }

    public String link(String dim, String value) {
        String f = filter(dim, value);
        String q = query.isBlank() ? f : query + " " + f;
        return "/console/search?q=" + Listing.enc(q.strip()) + "&order=" + order;
    }

    /** The same search as CSV. */
    public String csvLink() {
        return "/console/search.csv?q=" + Listing.enc(query) + "&order=" + order;
    }

    /** The indicators of every post found, one a line, fanged or defanged. */
    public String indicatorsLink(boolean defang) {
        return "/console/search/indicators.txt?q=" + Listing.enc(query) + "&order=" + order + (defang ? "&defang=1" : "");
    }

    /** What a facet dimension is called on the page. */
    public String title(String dim) {
        return title(org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN), dim);
    }

    /** The same in the page's language. */
    public String title(org.infohub.core.i18n.Messages t, String dim) {
        return switch (dim) {
            case "kind", "list", "sector", "tlp", "org", "sender", "month" -> t.get("console.facet." + dim);
            default -> dim;
        };
    }
}
