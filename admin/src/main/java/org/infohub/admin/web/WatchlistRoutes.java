package org.infohub.admin.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.infohub.core.member.Organisation;
import org.infohub.core.member.ValidationException;
import org.infohub.core.watch.WatchEntry;
import org.infohub.core.watch.Watchlists;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * An organisation's watchlist (address ranges, domains, AS numbers, names), kept on its page:
 * adding an entry also finds the archived posts that named it before ("seen before"), removing
 * one forgets its matches; and {@code /api/organisations/NAME/watchlist}.
 */
final class WatchlistRoutes implements ConsoleRoutes {
    private final ConsoleServices s;
    private final Watchlists watchlists;

    WatchlistRoutes(ConsoleServices services) {
        this.s = services;
        this.watchlists = services.watchlists;
    }

    @Override
    public void add(Javalin app) {
        app.post("/console/organisations/{id}/watchlist", ctx -> {
            Organisation o = byId(ctx);
            WatchEntry e = add(ctx, o, ctx.formParam("type"), ctx.formParam("value"));
            int seen = watchlists.findSeenBefore(e, s.archive);
            Pages.done(ctx, "/console/organisations/" + o.id() + "#watchlist", Pages.say(ctx, s, seen == 0 ? "console.done.watching"
                    : "console.done.watchingSeen", e.type().code() + " " + e.value(), seen));
        });
        app.post("/console/organisations/{id}/watchlist/{entry}/remove", ctx -> {
            Organisation o = byId(ctx);
            WatchEntry e = entry(ctx, o);
            watchlists.remove(Pages.actor(ctx), e);
            Pages.done(ctx, "/console/organisations/" + o.id() + "#watchlist", Pages.say(ctx, s, "console.done.notWatching", e.value()));
        });
        app.get("/api/organisations/{name}/watchlist", ctx -> {
            Organisation o = byName(ctx);
            ctx.json(Map.of("organisation", o.name(), "entries", watchlists.of(o.id()).stream().map(WatchlistRoutes::json)
                    .toList(), "matches", watchlists.matches(o.id(), 200).stream().map(m -> Map.of("post", m.seq(),
                    "entry", m.entry().value(), "matched", m.matched(), "told", m.told(), "at", m.at().toString())).toList()));
        });
        app.post("/api/organisations/{name}/watchlist", ctx -> {
            Organisation o = byName(ctx);
            Map<String, Object> body = Api.body(ctx);
            WatchEntry e = add(ctx, o, Api.str(body, "type"), Api.str(body, "value"));
            Map<String, Object> out = json(e);
            out.put("seenBefore", watchlists.findSeenBefore(e, s.archive));
            ctx.status(HttpStatus.CREATED).json(out);
        });
        app.delete("/api/organisations/{name}/watchlist/{entry}", ctx -> {
            Organisation o = byName(ctx);
            WatchEntry e = entry(ctx, o);
            watchlists.remove(Pages.actor(ctx), e);
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }

    private WatchEntry add(Context ctx, Organisation o, String type, String value) {
        WatchEntry.Type t = WatchEntry.Type.parse(type).orElseThrow(() -> ValidationException.of("type",
                "cidr, domain, asn or name"));
        return watchlists.add(Pages.actor(ctx), o, t, value);
    }

    static Map<String, Object> json(WatchEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("type", e.type().code());
        m.put("value", e.value());
        return m;
    }

    private WatchEntry entry(Context ctx, Organisation o) {
        return watchlists.find(Pages.idParam(ctx, "entry")).filter(e -> e.organisationId() == o.id())
                .orElseThrow(() -> new NotFoundResponse("No such watchlist entry."));
    }

    private Organisation byId(Context ctx) {
        return s.members.findOrganisation(Pages.idParam(ctx, "id")).orElseThrow(() -> new NotFoundResponse("No such organisation."));
    }

    private Organisation byName(Context ctx) {
        return s.members.findOrganisation(ctx.pathParam("name")).orElseThrow(() -> new NotFoundResponse("no such organisation"));
    }

}
