package org.infohub.admin.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.Organisation;
import org.infohub.core.member.Page;
import org.infohub.core.member.Representative;
import org.infohub.core.member.Status;
import org.infohub.core.member.ValidationException;
import org.infohub.core.trust.Bounces;
import org.infohub.core.trust.SmtpPasswords;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * Representatives: the list (search, sector and status filters), registering one (organisation
 * chosen by type-ahead, a warning when the address is outside its domains), a representative's
 * page (status, delivery, submission password, lists) and {@code /api/representatives}.
 */
public final class RepresentativesRoutes implements ConsoleRoutes {
    private final ConsoleServices s;
    private final Pages pages;

    /** A list the representative belongs to and how they take it. */
    public record Membership(String list, String name, String mode) {
    }

    /** Their bounce score and whether delivery to them is stopped. */
    public record DeliveryState(String score, String threshold, String stoppedSince) {
        public boolean stopped() {
            return !stoppedSince.isEmpty();
        }
    }

    RepresentativesRoutes(ConsoleServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    @Override
    public void add(Javalin app) {
        app.get("/console/representatives", ctx -> listPage(ctx, Form.EMPTY));
        app.post("/console/representatives", this::create);
        app.get("/console/representatives/{email}", ctx -> {
            Representative r = byEmail(ctx);
            page(ctx, r, new Form(Map.of("name", r.name(), "organisation", r.organisationName(), "name_zh",
                    r.chineseName().orElse(""), "language", r.language() == null ? "" : r.language().tag()), Map.of()));
        });
        app.post("/console/representatives/{email}", this::update);
        app.post("/console/representatives/{email}/status", ctx -> {
            Representative r = byEmail(ctx);
            Status status = Status.parse(ctx.formParam("status"))
                    .orElseThrow(() -> ValidationException.of("status", "active or suspended"));
            s.admin.setRepresentativeStatus(Pages.actor(ctx), r.email(), status);
            Pages.done(ctx, link(r), Pages.say(ctx, s, "console.done.repStatus", r.email(),
                    Pages.say(ctx, s, "console.status." + status.code())));
        });
        app.post("/console/representatives/{email}/subscription", ctx -> {
            Representative r = byEmail(ctx);
            DeliveryMode mode = DeliveryMode.parse(ctx.formParam("mode"))
                    .orElseThrow(() -> ValidationException.of("mode", "immediate, digest or off"));
            String list = Optional.ofNullable(ctx.formParam("list")).orElse("");
            s.admin.setSubscription(Pages.actor(ctx), r.email(), list, mode);
            Pages.done(ctx, link(r), Pages.say(ctx, s, "console.done.mode", list + "@", Pages.say(ctx, s, "request.mode." + mode.code())));
        });
        app.post("/console/representatives/{email}/delivery", ctx -> {
            Representative r = byEmail(ctx);
            s.bounces().enable(Pages.actor(ctx), r.email());
            Pages.done(ctx, link(r), Pages.say(ctx, s, "console.done.deliveryOn", r.email()));
        });
        app.post("/console/representatives/{email}/smtp-password", ctx -> {
            Representative r = byEmail(ctx);
            String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
            if (password.isEmpty()) {
                throw ValidationException.of("password", "give a password of at least 12 characters");
            }
            new SmtpPasswords(s.jdbc, s.audit, java.time.Clock.systemUTC()).set(Pages.actor(ctx), r.email(), password);
            Pages.done(ctx, link(r), Pages.say(ctx, s, "console.done.password", r.email()));
        });

        app.get("/api/representatives", ctx -> {
            Page<Representative> p = s.members.representatives(Api.q(ctx, "q"), Api.q(ctx, "sector"), Api.q(ctx, "status"),
                    Api.q(ctx, "sort"), Api.desc(ctx), Api.page(ctx), Api.size(ctx));
            ctx.json(Api.page(p, p.rows().stream().map(RepresentativesRoutes::json).toList()));
        });
        app.get("/api/representatives/{email}", ctx -> ctx.json(json(byEmail(ctx))));
        app.post("/api/representatives", ctx -> {
            Map<String, Object> body = Api.body(ctx);
            Representative r = s.admin.addRepresentative(Pages.actor(ctx), Api.str(body, "email"), Api.str(body, "name"),
                    Api.str(body, "organisation"));
            ctx.status(HttpStatus.CREATED).json(json(r));
        });
        app.post("/api/representatives/{email}/status", ctx -> {
            Status st = Status.parse(Api.str(Api.body(ctx), "status"))
                    .orElseThrow(() -> ValidationException.of("status", "active or suspended"));
            ctx.json(json(s.admin.setRepresentativeStatus(Pages.actor(ctx), ctx.pathParam("email"), st)));
        });
        app.put("/api/representatives/{email}/subscriptions/{list}", ctx -> {
            DeliveryMode m = DeliveryMode.parse(Api.str(Api.body(ctx), "mode"))
                    .orElseThrow(() -> ValidationException.of("mode", "immediate, digest or off"));
            s.admin.setSubscription(Pages.actor(ctx), ctx.pathParam("email"), ctx.pathParam("list"), m);
            ctx.json(Map.of("email", ctx.pathParam("email"), "list", ctx.pathParam("list"), "mode", m.code()));
        });
    }

    static Map<String, Object> json(Representative r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", r.email());
        m.put("name", r.name());
        m.put("organisation", r.organisationName());
        m.put("sector", r.sector());
        m.put("status", r.status().code());
        m.put("active", r.active());
        m.put("joined", r.joined().toString());
        return m;
    }

    private static String link(Representative r) {
        return "/console/representatives/" + Listing.enc(r.email());
    }

    private Representative byEmail(Context ctx) {
        return s.members.findRepresentative(ctx.pathParam("email"))
                .orElseThrow(() -> new NotFoundResponse("No such representative."));
    }

    private List<String> organisationNames() {
        return s.members.organisationNames();
    }

    private void listPage(Context ctx, Form form) {
        Listing l = Listing.from(ctx, "/console/representatives", "email", "sector", "status");
        Page<Representative> page = s.members.representatives(l.search(), l.filter("sector"), l.filter("status"), l.sort(),
                l.desc(), l.page(), Listing.SIZE);
        pages.render(ctx, "representatives.jte", "console.title.representatives", "representatives", Map.of("page", page,
                "listing", l.with(page), "form", form, "organisations", organisationNames(), "sectors", s.admin.sectors(),
                "activity", s.members.representativeActivity(page.rows().stream().map(Representative::id).toList())));
    }

    private void create(Context ctx) {
        Map<String, String> v = Pages.formValues(ctx, "email", "name", "organisation");
        try {
            Representative r = s.admin.addRepresentative(Pages.actor(ctx), v.get("email"), v.get("name"), v.get("organisation"));
            Pages.done(ctx, "/console/representatives", Pages.say(ctx, s, "console.done.registered", r.email())
                    + outsideDomains(r).map(w -> ". " + w).orElse(""));
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            listPage(ctx, new Form(v, e.fieldErrors()));
        }
    }

    /** A warning when the address is on a free-mail domain or outside the organisation's domains. */
    Optional<String> outsideDomains(Representative r) {
        return s.admin.addressWarning(r).map(w -> "Warning: " + w);
    }

    private void page(Context ctx, Representative r, Form form) {
        List<Membership> lists = new ArrayList<>();
        for (HubList l : s.members.lists()) {
            if (s.members.isMember(l, r)) {
                lists.add(new Membership(l.localPart(), l.name(), s.members.modeOf(r, l).code()));
            }
        }
        Bounces.State state = s.bounces().state(r.email());
        DeliveryState delivery = new DeliveryState(String.format(Locale.ROOT, "%.2f", state.score()),
                String.format(Locale.ROOT, "%.2f", s.bounces().threshold()),
                state.disabledAt().map(t -> pages.shell("", "", null, "").when(t)).orElse(""));
        String orgReason = s.jdbc.queryOne("SELECT status_reason FROM organisation WHERE id = ?", rs -> rs.getString(1),
                r.organisationId()).orElse("");
        pages.render(ctx, "representative.jte", r.email(), "representatives", Map.of("rep", r, "form", form, "lists", lists,
                "organisations", organisationNames(), "delivery", delivery, "warning", outsideDomains(r).orElse(""),
                "orgReason", orgReason));
    }

    private void update(Context ctx) {
        Representative r = byEmail(ctx);
        Map<String, String> v = Pages.formValues(ctx, "name", "organisation", "name_zh", "language");
        try {
            String asked = v.get("language") == null ? "" : v.get("language").strip();
            java.util.Optional<org.infohub.core.i18n.Language> language = org.infohub.core.i18n.Language.parse(asked);
            if (!asked.isEmpty() && language.isEmpty()) {
                throw ValidationException.of("language", "choose English, Chinese or the programme's language");
            }
            s.admin.updateRepresentative(Pages.actor(ctx), r.email(), v.get("name"), v.get("organisation"));
            s.admin.setChineseName(Pages.actor(ctx), r.email(), v.get("name_zh"));
            s.admin.setLanguage(Pages.actor(ctx), r.email(), language.orElse(null));
            Pages.done(ctx, link(r), Pages.say(ctx, s, "console.done.saved"));
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            page(ctx, r, new Form(v, e.fieldErrors()));
        }
    }
}
