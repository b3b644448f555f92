package org.infohub.admin.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.event.Events;
import org.infohub.core.i18n.Language;
import org.infohub.core.i18n.Messages;
import org.infohub.core.kind.Kind;
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
public final class PublicZone {
    private static final int SIZE = 20;

    private final Releases releases;
    private final ArchiveRepository archive;
    private final TemplateEngine templates;
    private final String publicUrl;
    private final String hubDomain;
    private final String programme;
    private final java.time.ZoneId zone;
    /** For readers whose browser names none of the hub's languages, and for the feeds. */
    private Language language = Language.EN;

    PublicZone language(Language programmeLanguage) {
        this.language = programmeLanguage;
        return this;
    }

    /** An icon for the browser's tab: the programme's initial on FIRST's TLP:CLEAR black. */
    static final String FAVICON = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" "
            + "height=\"32\" rx=\"6\" fill=\"#000\"/><text x=\"16\" y=\"23\" font-family=\"sans-serif\" font-size=\"20\" "
            + "font-weight=\"bold\" fill=\"#fff\" text-anchor=\"middle\">i</text></svg>";

    PublicZone(Releases releases, ArchiveRepository archive, TemplateEngine templates, String publicUrl, String hubDomain,
               String programme, java.time.ZoneId zone) {
        this.releases = releases;
        this.archive = archive;
        this.templates = templates;
        this.publicUrl = publicUrl;
        this.hubDomain = hubDomain;
        this.programme = programme;
        this.zone = zone;
    }

    /** A date as readers read it: "5 Dec 2026, 14:30 HKT", in the programme's zone. */
    public static String when(Instant at, java.time.ZoneId zone) {
        return when(at, zone, Language.EN);
    }

    /** The same in a reader's language: "5 Dec 2026, 14:30 HKT", "2026年12月5日 14:30 HKT". */
    public static String when(Instant at, java.time.ZoneId zone, Language language) {
        java.time.format.DateTimeFormatter format = language == Language.ZH_HK
                ? java.time.format.DateTimeFormatter.ofPattern("yyyy\u5e74M\u6708d\u65e5 HH:mm zzz", java.util.Locale.UK)
                : java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm zzz", java.util.Locale.UK);
        return format.format(at.atZone(zone));
    }

    void add(Javalin app) {
        // Unprefixed pages follow the reader's browser; /public/en/... and /public/zh-HK/... are
        // the stable address of each language, where the switch on every page leads.
        app.get("/public", ctx -> index(ctx, PageLanguage.of(ctx, language), ""));
        app.get("/public/search", ctx -> index(ctx, PageLanguage.of(ctx, language), "/search"));
        app.get("/public/releases/{id}", ctx -> release(ctx, PageLanguage.of(ctx, language)));
        for (Language l : Language.values()) {
            app.get("/public/" + l.tag(), ctx -> index(ctx, l, ""));
            app.get("/public/" + l.tag() + "/search", ctx -> index(ctx, l, "/search"));
            app.get("/public/" + l.tag() + "/releases/{id}", ctx -> release(ctx, l));
        }
        for (String icon : List.of("/favicon.ico", "/favicon.svg", "/public/favicon.svg")) {
            app.get(icon, ctx -> {
                ctx.contentType("image/svg+xml");
                ctx.header("Cache-Control", "public, max-age=86400");
                ctx.result(FAVICON);
            });
        }
        app.get("/public/feed.atom", this::feed);
        app.get("/public/feeds/{kind}.atom", this::feed);
        app.get("/public/events/{id}.ics", ctx -> {
            long id;
            try {
                id = Long.parseLong(ctx.pathParam("id"));
            } catch (NumberFormatException e) {
                throw new NotFoundResponse(Messages.of(language).get("public.noSuchEvent"));
            }
            byte[] ics = releases.publishedRelease(id).flatMap(r -> Events.publicIcs(r, hubDomain,
                    publicUrl + "/public/releases/" + id)).orElseThrow(() -> new NotFoundResponse(
                    Messages.of(language).get("public.noSuchEvent")));
            ctx.contentType("text/calendar; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"event-" + id + ".ics\"");
            ctx.result(ics);
        });
    }

    private static Language other(Language l) {
        return l == Language.EN ? Language.ZH_HK : Language.EN;
    }

