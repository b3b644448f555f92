package org.infohub.admin.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Organisation;
import org.infohub.core.member.Page;
import org.infohub.core.member.Representative;
import org.infohub.core.member.Status;
import org.infohub.core.member.ValidationException;
import org.infohub.core.stats.HubStats;
import org.infohub.core.vetting.VettingOutcomes;

import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * The JSON API, for automation: the console's operations under {@code /api}, authenticated with
 * {@code Authorization: Bearer <token>} (tokens from {@code ./infohub admin token}). Input that
 * cannot be taken answers 422 with {@code {"errors": {field: message}}}.
 */
final class ConsoleApi {
    static final String ACTOR = "actor";

    private final MembershipRepository members;
    private final MembershipAdmin admin;
    private final HubStats stats;
    private final VettingOutcomes outcomes;

    ConsoleApi(MembershipRepository members, MembershipAdmin admin, HubStats stats, VettingOutcomes outcomes) {
        this.members = members;
        this.admin = admin;
        this.stats = stats;
        this.outcomes = outcomes;
    }

    void add(Javalin app) {
        app.get("/api/stats", ctx -> ctx.json(stats.figures()));
        app.get("/api/organisations", ctx -> {
            Page<Organisation> p = members.organisations(q(ctx, "q"), q(ctx, "sort"), "1".equals(ctx.queryParam("desc")),
                    page(ctx), size(ctx));
            ctx.json(page(p, p.rows().stream().map(ConsoleApi::organisation).toList()));
        });
        app.post("/api/organisations", ctx -> {
            Map<String, Object> body = body(ctx);
            Organisation o = admin.createOrganisation(actor(ctx), str(body, "name"), str(body, "sector"), strings(body, "domains"));
            ctx.status(HttpStatus.CREATED).json(organisation(o));
        });
        app.post("/api/organisations/{name}/status", ctx -> {
            Status s = Status.parse(str(body(ctx), "status"))
                    .orElseThrow(() -> ValidationException.of("status", "active or suspended"));
            ctx.json(organisation(admin.setOrganisationStatus(actor(ctx), ctx.pathParam("name"), s)));
        });
        app.get("/api/representatives", ctx -> {
            Page<Representative> p = members.representatives(q(ctx, "q"), q(ctx, "sort"), "1".equals(ctx.queryParam("desc")),
                    page(ctx), size(ctx));
            ctx.json(page(p, p.rows().stream().map(ConsoleApi::representative).toList()));
        });
        app.get("/api/representatives/{email}", ctx -> ctx.json(representative(members.findRepresentative(ctx.pathParam("email"))
                .orElseThrow(() -> new NotFoundResponse("no such representative")))));
        app.post("/api/representatives", ctx -> {
            Map<String, Object> body = body(ctx);
            Representative r = admin.addRepresentative(actor(ctx), str(body, "email"), str(body, "name"),
                    str(body, "organisation"));
            ctx.status(HttpStatus.CREATED).json(representative(r));
        });
        app.post("/api/representatives/{email}/status", ctx -> {
            Status s = Status.parse(str(body(ctx), "status"))
                    .orElseThrow(() -> ValidationException.of("status", "active or suspended"));
            ctx.json(representative(admin.setRepresentativeStatus(actor(ctx), ctx.pathParam("email"), s)));
        });
        app.put("/api/representatives/{email}/subscriptions/{list}", ctx -> {
            DeliveryMode m = DeliveryMode.parse(str(body(ctx), "mode"))
                    .orElseThrow(() -> ValidationException.of("mode", "immediate, digest or off"));
            admin.setSubscription(actor(ctx), ctx.pathParam("email"), ctx.pathParam("list"), m);
            ctx.json(Map.of("email", ctx.pathParam("email"), "list", ctx.pathParam("list"), "mode", m.code()));
        });
        app.get("/api/lists", ctx -> ctx.json(members.lists().stream().map(this::list).toList()));
        app.post("/api/lists", ctx -> {
            Map<String, Object> body = body(ctx);
            HubList l = admin.createGroupList(actor(ctx), str(body, "address"), str(body, "name"),
                    HubList.PostingPolicy.parse(Optional.ofNullable(str(body, "policy")).filter(s -> !s.isEmpty())
                            .orElse("members")).orElse(null), str(body, "description"), strings(body, "organisations"));
            ctx.status(HttpStatus.CREATED).json(list(l));
        });
        app.get("/api/outcomes", ctx -> {
            Page<VettingOutcomes.Outcome> p = outcomes.page(q(ctx, "q"), q(ctx, "sort"), !"0".equals(ctx.queryParam("desc")),
                    page(ctx), size(ctx));
            ctx.json(page(p, p.rows().stream().map(o -> Map.of("at", o.at().toString(), "outcome", o.outcome(),
                    "messageId", o.messageId(), "list", o.list(), "sender", o.sender(), "subject", o.subject(),
                    "reasons", o.reasons())).toList()));
        });
    }

    private static String actor(Context ctx) {
        return ctx.attribute(ACTOR);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Context ctx) {
        try {
            Map<String, Object> m = ctx.bodyAsClass(Map.class);
            if (m == null) {
                throw new BadRequestResponse("the body must be a JSON object");
            }
            return m;
        } catch (RuntimeException e) {
            if (e instanceof BadRequestResponse b) {
                throw b;
            }
            throw new BadRequestResponse("the body must be a JSON object: " + e.getMessage());
        }
    }

    private static String str(Map<String, Object> body, String key) {
        Object v = body.get(key);
        return v == null ? "" : v.toString();
    }

    private static List<String> strings(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return v == null ? List.of() : ConsoleApp.words(v.toString());
    }

    private static String q(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).orElse("");
    }

    private static int page(Context ctx) {
        try {
            return Math.max(1, Integer.parseInt(q(ctx, "page")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static int size(Context ctx) {
        try {
            return Math.min(500, Math.max(1, Integer.parseInt(q(ctx, "size"))));
        } catch (NumberFormatException e) {
            return 50;
        }
    }

    private static Map<String, Object> page(Page<?> p, List<?> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", p.total());
        m.put("page", p.page());
        m.put("pages", p.pages());
        m.put("rows", rows);
        return m;
    }

    static Map<String, Object> organisation(Organisation o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.name());
        m.put("sector", o.sector());
        m.put("domains", o.domains());
        m.put("status", o.status().code());
        m.put("joined", o.joined().toString());
        m.put("representatives", o.representatives());
        return m;
    }

    static Map<String, Object> representative(Representative r) {
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

    private Map<String, Object> list(HubList l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", l.localPart());
        m.put("kind", l.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("name", l.name());
        m.put("policy", l.postingPolicy().code());
        m.put("organisations", l.kind() == HubList.Kind.GROUP ? members.groupOrganisations(l) : List.of());
        return m;
    }
}
