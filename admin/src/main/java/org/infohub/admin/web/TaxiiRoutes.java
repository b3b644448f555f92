package org.infohub.admin.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.infohub.core.member.HubList;
import org.infohub.core.share.ShareTokens;
import org.infohub.core.share.Stix;
import org.infohub.core.share.StixIds;
import org.infohub.core.tlp.Tlp;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * A read-only TAXII 2.1 server (OASIS TAXII 2.1, section 4 and 5): discovery ({@code /taxii2/}),
 * one API root ({@code /taxii2/api/}), its collections, and in each collection the objects, one
 * object, its versions and the manifest, with {@code added_after}, {@code limit} (counting
 * objects), {@code next} and every {@code match[...]} filter the standard defines. A collection per
 * list for the organisation whose token ({@code Authorization: Bearer}) is given, showing only what
 * reached it; and a public collection of the Public Zone's released items, readable without a token.
 * Every answer, errors included, is {@code application/taxii+json;version=2.1}; every error is a
 * TAXII error message.
 *
 * <p>A collection's objects are its hub identity and the TLP marking definitions it uses (added when
 * the collection began), then each item's report, indicators and vulnerabilities, added when the item
 * was shared. Each object has one version (its {@code modified}, or {@code created}).
 */
final class TaxiiRoutes {
    static final String TAXII = "application/taxii+json;version=2.1";
    private static final String STIX_MEDIA = "application/stix+json;version=2.1";
    private static final String ROOT = "/taxii2/api/";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    /** Items read at most for one page: a filter that matches little cannot make one request read everything. */
    private static final int MAX_ITEMS_SCANNED = 2000;
    /** When a collection began: the date_added of its identity and marking definitions. */
    private static final Instant COLLECTION_START = Instant.parse(Stix.IDENTITY_CREATED);

    private final SharedItems items;
    private final ShareTokens tokens;
    private final StixIds ids;
    private final Stix stix;
    private final String hubDomain;
    private final String programme;
    private final String publicUrl;

    /** A collection as this reader may see it: a list's (member) or the public one. */
    private record Collection(String id, String title, String description, Optional<HubList> list) {
    }

    /** An object as a collection holds it: when it was added, its version, and the item it came with (0: the collection's). */
    private record Held(Map<String, Object> object, Instant dateAdded, String version, long item, int index) {
        String id() {
            return (String) object.get("id");
        }

        String type() {
            return (String) object.get("type");
        }
    }

    /** A bad request parameter: answered with 400 and its reason. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The filters of one request (TAXII 2.1, 3.4). */
    private record Filters(Instant addedAfter, int limit, Optional<long[]> next, Optional<Set<String>> ids,
                           Optional<Set<String>> types, List<String> versions, Optional<Set<String>> specVersions) {
        boolean matches(Held h) {
            return h.dateAdded().isAfter(addedAfter) && ids.map(s -> s.contains(h.id())).orElse(true)
                    && types.map(s -> s.contains(h.type())).orElse(true)
                    && specVersions.map(s -> s.contains("2.1")).orElse(true) && versionMatches(h.version());
        }

        /** One version per object: it is the first, the last and all of them; a timestamp must be it. */
        private boolean versionMatches(String version) {
            for (String v : versions) {
                if (v.equals("last") || v.equals("first") || v.equals("all") || Instant.parse(v).equals(Instant.parse(version))) {
                    return true;
                }
            }
            return false;
        }
    }

    TaxiiRoutes(SharedItems items, ShareTokens tokens, String hubDomain, String programme, String publicUrl) {
        this.items = items;
        this.tokens = tokens;
        this.ids = new StixIds(items.jdbc);
        this.stix = new Stix(hubDomain, programme, ids);
        this.hubDomain = hubDomain;
        this.programme = programme;
        this.publicUrl = publicUrl;
    }

