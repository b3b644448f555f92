package org.infohub.admin.web;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.member.Page;
import org.infohub.core.member.ValidationException;
import org.infohub.core.vetting.VettingOutcomes;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * Refused and held posts: the list, a held post's page (its text, attachments, envelope sender
 * beside {@code From:}, authentication results, reasons), approving, and rejecting with a reason;
 * and {@code /api/outcomes}.
 */
final class OutcomesRoutes implements ConsoleRoutes {
    private final ConsoleServices s;
    private final Pages pages;

    OutcomesRoutes(ConsoleServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    @Override
    public void add(Javalin app) {
        app.get("/console/outcomes", ctx -> {
            Listing l = Listing.newestFirst(ctx, "/console/outcomes", "at", "tab", "list", "reason", "sender", "older");
            VettingOutcomes.Tab tab = VettingOutcomes.Tab.of(l.filter("tab"));
            int older;
            try {
                older = l.filter("older").isEmpty() ? 0 : Math.max(0, Math.min(3650, Integer.parseInt(l.filter("older"))));
            } catch (NumberFormatException e) {
                older = 0;
            }
            VettingOutcomes.Filter filter = new VettingOutcomes.Filter(tab, l.filter("list"), l.filter("reason"),
                    l.filter("sender"), older, l.search());
            Page<VettingOutcomes.Outcome> page = s.outcomes.queue(filter, l.sort(), l.desc(), l.page(), Listing.SIZE,
                    Instant.now());
            pages.render(ctx, "outcomes.jte", "console.title.outcomes", "outcomes", Map.of("page", page,
                    "listing", l.with(page), "tab", tab, "counts", s.outcomes.counts(),
                    "lists", s.jdbc.query("SELECT local_part FROM hub_list ORDER BY local_part", rs -> rs.getString(1)),
                    "reasons", java.util.List.of(org.infohub.core.vetting.Refusal.values())));
        });
        app.post("/console/outcomes/bulk", this::bulk);
        app.get("/console/outcomes/{id}", ctx -> heldPostPage(ctx, Pages.idParam(ctx, "id"), ""));
        app.post("/console/outcomes/{id}", this::decide);

        app.get("/api/outcomes", ctx -> {
            Page<VettingOutcomes.Outcome> p = s.outcomes.page(Api.q(ctx, "q"), Api.q(ctx, "sort"),
                    !"0".equals(ctx.queryParam("desc")), Api.page(ctx), Api.size(ctx));
            ctx.json(Api.page(p, p.rows().stream().map(o -> Map.of("at", o.at().toString(), "outcome", o.outcome(),
                    "messageId", o.messageId(), "list", o.list(), "sender", o.sender(), "subject", o.subject(),
                    "reasons", o.reasons())).toList()));
        });
        app.post("/api/outcomes/{id}/{decision}", ctx -> {
            String decision = ctx.pathParam("decision");
            if (!decision.equals("approve") && !decision.equals("reject")) {
                throw ValidationException.of("decision", "approve or reject");
            }
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw ValidationException.of("id", "not a number");
            }
            decideHeld(id, decision.equals("approve"), Pages.actor(ctx));
            ctx.json(Map.of("id", id, "outcome", decision.equals("approve") ? "approved" : "rejected"));
        });
    }

    private void heldPostPage(Context ctx, long id, String problem) {
        VettingOutcomes.Detail d = s.outcomes.find(id).orElseThrow(() -> new NotFoundResponse("No such post."));
        org.infohub.core.i18n.Messages words = pages.words(ctx);
        String state = words.has("console.out.outcome." + d.outcome().outcome()) ? words.get("console.out.outcome." + d.outcome().outcome())
                : d.outcome().outcome();
        pages.render(ctx, "held.jte", words.get("console.held.title", state, d.outcome().subject()), "outcomes",
                Map.of("post", HeldPostView.of(d, s.settings().hubDomain()), "problem", problem));
    }

    private void decide(Context ctx) {
        long id = Pages.idParam(ctx, "id");
        boolean approve = "approve".equals(ctx.formParam("decision"));
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
        if (!approve && reason.isEmpty()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            heldPostPage(ctx, id, "Say why the post is rejected: the reason is kept with the decision.");
            return;
        }
        decideHeld(id, approve, Pages.actor(ctx));
        if (!approve) {
            s.outcomes.reason(id, reason);
            s.audit.record(Pages.actor(ctx), "outcome.reject-reason", "vetting_outcome", Long.toString(id), "", reason);
        }
        Pages.done(ctx, "/console/outcomes", Pages.say(ctx, s, approve ? "console.done.approved" : "console.done.rejected"));
    }

    /**
     * One decision for the held posts ticked on the queue: approve, reject (the senders told the
     * reason) or drop (rejected without telling them), with one reason for all, each audited.
     * Posts decided meanwhile by someone else are counted and left as they are.
     */
    private void bulk(Context ctx) {
        String decision = Optional.ofNullable(ctx.formParam("decision")).orElse("");
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (String id : ctx.formParams("id")) {
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
        String back = "/console/outcomes?tab=held";
        if (ids.isEmpty()) {
            Pages.done(ctx, back, Pages.say(ctx, s, "console.done.nothingTicked"));
            return;
        }
        if (!java.util.Set.of("approve", "reject", "drop").contains(decision)) {
            throw ValidationException.of("decision", "approve, reject or drop");
        }
        if (!decision.equals("approve") && reason.isEmpty()) {
            Pages.done(ctx, back, Pages.say(ctx, s, decision.equals("drop") ? "console.done.sayWhyDropped"
                    : "console.done.sayWhyRejected"));
            return;
        }
        int done = 0;
        int gone = 0;
        String actor = Pages.actor(ctx);
        for (long id : ids.size() > 500 ? ids.subList(0, 500) : ids) {
            try {
                decideHeld(id, decision.equals("approve"), actor);
            } catch (ValidationException e) {
                gone++;
                continue;
            }
            done++;
            if (decision.equals("reject")) {
                s.outcomes.reason(id, reason);
                s.audit.record(actor, "outcome.reject-reason", "vetting_outcome", Long.toString(id), "", reason);
            } else if (decision.equals("drop")) {
                s.audit.record(actor, "outcome.drop-reason", "vetting_outcome", Long.toString(id), "", reason);
            }
        }
        Pages.done(ctx, back, Pages.say(ctx, s, "console.done.bulk." + decision, done, gone));
    }

    /** Approves or rejects a held post, with its audit entry; the console and the API share it. */
    private void decideHeld(long id, boolean approve, String actor) {
        VettingOutcomes.Outcome before = s.outcomes.decide(id, approve, actor, Instant.now())
                .orElseThrow(() -> ValidationException.of("post", "no held post " + id + " (decided already?)"));
        s.audit.record(actor, approve ? "post.approve" : "post.reject", "post", before.messageId(),
                "outcome=held; list=" + before.list() + "; subject=" + before.subject(),
                "outcome=" + (approve ? "approved" : "rejected"));
    }
}
