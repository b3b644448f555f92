package org.infohub.admin.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.infohub.core.member.HubList;
import org.infohub.core.share.ShareTokens;
import org.infohub.core.share.Stix;

import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * A read-only TAXII 2.1 server: discovery ({@code /taxii2/}), one API root ({@code /taxii2/api/}),
 * its collections, and their objects with {@code added_after}, {@code limit} and {@code next}.
 * A collection per list for the organisation whose token ({@code Authorization: Bearer}) is
 * given, showing only what reached it; and a public collection of the Public Zone's released
 * items, readable without a token. Every answer is {@code application/taxii+json;version=2.1}.
 */
final class TaxiiRoutes {
    static final String TAXII = "application/taxii+json;version=2.1";
    private static final String STIX_MEDIA = "application/stix+json;version=2.1";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final SharedItems items;
    private final ShareTokens tokens;
    private final Stix stix;
    private final String hubDomain;
    private final String programme;
    private final String publicUrl;

    /** A collection as this reader may see it: a list's (member) or the public one. */
    private record Collection(String id, String title, String description, Optional<HubList> list) {
    }

    TaxiiRoutes(SharedItems items, ShareTokens tokens, String hubDomain, String programme, String publicUrl) {
        this.items = items;
        this.tokens = tokens;
        this.stix = new Stix(hubDomain, programme);
        this.hubDomain = hubDomain;
        this.programme = programme;
        this.publicUrl = publicUrl;
    }

    void add(Javalin app) {
        app.before("/taxii2/*", this::accept);
        app.get("/taxii2/", ctx -> json(ctx, Map.of("title", programme + " TAXII server", "description",
                "Indicators and reports shared through " + programme + ", as STIX 2.1", "default", publicUrl + "/taxii2/api/",
                "api_roots", List.of(publicUrl + "/taxii2/api/"))));
        app.get("/taxii2/api/", ctx -> json(ctx, Map.of("title", programme, "description", "Lists of " + programme
                + " (with the organisation's token) and its Public Zone", "versions", List.of(TAXII), "max_content_length",
                1_000_000)));
        app.get("/taxii2/api/collections/", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Collection c : collections(ctx)) {
                out.add(describe(c));
            }
            json(ctx, Map.of("collections", out));
        });
        app.get("/taxii2/api/collections/{id}/", ctx -> find(ctx).ifPresent(c -> json(ctx, describe(c))));
        app.get("/taxii2/api/collections/{id}/objects/", this::objects);
    }

    /** A TAXII client asks for TAXII (or anything); other media types are refused with 406. */
    private void accept(Context ctx) {
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("*/*");
        if (!accept.contains("application/taxii+json") && !accept.contains("*/*") && !accept.contains("application/*")) {
            error(ctx, 406, "Not acceptable", "this server answers " + TAXII);
            ctx.skipRemainingHandlers();
        }
    }

    private Optional<Long> organisation(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.startsWith("Bearer ") ? tokens.organisation(header.substring(7)) : Optional.empty();
    }

    private Collection publicCollection() {
        return new Collection(Stix.uuid5("collection:" + hubDomain + ":public").toString(), "Public Zone",
                "Items released to the public (TLP:CLEAR, redacted)", Optional.empty());
    }

    private List<Collection> collections(Context ctx) {
        List<Collection> out = new ArrayList<>();
        out.add(publicCollection());
        organisation(ctx).ifPresent(org -> {
            for (HubList l : items.lists(org)) {
                out.add(new Collection(Stix.uuid5("collection:" + hubDomain + ":" + l.localPart()).toString(),
                        l.localPart() + "@" + hubDomain, l.name() + ": the posts that reached your organisation (never TLP:RED)",
                        Optional.of(l)));
            }
        });
        return out;
    }

    /** The collection of the path, or a TAXII error: 401 without a token, 404 for one this reader may not see. */
    private Optional<Collection> find(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<Collection> c = collections(ctx).stream().filter(x -> x.id().equals(id)).findFirst();
        if (c.isEmpty()) {
            if (organisation(ctx).isEmpty()) {
                ctx.header("WWW-Authenticate", "Bearer");
                error(ctx, 401, "Unauthorized", "a member collection needs your organisation's token (Authorization: Bearer)");
            } else {
                error(ctx, 404, "Not found", "no collection " + id + " for your organisation");
            }
        }
        return c;
    }

    private Map<String, Object> describe(Collection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("title", c.title());
        m.put("description", c.description());
        m.put("can_read", true);
        m.put("can_write", false);
        m.put("media_types", List.of(STIX_MEDIA));
        return m;
    }

    private void objects(Context ctx) {
        Optional<Collection> found = find(ctx);
        if (found.isEmpty()) {
            return;
        }
        Instant after = Instant.EPOCH;
        String addedAfter = ctx.queryParam("added_after");
        if (addedAfter != null) {
            try {
                after = Instant.parse(addedAfter);
            } catch (DateTimeParseException e) {
                error(ctx, 400, "Bad request", "added_after '" + addedAfter + "' is not a timestamp (such as 2026-12-01T00:00:00Z)");
                return;
            }
        }
        int limit = DEFAULT_LIMIT;
        long cursor = 0;
        try {
            if (ctx.queryParam("limit") != null) {
                limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(ctx.queryParam("limit"))));
            }
            if (ctx.queryParam("next") != null) {
                cursor = Long.parseLong(ctx.queryParam("next"));
            }
        } catch (NumberFormatException e) {
            error(ctx, 400, "Bad request", "limit and next are numbers");
            return;
        }
        Collection c = found.get();
        SharedItems.Page page = c.list().isPresent()
                ? items.ofList(organisation(ctx).orElseThrow(), c.list().get(), after, cursor, limit)
                : items.released(after, cursor, limit);
        Set<String> seen = new LinkedHashSet<>();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Stix.Item item : page.items()) {
            for (Map<String, Object> o : stix.objects(item)) {
                if (seen.add((String) o.get("id"))) {
                    objects.add(o);
                }
            }
        }
        if (!page.items().isEmpty()) {
            ctx.header("X-TAXII-Date-Added-First", Stix.time(page.items().get(0).created()));
            ctx.header("X-TAXII-Date-Added-Last", Stix.time(page.items().get(page.items().size() - 1).created()));
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("more", page.more());
        if (page.more()) {
            envelope.put("next", Long.toString(page.cursor()));
        }
        if (!objects.isEmpty()) {
            envelope.put("objects", objects);
        }
        json(ctx, envelope);
    }

    private static void json(Context ctx, Object body) {
        ctx.json(body);
        ctx.contentType(TAXII);
    }

    private static void error(Context ctx, int status, String title, String description) {
        ctx.status(status);
        json(ctx, Map.of("title", title, "description", description, "http_status", Integer.toString(status)));
    }
}
