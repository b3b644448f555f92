package org.infohub.admin.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.infohub.core.member.Page;

import io.javalin.http.Context;

/** Search, sort and paging of one list page, read from the query string; builds the links. */
public record Listing(String path, String search, String sort, boolean desc, int page, int pages, long total) {
    static final int SIZE = 25;

    static Listing from(Context ctx, String path, String defaultSort) {
        String search = param(ctx, "q");
        String sort = param(ctx, "sort");
        int page;
        try {
            page = Math.max(1, Integer.parseInt(param(ctx, "page")));
        } catch (NumberFormatException e) {
            page = 1;
        }
        return new Listing(path, search, sort.isEmpty() ? defaultSort : sort, "1".equals(param(ctx, "desc")), page, 1, 0);
    }

    Listing with(Page<?> p) {
        return new Listing(path, search, sort, desc, p.page(), p.pages(), p.total());
    }

    /** The link that sorts by {@code column}; again on the same column reverses the order. */
    public String sortLink(String column) {
        boolean d = column.equals(sort) && !desc;
        return path + "?q=" + enc(search) + "&sort=" + enc(column) + (d ? "&desc=1" : "");
    }

    public String pageLink(int n) {
        return path + "?q=" + enc(search) + "&sort=" + enc(sort) + (desc ? "&desc=1" : "") + "&page=" + n;
    }

    public String arrow(String column) {
        return column.equals(sort) ? (desc ? " \u25BC" : " \u25B2") : "";
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages;
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v.strip();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
