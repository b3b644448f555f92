package org.infohub.admin.web;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.infohub.core.archive.Submission;
import org.infohub.core.member.ValidationException;
import org.infohub.core.release.Releases;
import org.infohub.core.release.Releases.Release;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * Releases to the Public Zone: drafting one from a post, the release form (Publish saves what is
 * on screen first), the confirmation page with the preview, unpublishing; and {@code /api/releases}.
 */
final class ReleasesRoutes implements ConsoleRoutes {
    private final ConsoleServices s;
    private final Pages pages;

    ReleasesRoutes(ConsoleServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    @Override
    public void add(Javalin app) {
        app.post("/console/posts/{seq}/release", ctx -> {
            Release r = s.releases.draft(Pages.actor(ctx), Pages.idParam(ctx, "seq"));
            Pages.done(ctx, "/console/releases/" + r.id(), Pages.say(ctx, s, "console.done.draft"));
        });
        app.get("/console/releases", ctx -> pages.render(ctx, "releases.jte", "console.title.releases", "releases",
                Map.of("releases", s.releases.all(), "publicUrl", s.settings().publicUrl())));
        app.get("/console/releases/{id}", ctx -> {
            Release r = byId(ctx);
            page(ctx, r, new Form(values(r), Map.of()));
        });
        app.post("/console/releases/{id}", ctx -> {
            long id = Pages.idParam(ctx, "id");
            Map<String, String> v = Pages.formValues(ctx, FIELDS);
            try {
                s.releases.edit(Pages.actor(ctx), id, edit(ctx, v));
                Pages.done(ctx, "/console/releases/" + id, Pages.say(ctx, s, "console.done.saved"));
            } catch (ValidationException e) {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                page(ctx, byId(ctx), new Form(v, e.fieldErrors()));
            }
        });
        app.post("/console/releases/{id}/publish", this::publish);
        app.post("/console/releases/{id}/unpublish", ctx -> {
            Release r = s.releases.unpublish(Pages.actor(ctx), Pages.idParam(ctx, "id"));
            Pages.done(ctx, "/console/releases/" + r.id(), Pages.say(ctx, s, "console.done.unpublished"));
        });

        app.post("/api/releases", ctx -> {
            Object seq = ctx.bodyAsClass(Map.class).get("seq");
            long n;
            try {
                n = Long.parseLong(String.valueOf(seq));
            } catch (NumberFormatException e) {
                throw ValidationException.of("seq", "the archive number of the post to release");
            }
            Release r = s.releases.draft(Pages.actor(ctx), n);
            ctx.status(HttpStatus.CREATED).json(Map.of("id", r.id(), "state", r.state().name(), "title", r.title()));
        });
        app.post("/api/releases/{id}/publish", ctx -> {
            Release r = s.releases.publish(Pages.actor(ctx), Pages.idParam(ctx, "id"));
            ctx.json(Map.of("id", r.id(), "state", r.state().name()));
        });
    }

    private static final String[] FIELDS = {"title", "summary", "body", "place", "link", "removed"};

    /** The form's values of a release: every part, and the phrases taken out everywhere, one per line. */
    private static Map<String, String> values(Release r) {
        return Map.of("title", r.title(), "summary", r.summary(), "body", r.body(),
                "place", r.event().map(Releases.EventPart::place).orElse(""),
                "link", r.event().map(Releases.EventPart::link).orElse(""), "removed", String.join("\n", r.removed()));
    }

    /** The edit a form sends; fields the form did not carry (an older page) leave their part as it was. */
    private static Releases.Edit edit(Context ctx, Map<String, String> v) {
        return new Releases.Edit(v.get("title"), v.get("summary"), v.get("body"), ctx.formParam("place"),
                ctx.formParam("link"), ctx.formParam("removed"));
    }

    private Release byId(Context ctx) {
        return s.releases.find(Pages.idParam(ctx, "id")).orElseThrow(() -> new NotFoundResponse("No such release."));
    }

    /** Publish sends the form: what is on screen is saved first, never thrown away; then a confirmation with the preview. */
    private void publish(Context ctx) {
        long id = Pages.idParam(ctx, "id");
        if (ctx.formParam("body") != null) {
            Map<String, String> v = Pages.formValues(ctx, FIELDS);
            try {
                s.releases.edit(Pages.actor(ctx), id, edit(ctx, v));
            } catch (ValidationException e) {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                page(ctx, byId(ctx), new Form(v, e.fieldErrors()));
                return;
            }
        }
        if (!"yes".equals(ctx.formParam("confirm"))) {
            Release saved = byId(ctx);
            Submission post = s.archive.findBySeq(saved.seq()).orElseThrow();
            pages.render(ctx, "release-confirm.jte", pages.words(ctx).get("console.title.confirm", saved.title()), "releases", Map.of(
                    "release", saved, "post", post, "originator", s.releases.originator(saved),
                    "titleParts", marked(saved.title()), "summaryParts", marked(saved.summary()),
                    "bodyParts", marked(saved.body()),
                    "placeParts", marked(saved.event().map(Releases.EventPart::place).orElse("")),
                    "event", saved.event(), "removed", saved.removed()));
            return;
        }
        Release r = s.releases.publish(Pages.actor(ctx), id);
        Pages.done(ctx, "/console/releases/" + r.id(), Pages.say(ctx, s, r.state() == Releases.State.PUBLISHED
                ? "console.done.published" : "console.done.consentAsked"));
    }

    /** The text cut at each redaction, for the preview to mark them: parts alternate with [redacted]. */
    private static List<String> marked(String text) {
        return List.of(text.split(Pattern.quote(Releases.REDACTED), -1));
    }

    private void page(Context ctx, Release r, Form form) {
        Submission post = s.archive.findBySeq(r.seq()).orElseThrow();
        pages.render(ctx, "release.jte", pages.words(ctx).get("console.title.release", r.title()), "releases", Map.of("release", r, "form", form, "post", post,
                "replies", s.releases.replies(r.id()), "publicUrl", s.settings().publicUrl()));
    }
}
