package org.infohub.admin.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.member.HubList;
import org.infohub.core.share.Misp;
import org.infohub.core.share.ShareTokens;
import org.infohub.core.share.Stix;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/**
 * The MISP feeds: {@code /misp/public/} (the Public Zone's released items, no token) and
 * {@code /misp/members/} (the posts that reached the token's organisation, never TLP:RED), each
 * with {@code manifest.json}, {@code UUID.json} per event and {@code hashes.csv}, as a MISP
 * instance's feed subscription reads them (a member's feed with the header
 * {@code Authorization: Bearer TOKEN}). The newest {@value #LIMIT} items of each audience.
 */
final class MispFeedRoutes {
    static final int LIMIT = 2000;

    private final SharedItems items;
    private final ShareTokens tokens;
    private final Misp misp;

    MispFeedRoutes(SharedItems items, ShareTokens tokens, String hubDomain, String programme) {
        this.items = items;
        this.tokens = tokens;
        this.misp = new Misp(hubDomain, programme);
    }

    void add(Javalin app) {
        app.get("/misp/{audience}/manifest.json", ctx -> {
            Map<String, Object> manifest = new LinkedHashMap<>();
            for (Stix.Item item : feed(ctx)) {
                manifest.put(misp.eventUuid(item), misp.manifestEntry(item));
            }
            ctx.json(manifest);
        });
        app.get("/misp/{audience}/hashes.csv", ctx -> {
            StringBuilder sb = new StringBuilder();
            for (Stix.Item item : feed(ctx)) {
                misp.hashLines(item).forEach(l -> sb.append(l).append('\n'));
            }
            ctx.contentType("text/csv; charset=utf-8").result(sb.toString());
        });
        app.get("/misp/{audience}/{event}", ctx -> {
            String file = ctx.pathParam("event");
            if (!file.endsWith(".json")) {
                throw new NotFoundResponse("No such event.");
            }
            String uuid = file.substring(0, file.length() - 5);
            Stix.Item item = feed(ctx).stream().filter(i -> misp.eventUuid(i).equals(uuid)).findFirst()
                    .orElseThrow(() -> new NotFoundResponse("No such event."));
            ctx.json(misp.event(item));
        });
    }

    /** The audience's items, newest last; a member feed without a valid token is 401. */
    private List<Stix.Item> feed(Context ctx) {
        String audience = ctx.pathParam("audience");
        List<Stix.Item> out = new ArrayList<>();
        if (audience.equals("public")) {
            collect(cursor -> items.released(Instant.EPOCH, cursor, 500), out);
            return tail(out);
        }
        if (!audience.equals("members")) {
            throw new NotFoundResponse("No such feed: /misp/public/ or /misp/members/.");
        }
        String header = ctx.header("Authorization");
        Optional<Long> org = header != null && header.startsWith("Bearer ") ? tokens.organisation(header.substring(7))
                : Optional.empty();
        if (org.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new io.javalin.http.UnauthorizedResponse("the members' feed needs your organisation's token "
                    + "(Authorization: Bearer)");
        }
        for (HubList l : items.lists(org.get())) {
            collect(cursor -> items.ofList(org.get(), l, Instant.EPOCH, cursor, 500), out);
        }
        out.sort(java.util.Comparator.comparing(Stix.Item::created));
        return tail(out);
    }

    private static void collect(java.util.function.LongFunction<SharedItems.Page> read, List<Stix.Item> out) {
        long cursor = 0;
        while (true) {
            SharedItems.Page p = read.apply(cursor);
            out.addAll(p.items());
            cursor = p.cursor();
            if (!p.more()) {
                return;
            }
        }
    }

    private static List<Stix.Item> tail(List<Stix.Item> all) {
        return all.size() <= LIMIT ? all : all.subList(all.size() - LIMIT, all.size());
    }
}
