package org.infohub.admin.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Part;

import org.infohub.core.archive.Submission;
import org.infohub.core.indicator.IndicatorClassifier;
import org.infohub.core.indicator.Indicators;
import org.infohub.core.kind.Kind;
import org.infohub.indexer.ArchiveSearch;
import org.infohub.indexer.SearchException;
import org.infohub.indexer.SearchHit;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * The archive: search (an empty query lists the latest posts; facets are links that filter; bare
 * indicators recognised), its results as CSV, a post's page, its original and its attachments;
 * and {@code /api/search}.
 */
public final class ArchiveRoutes implements ConsoleRoutes {
    /** At most this many rows in a CSV of results. */
    static final int CSV_LIMIT = 10_000;

    private final ConsoleServices s;
    private final Pages pages;

    /** One result as the page shows it: the hit and, from the archive, its author and best passage. */
    public record Row(SearchHit hit, String sender, String organisation, String snippet, String kind) {
    }

    ArchiveRoutes(ConsoleServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    @Override
    public void add(Javalin app) {
        app.get("/console/search", this::search);
        app.get("/console/search.csv", this::csv);
        app.get("/console/posts/{seq}", ctx -> {
            Submission post = post(ctx);
            PostView view = PostView.of(s.jdbc, s.archive, post, s.settings().hubDomain());
            pages.render(ctx, "post.jte", post.subject().isBlank() ? "console.noSubject" : post.subject(), "search",
                    Map.of("view", view, "conversation", view.conversation(s.archive),
                            "event", s.events.of(post.seq())));
        });
        app.get("/console/indicators", this::indicator);
        app.get("/console/posts/{seq}/indicators.csv", ctx -> {
            Submission post = post(ctx);
            boolean defang = "1".equals(ctx.queryParam("defang"));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("kind", "value", "use", "post", "received", "tlp"));
            for (org.infohub.core.indicator.IndicatorClassifier.Classified c : s.archive.classifiedIndicators(post.seq())) {
                String kind = c.indicator().kind().code();
                if (kind.equals("email") && s.archive.isMemberAddress(c.indicator().value())) {
                    continue;
                }
                rows.add(List.of(kind, defang ? org.infohub.core.indicator.IndicatorHistory.defang(kind, c.indicator().value())
                        : c.indicator().value(), c.forDetection() ? "detection" : "context", Long.toString(post.seq()),
                        post.receivedAt().toString(), post.tlp().code()));
            }
            Pages.csv(ctx, "infohub-post-" + post.seq() + "-indicators.csv", rows);
        });
        app.get("/console/posts/{seq}/indicators.txt", ctx -> {
            Submission post = post(ctx);
            plainList(ctx, List.of(post.seq()), "1".equals(ctx.queryParam("defang")));
        });
        app.get("/console/search/indicators.txt", ctx -> {
            ArchiveSearch.Result r;
            try {
                r = s.index.search().search(Pages.query(ctx, "q"), order(ctx), 1, CSV_LIMIT, false);
            } catch (SearchException e) {
                ctx.status(HttpStatus.BAD_REQUEST).contentType("text/plain; charset=utf-8").result(e.getMessage());
                return;
            }
            plainList(ctx, r.hits().stream().map(SearchHit::seq).toList(), "1".equals(ctx.queryParam("defang")));
        });
        app.get("/console/posts/{seq}/raw.eml", ctx -> {
            Submission post = post(ctx);
            ctx.contentType("message/rfc822");
            ctx.header("Content-Disposition", "attachment; filename=\"post-" + post.seq() + ".eml\"");
            ctx.result(s.archive.raw(post.seq()).orElseThrow());
        });
        app.get("/console/posts/{seq}/attachments/{n}", this::attachment);
        app.get("/console/posts/{seq}/event.ics", ctx -> {
            Submission post = post(ctx);
            ctx.contentType("text/calendar; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"event-" + post.seq() + ".ics\"");
            ctx.result(s.events.ics(post.seq()).orElseThrow(() -> new NotFoundResponse("This post announces no event.")));
        });
        app.post("/console/posts/{seq}/kind", ctx -> {
            Submission post = setKind(ctx, ctx.formParam("kind"));
            Pages.done(ctx, "/console/posts/" + post.seq(), Pages.say(ctx, s, "console.done.kind", post.kind().title(
                    Pages.words(ctx, s))));
        });
        app.put("/api/posts/{seq}/kind", ctx -> {
            Submission post = setKind(ctx, Api.str(Api.body(ctx), "kind"));
            ctx.json(Map.of("id", post.seq(), "kind", post.kind().code()));
        });
        app.post("/console/posts/{seq}/indicators", ctx -> {
            IndicatorClassifier.Use use = setUse(ctx, ctx.formParam("kind"), ctx.formParam("value"), ctx.formParam("use"));
            Pages.done(ctx, "/console/posts/" + ctx.pathParam("seq"), Pages.say(ctx, s, use == IndicatorClassifier.Use.DETECTION
                    ? "console.done.detection" : "console.done.context", ctx.formParam("value")));
        });
        app.put("/api/posts/{seq}/indicators", ctx -> {
            Map<String, Object> body = Api.body(ctx);
            IndicatorClassifier.Use use = setUse(ctx, Api.str(body, "kind"), Api.str(body, "value"), Api.str(body, "use"));
            ctx.json(Map.of("id", post(ctx).seq(), "kind", Api.str(body, "kind"), "value", Api.str(body, "value"), "use", use.code()));
        });
        app.get("/api/search", ctx -> {
            try {
                ArchiveSearch.Result r = s.index.search().search(Api.q(ctx, "q"), order(ctx),
                        Pages.intQuery(ctx, "page", 1), Math.min(100, Pages.intQuery(ctx, "size", 20)), true);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("total", r.total());
                body.put("page", r.page());
                body.put("pages", r.pages());
                body.put("hits", r.hits().stream().map(h -> Map.of("id", h.seq(), "received", h.received().toString(),
                        "list", h.list(), "tlp", h.tlp(), "subject", h.subject())).toList());
                body.put("facets", r.facets());
                ctx.json(body);
            } catch (SearchException e) {
                ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage()));
            }
        });
    }

    /** An analyst's decision on an indicator of a post (for detection or context only), audited. */
    private IndicatorClassifier.Use setUse(Context ctx, String kind, String value, String use) {
        Submission post = post(ctx);
        if (!"detection".equals(use) && !"context".equals(use)) {
            throw org.infohub.core.member.ValidationException.of("use", "detection or context");
        }
        Indicators.Kind k;
        try {
            k = Indicators.Kind.valueOf(String.valueOf(kind).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw org.infohub.core.member.ValidationException.of("kind", "ip, cidr, domain, url, email, hash or cve");
        }
        try {
            s.archive.setUse(post.seq(), new Indicators.Indicator(k, String.valueOf(value)), IndicatorClassifier.Use.of(use),
                    Pages.actor(ctx), s.audit, s.clock.instant());
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse(e.getMessage());
        }
        return IndicatorClassifier.Use.of(use);
    }

    /** An administrator's correction of a post's kind, audited; the index entry is written again. */
    private Submission setKind(Context ctx, String value) {
        Submission before = post(ctx);
        Kind kind = Kind.parse(value).orElseThrow(() -> org.infohub.core.member.ValidationException.of("kind",
                "alert, advisory, discussion, emerging-tech or event"));
        s.archive.setKind(before.seq(), kind, Pages.actor(ctx));
        s.audit.record(Pages.actor(ctx), "post.kind", "post", Long.toString(before.seq()), "kind=" + before.kind().code(),
                "kind=" + kind.code());
        return s.archive.findBySeq(before.seq()).orElseThrow();
    }

    /** Newest first for an empty query or when asked; best match otherwise. */
    private static ArchiveSearch.Order order(Context ctx) {
        String o = Pages.query(ctx, "order");
        return o.equals("date") || (o.isEmpty() && Pages.query(ctx, "q").isEmpty()) ? ArchiveSearch.Order.DATE
                : ArchiveSearch.Order.RELEVANCE;
    }

    private Submission post(Context ctx) {
        return s.archive.findBySeq(Pages.idParam(ctx, "seq")).orElseThrow(() -> new NotFoundResponse("No such post."));
    }

    private void search(Context ctx) {
        String q = Pages.query(ctx, "q");
        ArchiveSearch.Order order = order(ctx);
        String orderCode = order == ArchiveSearch.Order.DATE ? "date" : "relevance";
        Map<String, Object> params = new HashMap<>();
        params.put("q", q);
        params.put("order", orderCode);
        params.put("error", "");
        params.put("result", Optional.empty());
        params.put("rows", List.of());
        params.put("recognised", ArchiveSearch.recognised(q));
        params.put("facets", new SearchFacets(q, orderCode));
        try {
            ArchiveSearch.Result r = s.index.search().search(q, order, Pages.intQuery(ctx, "page", 1), Listing.SIZE, true);
            params.put("result", Optional.of(r));
            List<Row> rows = new ArrayList<>();
            org.infohub.core.i18n.Messages words = pages.words(ctx);
            for (SearchHit h : r.hits()) {
                Optional<Submission> post = s.archive.findBySeq(h.seq());
                rows.add(new Row(h, post.map(Submission::sender).orElse(""), post.flatMap(Submission::organisation).orElse(""),
                        post.map(p -> markedHtml(ArchiveSearch.snippet(q, p.textBody()))).orElse(""),
                        post.map(p -> p.kind().title(words)).orElse("")));
            }
            params.put("rows", rows);
        } catch (SearchException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            params.put("error", e.getMessage());
        }
        params.put("pageLink", (java.util.function.IntFunction<String>) n -> "/console/search?q=" + Listing.enc(q)
                + "&order=" + orderCode + "&page=" + n);
        pages.render(ctx, "archive.jte", "console.title.search", "search", params);
    }

    private void csv(Context ctx) {
        String q = Pages.query(ctx, "q");
        ArchiveSearch.Result r;
        try {
            r = s.index.search().search(q, order(ctx), 1, CSV_LIMIT, false);
        } catch (SearchException e) {
            ctx.status(HttpStatus.BAD_REQUEST).contentType("text/plain; charset=utf-8").result(e.getMessage());
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("id", "received", "list", "tlp", "kind", "sender", "organisation", "subject", "indicators"));
        for (SearchHit h : r.hits()) {
            Optional<Submission> post = s.archive.findBySeq(h.seq());
            String indicators = s.archive.classifiedIndicators(h.seq()).stream()
                    .filter(c -> !c.indicator().kind().code().equals("email") || !s.archive.isMemberAddress(c.indicator().value()))
                    .map(c -> c.indicator().kind().code() + ":" + c.indicator().value())
                    .collect(java.util.stream.Collectors.joining(" "));
            rows.add(List.of(Long.toString(h.seq()), h.received().toString(), h.list(), h.tlp(),
                    post.map(p -> p.kind().code()).orElse(""), post.map(Submission::sender).orElse(""),
                    post.flatMap(Submission::organisation).orElse(""), h.subject(), indicators));
        }
        Pages.csv(ctx, "infohub-search.csv", rows);
    }

    /**
     * The indicators of {@code seqs} as a plain list, one a line, each once, fanged or defanged, as
     * analysts paste them into a blocklist or a ticket (TLP stays with the posts: the list says it).
     */
    private void plainList(Context ctx, List<Long> seqs, boolean defang) {
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        org.infohub.core.tlp.Tlp highest = org.infohub.core.tlp.Tlp.CLEAR;
        for (long seq : seqs) {
            Optional<Submission> p = s.archive.findBySeq(seq);
            if (p.isPresent() && p.get().tlp().isMoreRestrictiveThan(highest)) {
                highest = p.get().tlp();
            }
            for (org.infohub.core.indicator.IndicatorClassifier.Classified c : s.archive.classifiedIndicators(seq)) {
                String kind = c.indicator().kind().code();
                if (kind.equals("email") && s.archive.isMemberAddress(c.indicator().value())) {
                    continue;
                }
                seen.add(defang ? org.infohub.core.indicator.IndicatorHistory.defang(kind, c.indicator().value())
                        : c.indicator().value());
            }
        }
        StringBuilder out = new StringBuilder("# TLP:" + highest.code() + " (the most restrictive label of " + seqs.size()
                + " post(s)); " + seen.size() + " indicator(s)" + (defang ? ", defanged" : "") + "\n");
        seen.forEach(v -> out.append(v).append('\n'));
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(out.toString());
    }

    /** An indicator's page: its history across the archive, as the administrators or one organisation see it. */
    private void indicator(Context ctx) {
        org.infohub.core.indicator.Indicators.Kind kind = org.infohub.core.indicator.IndicatorHistory.kind(ctx.queryParam("kind"))
                .orElseThrow(() -> new NotFoundResponse("No such kind of indicator."));
        String value = Optional.ofNullable(ctx.queryParam("value")).orElse("").strip();
        if (value.isEmpty() || value.length() > 900) {
            throw new NotFoundResponse("No such indicator.");
        }
        Optional<org.infohub.core.member.Organisation> viewer = Optional.empty();
        String as = Optional.ofNullable(ctx.queryParam("as")).orElse("");
        if (!as.isBlank()) {
            try {
                viewer = s.members.findOrganisation(Long.parseLong(as));
            } catch (NumberFormatException e) {
                viewer = Optional.empty();
            }
        }
        org.infohub.core.indicator.IndicatorHistory.History h = new org.infohub.core.indicator.IndicatorHistory(s.jdbc,
                s.archive, new org.infohub.core.audience.Audience(s.members)).of(kind, value,
                viewer.map(org.infohub.core.member.Organisation::id));
        pages.render(ctx, "indicator.jte", kind.code() + ": " + value, "search", Map.of("history", h,
                "viewer", viewer.map(org.infohub.core.member.Organisation::name).orElse(""),
                "viewerId", viewer.map(o -> Long.toString(o.id())).orElse(""),
                "organisations", s.members.allOrganisations(),
                "defanged", org.infohub.core.indicator.IndicatorHistory.defang(kind.code(), value),
                "sightings", new org.infohub.core.sighting.Sightings(s.jdbc, new org.infohub.core.audience.Audience(s.members),
                        new Indicators(s.settings().hubDomain()), s.clock).counts(kind.code(), value,
                        viewer.map(org.infohub.core.member.Organisation::id))));
    }

    /** An attachment as a download, never shown inline (it is whatever the sender made it). */
    private void attachment(Context ctx) {
        Submission post = post(ctx);
        int n = (int) Pages.idParam(ctx, "n");
        List<Part> parts = s.archive.raw(post.seq()).flatMap(PostView::parse).map(PostView::attachmentParts).orElse(List.of());
        if (n < 1 || n > parts.size()) {
            throw new NotFoundResponse("No such attachment.");
        }
        Part part = parts.get(n - 1);
        String name = PostView.name(part, n).replaceAll("[^A-Za-z0-9._ -]", "_");
        try {
            ctx.contentType("application/octet-stream");
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
            ctx.result(part.getInputStream().readAllBytes());
        } catch (MessagingException | java.io.IOException e) {
            throw new NotFoundResponse("The attachment cannot be read: " + e.getMessage());
        }
    }

    /** A snippet as HTML: everything escaped, then the highlight marks made into {@code <mark>}. */
    static String markedHtml(String snippet) {
        StringBuilder sb = new StringBuilder();
        for (char c : snippet.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case ArchiveSearch.MARK_START -> sb.append("<mark>");
                case ArchiveSearch.MARK_END -> sb.append("</mark>");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
