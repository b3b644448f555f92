package org.infohub.admin.web;

import java.util.Map;

import org.infohub.core.member.Organisation;
import org.infohub.core.share.Stix;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * What an organisation's tools read with: tokens for the TAXII collections and the members' MISP
 * feed (made on its page, shown once, revoked there; also {@code POST
 * /api/organisations/NAME/tokens}), and a post as a STIX 2.1 bundle for an administrator.
 */
final class ToolTokensRoutes implements ConsoleRoutes {
    private final ConsoleServices s;

    ToolTokensRoutes(ConsoleServices services) {
        this.s = services;
    }

    @Override
    public void add(Javalin app) {
        app.post("/console/organisations/{id}/tokens", ctx -> {
            Organisation o = byId(ctx);
            String token = s.shareTokens.create(Pages.actor(ctx), o, ctx.formParam("label"));
            Pages.done(ctx, "/console/organisations/" + o.id() + "#tools", Pages.say(ctx, s, "console.done.token", o.name(), token));
        });
        app.post("/console/organisations/{id}/tokens/{token}/revoke", ctx -> {
            Organisation o = byId(ctx);
            s.shareTokens.revoke(Pages.actor(ctx), o, Pages.idParam(ctx, "token"));
            Pages.done(ctx, "/console/organisations/" + o.id() + "#tools", Pages.say(ctx, s, "console.done.tokenRevoked"));
        });
        app.post("/api/organisations/{name}/tokens", ctx -> {
            Organisation o = s.members.findOrganisation(ctx.pathParam("name"))
                    .orElseThrow(() -> new NotFoundResponse("no such organisation"));
            String token = s.shareTokens.create(Pages.actor(ctx), o, Api.str(Api.body(ctx), "label"));
            ctx.status(HttpStatus.CREATED).json(Map.of("organisation", o.name(), "token", token));
        });
        app.get("/console/posts/{seq}/stix.json", ctx -> {
            long seq = Pages.idParam(ctx, "seq");
            var post = s.archive.findBySeq(seq).orElseThrow(() -> new NotFoundResponse("No such post."));
            var item = new SharedItems(s.jdbc, s.archive, s.members, s.releases).item(post);
            ctx.header("Content-Disposition", "attachment; filename=\"post-" + seq + ".stix.json\"");
            ctx.json(new Stix(s.settings().hubDomain(), s.settings().programme(), new org.infohub.core.share.StixIds(s.jdbc))
                    .bundle(item));
            ctx.contentType("application/stix+json;version=2.1");
        });
    }

    private Organisation byId(Context ctx) {
        return s.members.findOrganisation(Pages.idParam(ctx, "id")).orElseThrow(() -> new NotFoundResponse("No such organisation."));
    }
}