    /** The same page in the other language: its stable address, with the reader's query kept. */
    private static String switchUrl(Context ctx, Language to, String path) {
        String query = ctx.queryString();
        return "/public/" + to.tag() + path + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private void index(Context ctx, Language l, String path) {
        Messages t = PageLanguage.words(ctx, l);
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        int page;
        try {
            page = Math.max(1, Integer.parseInt(Optional.ofNullable(ctx.queryParam("page")).orElse("1")));
        } catch (NumberFormatException e) {
            page = 1;
        }
        Optional<Kind> kind = Kind.parse(ctx.queryParam("kind"));
        Page<Releases.Release> p = releases.published(q, kind, page, SIZE);
        StringOutput out = new StringOutput();
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("q", q);
        model.put("page", p);
        model.put("shared", archive.count());
        model.put("released", releases.published("", 1, 1).total());
        model.put("kind", kind.map(Kind::code).orElse(""));
        model.put("kinds", List.of(Kind.values()));
        model.put("events", releases.publishedEvents(Instant.now(), 10));
        model.put("programme", programme);
        model.put("zone", zone);
        model.put("t", t);
        model.put("base", "/public/" + l.tag());
        model.put("switchUrl", switchUrl(ctx, other(l), path));
        model.put("otherLanguage", other(l).tag());
        templates.render("public.jte", model, out);
        ctx.html(out.toString());
    }

    private void release(Context ctx, Language l) {
        Messages t = PageLanguage.words(ctx, l);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse(t.get("public.noSuchRelease"));
        }
        Releases.Release r = releases.publishedRelease(id).orElseThrow(() -> new NotFoundResponse(t.get("public.noSuchRelease")));
        StringOutput out = new StringOutput();
        templates.render("public-release.jte", Map.of("release", r, "programme", programme, "zone", zone, "t", t,
                "base", "/public/" + l.tag(), "switchUrl", switchUrl(ctx, other(l), "/releases/" + id),
                "otherLanguage", other(l).tag()), out);
        ctx.html(out.toString());
    }

    /**
     * The Atom feed (RFC 4287) of the latest published items, written by ROME: the programme as the
     * author of the feed and of every entry (never a member), each item's summary and its full text
     * as content, and links from {@code public.url} only, never from the request's {@code Host}
     * header (which anyone can set). Each feed has an id of its own; entries have tag URIs (RFC 4151)
     * of the hub's domain and the release, which stay when {@code public.url} moves; {@code updated}
     * is when the feed last changed (a release published or withdrawn), or the hub's installation for
     * a feed that never had one.
     */
    private void feed(Context ctx) throws com.rometools.rome.io.FeedException {
        Optional<Kind> kind = Optional.empty();
        if (ctx.pathParamMap().containsKey("kind")) {
            kind = Optional.of(Kind.parse(ctx.pathParam("kind")).orElseThrow(() -> new NotFoundResponse(
                    Messages.of(language).get("public.noSuchFeed"))));
        }
        Page<Releases.Release> p = releases.published("", kind, 1, 50);
        com.rometools.rome.feed.synd.SyndFeed feed = new com.rometools.rome.feed.synd.SyndFeedImpl();
        feed.setFeedType("atom_1.0");
        Messages words = Messages.of(language);
        feed.setTitle(words.get("public.title", programme) + kind.map(k -> ": " + k.title(words)).orElse(""));
        feed.setLanguage(language.tag());
        String selfPath = kind.map(k -> "/public/feeds/" + k.code() + ".atom").orElse("/public/feed.atom");
        feed.setUri("tag:" + hubDomain + "," + releases.installedOn() + ":" + selfPath.substring(1));
        feed.setLink(publicUrl + "/public");
        com.rometools.rome.feed.synd.SyndLink self = new com.rometools.rome.feed.synd.SyndLinkImpl();
        self.setRel("self");
        self.setType("application/atom+xml");
        self.setHref(publicUrl + selfPath);
        com.rometools.rome.feed.synd.SyndLink alternate = new com.rometools.rome.feed.synd.SyndLinkImpl();
        alternate.setRel("alternate");
        alternate.setType("text/html");
        alternate.setHref(publicUrl + "/public");
        feed.setLinks(List.of(alternate, self));
        feed.setAuthors(List.of(programmeAuthor()));
        feed.setPublishedDate(java.util.Date.from(releases.feedChangedAt(kind)));        List<com.rometools.rome.feed.synd.SyndEntry> entries = new java.util.ArrayList<>();
        for (Releases.Release r : p.rows()) {
            String link = publicUrl + "/public/releases/" + r.id();
            com.rometools.rome.feed.synd.SyndEntry e = new com.rometools.rome.feed.synd.SyndEntryImpl();
            e.setTitle(r.title());
            e.setLink(link);
            Instant at = r.publishedAt().orElseThrow();
            e.setUri("tag:" + hubDomain + "," + java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC) + ":release-"
                    + r.id());
            e.setAuthors(List.of(programmeAuthor()));
            java.util.Date published = java.util.Date.from(at);
            e.setPublishedDate(published);
            e.setUpdatedDate(published);
            com.rometools.rome.feed.synd.SyndContent summary = new com.rometools.rome.feed.synd.SyndContentImpl();
            summary.setType("text");
            summary.setValue(r.summary());
            e.setDescription(summary);
            com.rometools.rome.feed.synd.SyndContent content = new com.rometools.rome.feed.synd.SyndContentImpl();
            content.setType("text");
            content.setValue(r.body());
            e.setContents(List.of(content));
            com.rometools.rome.feed.synd.SyndCategory tlp = new com.rometools.rome.feed.synd.SyndCategoryImpl();
            tlp.setName("TLP:CLEAR");
            e.setCategories(List.of(tlp));
            entries.add(e);
        }
        feed.setEntries(entries);
        ctx.contentType("application/atom+xml; charset=utf-8");
        ctx.result(new com.rometools.rome.io.SyndFeedOutput().outputString(feed));
    }

    private com.rometools.rome.feed.synd.SyndPerson programmeAuthor() {
        com.rometools.rome.feed.synd.SyndPerson author = new com.rometools.rome.feed.synd.SyndPersonImpl();
        author.setName(programme);
        author.setUri(publicUrl + "/public");
        return author;
    }
}
