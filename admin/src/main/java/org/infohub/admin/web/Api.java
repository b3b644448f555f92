package org.infohub.admin.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.member.Page;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/**
 * Reading and answering the JSON API ({@code /api}, for automation): authenticated with
 * {@code Authorization: Bearer <token>} (tokens from {@code ./infohub admin token}). Input that
 * cannot be taken answers 422 with {@code {"errors": {field: message}}}. Each noun's routes
 * serve their own part of it.
 */
final class Api {
    static final String ACTOR = "actor";

    private Api() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(Context ctx) {
        try {
            Map<String, Object> m = ctx.bodyAsClass(Map.class);
            if (m == null) {
                throw new BadRequestResponse("the body must be a JSON object");
            }
            return m;
        } catch (BadRequestResponse e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadRequestResponse("the body must be a JSON object: " + e.getMessage());
        }
    }

    static String str(Map<String, Object> body, String key) {
        Object v = body.get(key);
        return v == null ? "" : v.toString();
    }

    static List<String> strings(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of() : Pages.words(v.toString());
    }

    static String q(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).orElse("");
    }

    static int page(Context ctx) {
        try {
            return Math.max(1, Integer.parseInt(q(ctx, "page")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static int size(Context ctx) {
        try {
            return Math.min(500, Math.max(1, Integer.parseInt(q(ctx, "size"))));
        } catch (NumberFormatException e) {
            return 50;
        }
    }

    static boolean desc(Context ctx) {
        return "1".equals(ctx.queryParam("desc"));
    }

    static Map<String, Object> page(Page<?> p, List<?> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", p.total());
        m.put("page", p.page());
        m.put("pages", p.pages());
        m.put("rows", rows);
        return m;
    }
}
