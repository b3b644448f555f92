package org.infohub.admin.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.member.Page;
import org.infohub.core.release.Releases;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/**
 * The Public Zone, without sign-in, on its own paths: released items only (never the archive),
 * newest first, a permalink each, a search within them, an Atom feed and the headline figures.
 * Plain HTML that needs no JavaScript; every text is escaped by the templates.
 */
final class PublicZone {
    private static final int SIZE = 20;

    private final Releases releases;
    private final ArchiveRepository archive;
    private final TemplateEngine templates;
    private final String publicUrl;

    PublicZone(Releases releases, ArchiveRepository archive, TemplateEngine templates, String publicUrl) {
        this.releases = releases;
        this.archive = archive;
        this.templates = templates;
        this.publicUrl = publicUrl;
    }

    void add(Javalin app) {
        app.get("/public", this::index);
        app.get("/public/search", this::index);
        app.get("/public/releases/{id}", this::release);
        app.get("/public/feed.atom", this::feed);
    }

    private void index(Context ctx) {
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        int page;
        try {
            page = Math.max(1, Integer.parseInt(Optional.ofNullable(ctx.queryParam("page")).orElse("1")));
        } catch (NumberFormatException e) {
            page = 1;
        }
        Page<Releases.Release> p = releases.published(q, page, SIZE);
        StringOutput out = new StringOutput();
        templates.render("public.jte", Map.of("q", q, "page", p, "shared", archive.count(),
                "released", releases.published("", 1, 1).total()), out);
        ctx.html(out.toString());
    }

    private void release(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("No such release.");
        }
        Releases.Release r = releases.publishedRelease(id).orElseThrow(() -> new NotFoundResponse("No such release."));
        StringOutput out = new StringOutput();
        templates.render("public-release.jte", Map.of("release", r), out);
        ctx.html(out.toString());
    }

    private void feed(Context ctx) {
        Page<Releases.Release> p = releases.published("", 1, 50);
        // Links from the configured address, never from the request's Host header (which anyone can set).
        String base = publicUrl;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Infohub Public Zone</title>\n<id>" + x(base) + "/public</id>\n"
                + "<link rel=\"self\" href=\"" + x(base) + "/public/feed.atom\"/>\n<link href=\"" + x(base) + "/public\"/>\n<updated>"
                + DateTimeFormatter.ISO_INSTANT.format(p.rows().stream().findFirst().flatMap(Releases.Release::publishedAt)
                .orElse(Instant.EPOCH)) + "</updated>\n");
        for (Releases.Release r : p.rows()) {
            String link = base + "/public/releases/" + r.id();
            xml.append("<entry>\n<title>").append(x(r.title())).append("</title>\n<id>").append(x(link))
                    .append("</id>\n<link href=\"").append(x(link)).append("\"/>\n<updated>")
                    .append(DateTimeFormatter.ISO_INSTANT.format(r.publishedAt().orElse(Instant.EPOCH)))
                    .append("</updated>\n<summary>").append(x(r.summary())).append("</summary>\n<category term=\"TLP:CLEAR\"/>\n</entry>\n");
        }
        xml.append("</feed>\n");
        ctx.contentType("application/atom+xml; charset=utf-8");
        ctx.result(xml.toString());
    }

    /** XML text and attribute escaping. */
    static String x(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
