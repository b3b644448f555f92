package org.infohub.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.infohub.core.member.Page;

import io.javalin.http.Context;

/**
 * Search, filters, sort and paging of one list page, read from the query string; builds the
 * links, which keep the search and the filters.
 */
public record Listing(String path, String search, Map<String, String> filters, String sort, boolean desc, int page,
                      int pages, long total) {
    static final int SIZE = 25;

    /** Reads {@code q}, {@code sort}, {@code desc}, {@code page} and the named filters. */
    static Listing from(Context ctx, String path, String defaultSort, String... filterNames) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String f : filterNames) {
            filters.put(f, param(ctx, f));
        }
        String sort = param(ctx, "sort");
        return new Listing(path, param(ctx, "q"), filters, sort.isEmpty() ? defaultSort : sort, "1".equals(param(ctx, "desc")),
                Pages.intQuery(ctx, "page", 1), 1, 0);
    }

    /** The same, newest first unless the link asked for an order. */
    static Listing newestFirst(Context ctx, String path, String dateColumn, String... filterNames) {
        Listing l = from(ctx, path, dateColumn, filterNames);
        return ctx.queryParam("sort") == null ? new Listing(path, l.search, l.filters, dateColumn, true, l.page, 1, 0) : l;
    }

    Listing with(Page<?> p) {
        return new Listing(path, search, filters, sort, desc, p.page(), p.pages(), p.total());
    }

    public String filter(String name) {
        return filters.getOrDefault(name, "");
    }

    /** The link that sorts by {@code column}; again on the same column reverses the order. */
    public String sortLink(String column) {
        boolean d = column.equals(sort) && !desc;
        return path + "?q=" + enc(search) + filterParams() + "&sort=" + enc(column) + (d ? "&desc=1" : "");
    }

    public String pageLink(int n) {
        return path + "?q=" + enc(search) + filterParams() + "&sort=" + enc(sort) + (desc ? "&desc=1" : "") + "&page=" + n;
    }

    private String filterParams() {
        StringBuilder sb = new StringBuilder();
        filters.forEach((k, v) -> {
            if (!v.isEmpty()) {
                sb.append('&').append(enc(k)).append('=').append(enc(v));
            }
        });
        return sb.toString();
    }

    public String arrow(String column) {
        return column.equals(sort) ? (desc ? " \u25BC" : " \u25B2") : "";
    }

    /** {@code aria-sort} of a column heading. */
    public String ariaSort(String column) {
        return column.equals(sort) ? (desc ? "descending" : "ascending") : null;
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }

    /** The page numbers the pager shows: the first, the last, two either side of this one; 0 marks a gap. */
    public List<Integer> pageNumbers() {
        List<Integer> out = new ArrayList<>();
        int last = 0;
        for (int n = 1; n <= pages; n++) {
            if (n == 1 || n == pages || Math.abs(n - page) <= 2) {
                if (last != 0 && n > last + 1) {
                    out.add(0);
                }
                out.add(n);
                last = n;
            }
        }
        return out;
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v.strip();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