    void add(Javalin app) {
        app.before("/taxii2/*", this::negotiate);
        app.get("/taxii2/", ctx -> json(ctx, Map.of("title", programme + " TAXII server", "description",
                "Indicators and reports shared through " + programme + ", as STIX 2.1", "default", publicUrl + ROOT,
                "api_roots", List.of(publicUrl + ROOT))));
        app.get(ROOT, ctx -> json(ctx, Map.of("title", programme, "description", "Lists of " + programme
                + " (with the organisation's token) and its Public Zone", "versions", List.of(TAXII), "max_content_length",
                1_000_000)));
        app.get(ROOT + "collections/", ctx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Collection c : collections(ctx)) {
                out.add(describe(c));
            }
            json(ctx, Map.of("collections", out));
        });
        app.get(ROOT + "collections/{id}/", ctx -> find(ctx).ifPresent(c -> json(ctx, describe(c))));
        app.get(ROOT + "collections/{id}/objects/", ctx -> guarded(ctx, this::objects));
        app.get(ROOT + "collections/{id}/manifest/", ctx -> guarded(ctx, this::manifest));
        app.get(ROOT + "collections/{id}/objects/{object}/", ctx -> guarded(ctx, this::object));
        app.get(ROOT + "collections/{id}/objects/{object}/versions/", ctx -> guarded(ctx, this::versions));
        // Read-only: adding or deleting is refused where the collection exists for this reader (403).
        app.post(ROOT + "collections/{id}/objects/", ctx -> find(ctx).ifPresent(c -> error(ctx, 403, "Forbidden",
                "collection " + c.id() + " is read-only (can_write is false)")));
        app.delete(ROOT + "collections/{id}/objects/{object}/", ctx -> find(ctx).ifPresent(c -> error(ctx, 403, "Forbidden",
                "collection " + c.id() + " is read-only (can_write is false)")));
        app.get(ROOT + "status/{status}/", ctx -> error(ctx, 404, "Not found",
                "no status " + ctx.pathParam("status") + ": this server takes no objects, so it has no status resources"));
        // Anything else under /taxii2/: a TAXII error, never the web server's plain text.
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
                HandlerType.DELETE)) {
            app.addHttpHandler(method, "/taxii2/*", ctx -> {
                if (ctx.method() == HandlerType.GET) {
                    error(ctx, 404, "Not found", "no TAXII resource at " + ctx.path() + " (the API root is " + ROOT + ")");
                } else {
                    ctx.header("Allow", "GET");
                    error(ctx, 405, "Method not allowed", ctx.method() + " is not served at " + ctx.path()
                            + ": this TAXII server is read-only");
                }
            });
        }
    }

    /**
     * Content negotiation and authentication before every TAXII request: the client must accept
     * TAXII 2.1 (406 otherwise) and a token it sends must be valid (401 otherwise: a wrong token never
     * reads the public view as if none had been sent).
     */
    private void negotiate(Context ctx) {
        if (!acceptable(ctx.header("Accept"))) {
            error(ctx, 406, "Not acceptable", "this server answers " + TAXII + " only");
            ctx.skipRemainingHandlers();
            return;
        }
        String auth = ctx.header("Authorization");
        if (auth != null && organisation(ctx).isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            error(ctx, 401, "Unauthorized", "the token is not valid (expired, revoked or mistyped); send an organisation's "
                    + "token as Authorization: Bearer, or none for the public collection");
            ctx.skipRemainingHandlers();
        }
    }

    /** Whether an Accept header admits TAXII 2.1 (TAXII 2.1, 1.6.8: no version means the latest, 2.1). */
    static boolean acceptable(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            Optional<String> version = Optional.empty();
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                String key = kv[0].strip().toLowerCase(Locale.ROOT);
                String value = kv.length > 1 ? kv[1].strip().replace("\"", "") : "";
                if (key.equals("version")) {
                    version = Optional.of(value);
                } else if (key.equals("q")) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q <= 0) {
                continue;
            }
            if (type.equals("*/*") || type.equals("application/*")
                    || type.equals("application/taxii+json") && version.map("2.1"::equals).orElse(true)) {
                return true;
            }
        }
        return false;
    }

    private Optional<Long> organisation(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? tokens.organisation(header.substring(7).strip())
                : Optional.empty();
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

    private interface Endpoint {
        void serve(Context ctx, Collection c);
    }

    /** Finds the collection, then serves; a bad parameter is a 400 with its reason. */
    private void guarded(Context ctx, Endpoint endpoint) {
        Optional<Collection> c = find(ctx);
        if (c.isEmpty()) {
            return;
        }
        try {
            endpoint.serve(ctx, c.get());
        } catch (BadRequest e) {
            error(ctx, 400, "Bad request", e.getMessage());
        }
    }

    /** The filters of the request; {@code allowed} names the ones this endpoint takes (others are 400). */
    private static Filters filters(Context ctx, Set<String> allowed) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw new BadRequest("'" + name + "' is not a filter of this endpoint (it takes " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
        Instant after = Instant.EPOCH.minusSeconds(1);
        String addedAfter = ctx.queryParam("added_after");
        if (addedAfter != null) {
            try {
                after = Instant.parse(addedAfter);
            } catch (DateTimeParseException e) {
                throw new BadRequest("added_after '" + addedAfter + "' is not a timestamp (such as 2026-12-01T00:00:00.000Z)");
            }
        }
        int limit = DEFAULT_LIMIT;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l.strip());
            } catch (NumberFormatException e) {
                throw new BadRequest("limit '" + l + "' is not a whole number");
            }
            if (limit < 1) {
                throw new BadRequest("limit must be 1 or more (it was " + limit + ")");
            }
            limit = Math.min(limit, MAX_LIMIT);
        }
        Optional<long[]> next = Optional.empty();
        String n = ctx.queryParam("next");
        if (n != null) {
            String[] parts = n.split("\\.", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                long item = Long.parseLong(parts[0]);
                long index = Long.parseLong(parts[1]);
                if (item < 0 || index < 0) {
                    throw new NumberFormatException();
                }
                next = Optional.of(new long[] {item, index});
            } catch (NumberFormatException e) {
                throw new BadRequest("next '" + n + "' is not a value this server gave");
            }
        }
        List<String> versions = list(ctx, "match[version]").map(List::copyOf).orElse(List.of("last"));
        for (String v : versions) {
            if (!Set.of("last", "first", "all").contains(v)) {
                try {
                    Instant.parse(v);
                } catch (DateTimeParseException e) {
                    throw new BadRequest("match[version] '" + v + "' is neither last, first, all nor a timestamp");
                }
            }
        }
        return new Filters(after, limit, next, list(ctx, "match[id]").map(Set::copyOf), list(ctx, "match[type]").map(Set::copyOf),
                versions, list(ctx, "match[spec_version]").map(Set::copyOf));
    }

    /** A filter's comma-separated values (TAXII 2.1, 3.4.2: a logical OR); empty when absent. */
    private static Optional<List<String>> list(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return Optional.empty();
        }
        List<String> values = Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (values.isEmpty()) {
            throw new BadRequest(name + " has no value");
        }
        return Optional.of(values);
    }

    private static final Set<String> OBJECTS_FILTERS = Set.of("added_after", "limit", "next", "match[id]", "match[type]",
            "match[version]", "match[spec_version]");
    private static final Set<String> OBJECT_FILTERS = Set.of("added_after", "limit", "next", "match[version]",
            "match[spec_version]");
    private static final Set<String> VERSIONS_FILTERS = Set.of("added_after", "limit", "next", "match[spec_version]");

    /** One page of a collection's objects that pass {@code filters}, and where the next begins. */
    private record Selection(List<Held> objects, boolean more, String next) {
    }

    /** The collection's objects in order, after {@code filters.next}, that pass {@code keep}, at most {@code limit}. */
    private Selection select(Context ctx, Collection c, Filters filters, Predicate<Held> keep) {
        long startItem = filters.next().map(x -> x[0]).orElse(0L);
        long startIndex = filters.next().map(x -> x[1]).orElse(0L);
        List<Held> out = new ArrayList<>();
        if (startItem == 0) {
            List<Held> own = collectionObjects(c);
            for (int i = (int) Math.min(startIndex, own.size()); i < own.size(); i++) {
                if (keep.test(own.get(i))) {
                    if (out.size() == filters.limit()) {
                        return new Selection(out, true, "0." + i);
                    }
                    out.add(own.get(i));
                }
            }
        }
        long cursor = startItem == 0 ? 0 : startItem - 1;
        int scanned = 0;
        Optional<Long> org = organisation(ctx);
        while (true) {
            int batch = Math.min(200, MAX_ITEMS_SCANNED - scanned);
            SharedItems.Page page = c.list().isPresent()
                    ? items.ofList(org.orElseThrow(), c.list().get(), filters.addedAfter(), cursor, batch)
                    : items.released(filters.addedAfter(), cursor, batch);
            for (Stix.Item item : page.items()) {
                long number = number(item);
                List<Map<String, Object>> objects = stix.objects(item);
                int from = number == startItem ? (int) Math.min(startIndex, objects.size()) : 0;
                for (int i = from; i < objects.size(); i++) {
                    Held h = held(objects.get(i), item, number, i);
                    if (keep.test(h)) {
                        if (out.size() == filters.limit()) {
                            return new Selection(out, true, number + "." + i);
                        }
                        out.add(h);
                    }
                }
                cursor = number;
            }
            scanned += page.items().size();
            if (!page.more()) {
                return new Selection(out, false, null);
            }
            if (scanned >= MAX_ITEMS_SCANNED) {
                // Fewer than limit so far, and more to read: the client asks again from here (TAXII allows a short page).
                return new Selection(out, true, (cursor + 1) + ".0");
            }
        }
    }

    private static long number(Stix.Item item) {
        return Long.parseLong(item.key().substring(item.key().indexOf(':') + 1));
    }

    private static Held held(Map<String, Object> o, Stix.Item item, long number, int index) {
        String version = (String) o.getOrDefault("modified", o.get("created"));
        return new Held(o, item.created(), version, number, index);
    }

    /** The collection's own objects: the hub's identity and the marking definitions of the labels it can carry. */
    private List<Held> collectionObjects(Collection c) {
        List<Held> out = new ArrayList<>();
        out.add(new Held(stix.identity(), COLLECTION_START, Stix.IDENTITY_CREATED, 0, 0));
        List<Tlp> labels = c.list().isPresent() ? List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT) : List.of(Tlp.CLEAR);
        int i = 1;
        for (Tlp t : labels) {
            out.add(new Held(Stix.marking(t), COLLECTION_START, Stix.MARKING_CREATED, 0, i++));
        }
        return out;
    }

    private void objects(Context ctx, Collection c) {
        Filters f = filters(ctx, OBJECTS_FILTERS);
        Selection s = select(ctx, c, f, f::matches);
        envelope(ctx, s, s.objects().stream().map(Held::object).toList(), "objects");
    }

    private void manifest(Context ctx, Collection c) {
        Filters f = filters(ctx, OBJECTS_FILTERS);
        Selection s = select(ctx, c, f, f::matches);
        List<Map<String, Object>> records = new ArrayList<>();
        for (Held h : s.objects()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", h.id());
            m.put("date_added", Stix.time(h.dateAdded()));
            m.put("version", h.version());
            m.put("media_type", STIX_MEDIA);
            records.add(m);
        }
        envelope(ctx, s, records, "objects");
    }

    /** The object of the path as this collection holds it, or a 404 TAXII error. */
    private Optional<Held> one(Context ctx, Collection c) {
        String objectId = ctx.pathParam("object");
        Optional<Held> found = Optional.empty();
        for (Held h : collectionObjects(c)) {
            if (h.id().equals(objectId)) {
                found = Optional.of(h);
            }
        }
        if (found.isEmpty()) {
            Optional<Long> org = organisation(ctx);
            found = ids.itemOf(objectId)
                    .flatMap(key -> items.inCollection(key, org, c.list()))
                    .flatMap(item -> {
                        List<Map<String, Object>> objects = stix.objects(item);
                        for (int i = 0; i < objects.size(); i++) {
                            if (objectId.equals(objects.get(i).get("id"))) {
                                return Optional.of(held(objects.get(i), item, number(item), i));
                            }
                        }
                        return Optional.empty();
                    });
        }
        if (found.isEmpty()) {
            error(ctx, 404, "Not found", "no object " + objectId + " in collection " + c.id());
        }
        return found;
    }

    private void object(Context ctx, Collection c) {
        Filters f = filters(ctx, OBJECT_FILTERS);
        one(ctx, c).ifPresent(h -> {
            List<Held> kept = f.next().isPresent() || !f.matches(h) ? List.of() : List.of(h);
            envelope(ctx, new Selection(kept, false, null), kept.stream().map(Held::object).toList(), "objects");
        });
    }

    private void versions(Context ctx, Collection c) {
        Filters f = filters(ctx, VERSIONS_FILTERS);
        one(ctx, c).ifPresent(h -> {
            List<Held> kept = f.next().isPresent() || !f.matches(h) ? List.of() : List.of(h);
            Selection s = new Selection(kept, false, null);
            envelope(ctx, s, kept.stream().map(Held::version).toList(), "versions");
        });
    }

    /** An envelope (or versions or manifest resource): more, next, the list, and the date_added headers. */
    private static void envelope(Context ctx, Selection s, List<?> list, String name) {
        if (!s.objects().isEmpty()) {
            ctx.header("X-TAXII-Date-Added-First", Stix.time(s.objects().get(0).dateAdded()));
            ctx.header("X-TAXII-Date-Added-Last", Stix.time(s.objects().get(s.objects().size() - 1).dateAdded()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("more", s.more());
        if (s.more()) {
            body.put("next", s.next());
        }
        if (!list.isEmpty()) {
            body.put(name, list);
        }
        json(ctx, body);
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
