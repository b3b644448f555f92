package org.infohub.admin.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.member.Organisation;
import org.infohub.core.member.Page;
import org.infohub.core.member.Status;
import org.infohub.core.member.ValidationException;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * Organisations: the list (search, sector and status filters, numbered pages), adding one, an
 * organisation's page (its representatives, lists, posts, releases and history), editing it, and
 * suspending it (confirmed, with a reason) or reactivating it; and {@code /api/organisations}.
 */
final class OrganisationsRoutes implements ConsoleRoutes {
    private final ConsoleServices s;
    private final Pages pages;

    OrganisationsRoutes(ConsoleServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    @Override
    public void add(Javalin app) {
        app.get("/console/organisations", ctx -> listPage(ctx, Form.EMPTY));
        app.post("/console/organisations", this::create);
        app.get("/console/organisations/{id}", ctx -> {
            Organisation o = byId(ctx);
            page(ctx, o, new Form(Map.of("name", o.name(), "sector", o.sector(), "domains", String.join(" ", o.domains())),
                    Map.of()));
        });
        app.post("/console/organisations/{id}", this::update);
        app.get("/console/organisations/{id}/suspend", ctx -> confirmSuspend(ctx, byId(ctx), ""));
        app.post("/console/organisations/{id}/status", this::status);

        app.get("/api/organisations", ctx -> {
            Page<Organisation> p = s.members.organisations(Api.q(ctx, "q"), Api.q(ctx, "sector"), Api.q(ctx, "status"),
                    Api.q(ctx, "sort"), Api.desc(ctx), Api.page(ctx), Api.size(ctx));
            ctx.json(Api.page(p, p.rows().stream().map(OrganisationsRoutes::json).toList()));
        });
        app.post("/api/organisations", ctx -> {
            Map<String, Object> body = Api.body(ctx);
            Organisation o = s.admin.createOrganisation(Pages.actor(ctx), Api.str(body, "name"), Api.str(body, "sector"),
                    Api.strings(body, "domains"));
            ctx.status(HttpStatus.CREATED).json(json(o));
        });
        app.post("/api/organisations/{name}/status", ctx -> {
            Map<String, Object> body = Api.body(ctx);
            Status st = Status.parse(Api.str(body, "status"))
                    .orElseThrow(() -> ValidationException.of("status", "active or suspended"));
            ctx.json(json(s.admin.setOrganisationStatus(Pages.actor(ctx), ctx.pathParam("name"), st, Api.str(body, "reason"))));
        });
    }

    static Map<String, Object> json(Organisation o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.name());
        m.put("sector", o.sector());
        m.put("domains", o.domains());
        m.put("status", o.status().code());
        m.put("joined", o.joined().toString());
        m.put("representatives", o.representatives());
        return m;
    }

    private Organisation byId(Context ctx) {
        return s.members.findOrganisation(Pages.idParam(ctx, "id"))
                .orElseThrow(() -> new NotFoundResponse("No such organisation."));
    }

    private void listPage(Context ctx, Form form) {
        Listing l = Listing.from(ctx, "/console/organisations", "name", "sector", "status");
        Page<Organisation> page = s.members.organisations(l.search(), l.filter("sector"), l.filter("status"), l.sort(),
                l.desc(), l.page(), Listing.SIZE);
        pages.render(ctx, "organisations.jte", "console.title.organisations", "organisations", Map.of("page", page, "listing", l.with(page),
                "form", form, "sectors", s.admin.sectors(),
                "activity", s.members.organisationActivity(page.rows().stream().map(Organisation::id).toList())));
    }

    private void create(Context ctx) {
        Map<String, String> v = Pages.formValues(ctx, "name", "sector", "domains");
        try {
            Organisation o = s.admin.createOrganisation(Pages.actor(ctx), v.get("name"), v.get("sector"),
                    Pages.words(v.get("domains")));
            Pages.done(ctx, "/console/organisations/" + o.id(), Pages.say(ctx, s, o.domains().isEmpty() ? "console.done.addedNoDomains"
                    : "console.done.added", o.name()));
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            listPage(ctx, new Form(v, e.fieldErrors()));
        }
    }

    private void page(Context ctx, Organisation o, Form form) {
        pages.render(ctx, "organisation.jte", o.name(), "organisations", Map.of("profile",
                OrganisationProfile.of(s.jdbc, s.members, o), "form", form, "sectors", s.admin.sectors(),
                "watched", s.watchlists.of(o.id()), "matches", s.watchlists.matches(o.id(), 50),
                "tokens", s.shareTokens.of(o.id()), "publicUrl", s.settings().publicUrl()));
    }

    private void update(Context ctx) {
        Organisation o = byId(ctx);
        Map<String, String> v = Pages.formValues(ctx, "name", "sector", "domains");
        try {
            Organisation after = s.admin.updateOrganisation(Pages.actor(ctx), o.name(), v.get("name"), v.get("sector"),
                    Pages.words(v.get("domains")));
            Pages.done(ctx, "/console/organisations/" + after.id(), Pages.say(ctx, s, "console.done.saved"));
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            page(ctx, o, new Form(v, e.fieldErrors()));
        }
    }

    private void confirmSuspend(Context ctx, Organisation o, String problem) {
        pages.render(ctx, "organisation-suspend.jte", pages.words(ctx).get("console.title.suspend", o.name()), "organisations", Map.of("org", o,
                "problem", problem));
    }

    /** Reactivating is one click; suspending needs the confirmation page's reason. */
    private void status(Context ctx) {
        Organisation o = byId(ctx);
        Status status = Status.parse(ctx.formParam("status"))
                .orElseThrow(() -> ValidationException.of("status", "active or suspended"));
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
        if (status == Status.SUSPENDED && reason.isEmpty()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            confirmSuspend(ctx, o, "Say why the organisation is suspended: its page and its representatives show it.");
            return;
        }
        try {
            s.admin.setOrganisationStatus(Pages.actor(ctx), o.name(), status, reason);
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            confirmSuspend(ctx, o, e.getMessage());
            return;
        }
        Pages.done(ctx, "/console/organisations/" + o.id(), Pages.say(ctx, s, status == Status.SUSPENDED ? "console.done.orgSuspended"
                : "console.done.orgActive", o.name()));
    }
}
