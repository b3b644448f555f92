package org.infohub.admin.web;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.admin.auth.AdminUsers;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.DataAccessException;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipCsv;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Organisation;
import org.infohub.core.member.Page;
import org.infohub.core.member.Representative;
import org.infohub.core.member.Status;
import org.infohub.core.member.ValidationException;
import org.infohub.core.stats.HubStats;
import org.infohub.core.vetting.VettingOutcomes;
import org.infohub.indexer.ArchiveSearch;
import org.infohub.indexer.SearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;

/**
 * The web console: sign-in, dashboard, organisations, representatives, lists, refused and held
 * posts, the audit log, and the JSON API over the same operations. Every page needs a session,
 * every API call a token, every form POST the session's CSRF token. Pages are JTE templates,
 * HTML-escaped by default.
 */
public final class ConsoleApp {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    private static final String SESSION = "session";

    private final Path dataDir;
    private final Jdbc jdbc;
    private final MembershipRepository members;
    private final MembershipAdmin admin;
    private final AuditLog audit;
    private final AdminUsers users;
    private final HubStats stats;
    private final VettingOutcomes outcomes;
    private final Sessions sessions;
    private final ConsoleIndex index;
    private final org.infohub.core.archive.ArchiveRepository archive;
    private final org.infohub.core.release.Releases releases;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final List<Routes> extra = new ArrayList<>();
    private volatile boolean secureCookies;
    private volatile String hubDomain = "hub.localhost";
    /** Where the Public Zone is reached, for the console's links to published items. */
    private volatile String publicUrl = "";
    /** Wrong passwords per client address: past 20 in 15 minutes the address waits, whatever the account. */
    private final org.infohub.core.trust.Throttle signInThrottle = new org.infohub.core.trust.Throttle(20,
            java.time.Duration.ofMinutes(15), 10_000, java.time.Clock.systemUTC());
    private Javalin app;

    /** More routes served by the same process (the Public Zone). */
    public interface Routes {
        void add(Javalin app, TemplateEngine templates);
    }

    public ConsoleApp(Path dataDir, Jdbc jdbc, Clock clock) {
        this.dataDir = dataDir;
        this.jdbc = jdbc;
        this.members = new MembershipRepository(jdbc);
        this.audit = new AuditLog(jdbc, clock);
        this.admin = new MembershipAdmin(members, audit, clock);
        this.users = new AdminUsers(jdbc, audit, clock);
        this.stats = new HubStats(jdbc);
        this.outcomes = new VettingOutcomes(jdbc);
        this.sessions = new Sessions(clock);
        this.index = new ConsoleIndex(dataDir.resolve("index"));
        this.archive = new org.infohub.core.archive.ArchiveRepository(jdbc);
        this.releases = new org.infohub.core.release.Releases(jdbc, archive, audit, clock);
    }

    public ConsoleApp with(Routes routes) {
        extra.add(routes);
        return this;
    }

    /** The hub's mail domain: its authentication results on held posts are the ones to show. */
    public ConsoleApp hubDomain(String domain) {
        this.hubDomain = domain;
        return this;
    }

    /** Marks the session cookie Secure: the console is reached over https (through a proxy). */
    public ConsoleApp secureCookies(boolean secure) {
        this.secureCookies = secure;
        return this;
    }

    /**
     * The Public Zone and the one-click unsubscribe page on a listener of their own, serving
     * nothing else: publishing it to the Internet exposes no sign-in page, console or API.
     * {@code publicUrl} is where readers reach it (links in the Atom feed).
     */
    public PublicApp publicApp(String publicUrl) {
        this.publicUrl = publicUrl;
        return new PublicApp(new PublicZone(releases, archive, templates, publicUrl), new OneClickUnsubscribe(jdbc, admin),
                new ManageSubscriptions(jdbc, admin));
    }

    public ConsoleApp start(String host, int port) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.defaultContentType = "text/html; charset=utf-8";
            config.http.maxRequestSize = 1_000_000L;
        });
        app.before(ConsoleApp::securityHeaders);
        app.before("/console", this::requireSession);
        app.before("/console/*", this::requireSession);
        app.before("/api/*", this::requireToken);
        app.exception(ValidationException.class, (e, ctx) -> {
            if (ctx.path().startsWith("/api/")) {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(Map.of("errors", e.fieldErrors()));
            } else {
                ctx.status(HttpStatus.BAD_REQUEST).result(e.getMessage());
            }
        });
        app.exception(DataAccessException.class, (e, ctx) -> {
            LOG.warn("database call failed for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).contentType("text/plain; charset=utf-8")
                    .result("The hub's database cannot be reached just now (" + (e.isUnavailable() ? "it is not answering"
                            : "the query failed") + "). Nothing was changed; try again in a moment.");
        });

        app.get("/", ctx -> ctx.redirect("/console"));
        app.get("/login", this::loginPage);
        app.post("/login", this::login);
        app.post("/logout", this::logout);

        app.get("/console", this::dashboard);
        app.get("/console/organisations", this::organisations);
        app.post("/console/organisations", this::addOrganisation);
        app.get("/console/organisations/{id}", this::organisation);
        app.post("/console/organisations/{id}", this::updateOrganisation);
        app.post("/console/organisations/{id}/status", this::organisationStatus);
        app.get("/console/representatives", this::representatives);
        app.post("/console/representatives", this::addRepresentative);
        app.get("/console/representatives/{email}", this::representative);
        app.post("/console/representatives/{email}", this::updateRepresentative);
        app.post("/console/representatives/{email}/status", this::representativeStatus);
        app.post("/console/representatives/{email}/subscription", this::setSubscription);
        app.post("/console/representatives/{email}/delivery", ctx -> {
            Representative r = representativeByEmail(ctx);
            bounces().enable(actor(ctx), r.email());
            done(ctx, "/console/representatives/" + Listing.enc(r.email()), "Delivery to " + r.email() + " is on again");
        });
        app.post("/console/representatives/{email}/smtp-password", ctx -> {
            Representative r = representativeByEmail(ctx);
            String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
            if (password.isEmpty()) {
                throw ValidationException.of("password", "give a password of at least 12 characters");
            }
            new org.infohub.core.trust.SmtpPasswords(jdbc, audit, java.time.Clock.systemUTC()).set(actor(ctx), r.email(), password);
            done(ctx, "/console/representatives/" + Listing.enc(r.email()), "Submission password of " + r.email() + " set");
        });
        app.get("/console/lists", this::lists);
        app.post("/console/lists", this::createList);
        app.get("/console/lists/{list}", this::list);
        app.post("/console/lists/{list}/policy", this::listPolicy);
        app.post("/console/lists/{list}/sender-check", ctx -> {
            HubList.SenderCheck c = HubList.SenderCheck.parse(ctx.formParam("check"))
                    .orElseThrow(() -> ValidationException.of("check", "hold, reject or off"));
            HubList l = admin.setSenderCheck(actor(ctx), ctx.pathParam("list"), c);
            done(ctx, "/console/lists/" + Listing.enc(l.localPart()), "Unauthenticated posts: " + c.code());
        });
        app.post("/console/lists/{list}/organisations", this::listOrganisation);
        app.get("/console/outcomes", this::outcomes);
        app.get("/console/audit", this::auditLog);
        app.post("/console/outcomes/{id}", this::decide);
        app.get("/console/outcomes/{id}", this::heldPost);
        app.post("/console/posts/{seq}/release", ctx -> {
            org.infohub.core.release.Releases.Release r = releases.draft(actor(ctx), longParam(ctx, "seq"));
            done(ctx, "/console/releases/" + r.id(), "Draft ready: check the redactions");
        });
        app.get("/console/releases", ctx -> render(ctx, "releases.jte", "Releases", "releases",
                Map.of("releases", releases.all(), "publicUrl", publicUrl)));
        app.get("/console/releases/{id}", ctx -> {
            org.infohub.core.release.Releases.Release r = releases.find(longParam(ctx, "id"))
                    .orElseThrow(() -> new io.javalin.http.NotFoundResponse("No such release."));
            releasePage(ctx, r, new Form(Map.of("title", r.title(), "summary", r.summary(), "body", r.body()), Map.of()));
        });
        app.post("/console/releases/{id}", ctx -> {
            long id = longParam(ctx, "id");
            Map<String, String> v = formValues(ctx, "title", "summary", "body");
            try {
                releases.edit(actor(ctx), id, v.get("title"), v.get("summary"), v.get("body"));
                done(ctx, "/console/releases/" + id, "Saved");
            } catch (ValidationException e) {
                ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                releasePage(ctx, releases.find(id).orElseThrow(), new Form(v, e.fieldErrors()));
            }
        });
        app.post("/console/releases/{id}/publish", ctx -> {
            long id = longParam(ctx, "id");
            // Publish sends the form: what is on screen is saved first, never thrown away.
            if (ctx.formParam("body") != null) {
                Map<String, String> v = formValues(ctx, "title", "summary", "body");
                try {
                    releases.edit(actor(ctx), id, v.get("title"), v.get("summary"), v.get("body"));
                } catch (ValidationException e) {
                    ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
                    releasePage(ctx, releases.find(id).orElseThrow(), new Form(v, e.fieldErrors()));
                    return;
                }
            }
            if (!"yes".equals(ctx.formParam("confirm"))) {
                // Saved: now the administrator sees what the public (or the originator) will get, and confirms.
                org.infohub.core.release.Releases.Release saved = releases.find(id).orElseThrow();
                org.infohub.core.archive.Submission post = archive.findBySeq(saved.seq()).orElseThrow();
                render(ctx, "release-confirm.jte", "Check before publishing: " + saved.title(), "releases", Map.of(
                        "release", saved, "post", post, "originator", releases.originator(saved),
                        "titleParts", marked(saved.title()), "summaryParts", marked(saved.summary()),
                        "bodyParts", marked(saved.body())));
                return;
            }
            org.infohub.core.release.Releases.Release r = releases.publish(actor(ctx), id);
            done(ctx, "/console/releases/" + r.id(),
                    r.state() == org.infohub.core.release.Releases.State.PUBLISHED ? "Published in the Public Zone"
                            : "The originator is asked for consent; it is published when they agree");
        });
        app.post("/console/releases/{id}/unpublish", ctx -> {
            org.infohub.core.release.Releases.Release r = releases.unpublish(actor(ctx), longParam(ctx, "id"));
            done(ctx, "/console/releases/" + r.id(), "Removed from the Public Zone");
        });
        app.get("/console/export.csv", this::export);
        app.get("/console/search", this::search);
        app.get("/console/posts/{seq}", this::post);
        app.get("/console/posts/{seq}/raw.eml", this::raw);

        new ConsoleApi(members, admin, stats, outcomes).add(app);
        app.post("/api/releases", ctx -> {
            Object seq = ctx.bodyAsClass(Map.class).get("seq");
            long n;
            try {
                n = Long.parseLong(String.valueOf(seq));
            } catch (NumberFormatException e) {
                throw ValidationException.of("seq", "the archive number of the post to release");
            }
            org.infohub.core.release.Releases.Release r = releases.draft(ctx.attribute(ConsoleApi.ACTOR), n);
            ctx.status(HttpStatus.CREATED).json(Map.of("id", r.id(), "state", r.state().name(), "title", r.title()));
        });
        app.post("/api/releases/{id}/publish", ctx -> {
            org.infohub.core.release.Releases.Release r = releases.publish(ctx.attribute(ConsoleApi.ACTOR), longParam(ctx, "id"));
            ctx.json(Map.of("id", r.id(), "state", r.state().name()));
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
            decideHeld(id, decision.equals("approve"), ctx.attribute(ConsoleApi.ACTOR));
            ctx.json(Map.of("id", id, "outcome", decision.equals("approve") ? "approved" : "rejected"));
        });
        app.get("/api/search", ctx -> {
            try {
                ArchiveSearch.Result r = index.search().search(Optional.ofNullable(ctx.queryParam("q")).orElse(""),
                        "date".equals(ctx.queryParam("order")) ? ArchiveSearch.Order.DATE : ArchiveSearch.Order.RELEVANCE,
                        intParam(ctx, "page", 1), Math.min(100, intParam(ctx, "size", 20)), true);
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
        for (Routes r : extra) {
            r.add(app, templates);
        }
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        if (app != null) {
            app.stop();
        }
        index.close();
    }

    private static long longParam(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw new io.javalin.http.NotFoundResponse("Not found.");
        }
    }

    /** The text cut at each redaction, for the preview to mark them: parts alternate with [redacted]. */
    private static List<String> marked(String text) {
        return List.of(text.split(java.util.regex.Pattern.quote(org.infohub.core.release.Releases.REDACTED), -1));
    }

    private void releasePage(Context ctx, org.infohub.core.release.Releases.Release r, Form form) {
        org.infohub.core.archive.Submission post = archive.findBySeq(r.seq()).orElseThrow();
        render(ctx, "release.jte", "Release: " + r.title(), "releases", Map.of("release", r, "form", form, "post", post,
                "replies", releases.replies(r.id()), "publicUrl", publicUrl));
    }

    private static int intParam(Context ctx, String name, int fallback) {
        try {
            return Math.max(1, Integer.parseInt(Optional.ofNullable(ctx.queryParam(name)).orElse("")));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void search(Context ctx) {
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        String order = "date".equals(ctx.queryParam("order")) ? "date" : "relevance";
        int page = intParam(ctx, "page", 1);
        Map<String, Object> params = new HashMap<>();
        params.put("q", q);
        params.put("order", order);
        params.put("error", "");
        params.put("result", Optional.empty());
        params.put("snippets", Map.of());
        if (!q.isEmpty()) {
            try {
                ArchiveSearch.Result r = index.search().search(q, "date".equals(order) ? ArchiveSearch.Order.DATE
                        : ArchiveSearch.Order.RELEVANCE, page, Listing.SIZE, true);
                params.put("result", Optional.of(r));
                Map<Long, String> snippets = new HashMap<>();
                for (org.infohub.indexer.SearchHit h : r.hits()) {
                    archive.findBySeq(h.seq()).ifPresent(post -> snippets.put(h.seq(),
                            markedHtml(ArchiveSearch.snippet(q, post.textBody()))));
                }
                params.put("snippets", snippets);
            } catch (SearchException e) {
                ctx.status(HttpStatus.BAD_REQUEST);
                params.put("error", e.getMessage());
            }
        }
        params.put("pageLink", (java.util.function.IntFunction<String>) n -> "/console/search?q=" + Listing.enc(q) + "&order="
                + order + "&page=" + n);
        render(ctx, "archive.jte", "Search the archive", "search", params);
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

    /** One indicator of a post and in how many other posts it was seen. */
    public record SeenIndicator(String kind, String value, long elsewhere, String query) {
    }

    private void post(Context ctx) {
        long seq;
        try {
            seq = Long.parseLong(ctx.pathParam("seq"));
        } catch (NumberFormatException e) {
            throw new io.javalin.http.NotFoundResponse("No such post.");
        }
        org.infohub.core.archive.Submission s = archive.findBySeq(seq)
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse("No such post."));
        List<SeenIndicator> indicators = archive.indicators(seq).stream().map(i -> new SeenIndicator(i.kind().code(),
                i.value(), archive.seenElsewhere(i, seq), i.kind().code() + ":" + i.value())).toList();
        List<org.infohub.core.archive.Submission> thread = jdbc.query("SELECT seq FROM submission WHERE "
                + "(message_id = ? OR in_reply_to = ? OR (? IS NOT NULL AND (message_id = ? OR in_reply_to = ?))) AND seq <> ? "
                + "ORDER BY received_at, seq LIMIT 50", rs -> rs.getLong(1), s.messageId(), s.messageId(),
                s.inReplyTo().orElse(null), s.inReplyTo().orElse(""), s.inReplyTo().orElse(""), seq)
                .stream().map(archive::findBySeq).flatMap(Optional::stream).toList();
        List<String> attachments = archive.raw(seq).map(raw -> {
            try {
                return org.infohub.core.archive.MessageText.of(new javax.mail.internet.MimeMessage(
                        javax.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(raw))).attachments();
            } catch (javax.mail.MessagingException | RuntimeException e) {
                return List.<String>of();
            }
        }).orElse(List.of());
        render(ctx, "post.jte", s.subject().isBlank() ? "(no subject)" : s.subject(), "search",
                Map.of("post", s, "indicators", indicators, "thread", thread, "attachments", attachments));
    }

    private void raw(Context ctx) {
        long seq;
        try {
            seq = Long.parseLong(ctx.pathParam("seq"));
        } catch (NumberFormatException e) {
            throw new io.javalin.http.NotFoundResponse("No such post.");
        }
        byte[] raw = archive.raw(seq).orElseThrow(() -> new io.javalin.http.NotFoundResponse("No such post."));
        ctx.contentType("message/rfc822");
        ctx.header("Content-Disposition", "attachment; filename=\"post-" + seq + ".eml\"");
        ctx.result(raw);
    }

    // ---- security

    /** The headers every page of both listeners carries. */
    static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    }

    private Optional<Sessions.Session> session(Context ctx) {
        return sessions.find(ctx.cookie(Sessions.COOKIE));
    }

    private void setCookie(Context ctx, Sessions.Session s) {
        Cookie cookie = new Cookie(Sessions.COOKIE, s.id);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        // Behind a TLS proxy the console sees http: console.https=true says the browser uses https.
        cookie.setSecure(secureCookies || "https".equals(ctx.scheme()));
        ctx.cookie(cookie);
    }

    private void requireSession(Context ctx) {
        Optional<Sessions.Session> s = session(ctx).filter(Sessions.Session::signedIn);
        if (s.isEmpty()) {
            if (ctx.method().name().equals("GET")) {
                ctx.redirect("/login");
                ctx.skipRemainingHandlers();
                return;
            }
            throw new ForbiddenResponse("Sign in first.");
        }
        ctx.attribute(SESSION, s.get());
        if (!ctx.method().name().equals("GET")) {
            checkCsrf(ctx, s.get());
        }
    }

    private static void checkCsrf(Context ctx, Sessions.Session s) {
        String token = ctx.formParam("_csrf");
        if (token == null || !java.security.MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                s.csrf.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("The form's security token is missing or out of date: reload the page and try again.");
        }
    }

    private void requireToken(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
        Optional<AdminUsers.AdminUser> user = users.byToken(token);
        if (user.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "a valid API token is required (Authorization: Bearer ...)"));
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(ConsoleApi.ACTOR, "api:" + user.get().name());
    }

    private Sessions.Session current(Context ctx) {
        return ctx.attribute(SESSION);
    }

    private String actor(Context ctx) {
        return "console:" + current(ctx).user;
    }

    // ---- rendering

    /** Redirects to {@code path} with {@code message} in the next page's success banner (kept in the session). */
    private static void done(Context ctx, String path, String message) {
        Sessions.Session s = ctx.attribute(SESSION);
        if (s != null) {
            s.flash = message;
        }
        ctx.redirect(path);
    }

    private void render(Context ctx, String template, String title, String section, Map<String, Object> params) {
        Sessions.Session s = ctx.attribute(SESSION);
        Map<String, Object> all = new HashMap<>(params);
        // The success banner comes from the session, set by the action itself: a link cannot put text in it.
        String flash = "";
        if (s != null && s.flash != null) {
            flash = s.flash;
            s.flash = null;
        }
        all.put("shell", new Shell(title, section, s == null ? "" : s.user, s == null ? "" : s.csrf, ServerStatus.of(dataDir),
                flash, s == null || !s.signedIn() ? 0 : outcomes.waiting()));
        StringOutput out = new StringOutput();
        templates.render(template, all, out);
        ctx.html(out.toString());
    }

    private static Map<String, String> formValues(Context ctx, String... fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : fields) {
            String v = ctx.formParam(f);
            values.put(f, v == null ? "" : v);
        }
        return values;
    }

    // ---- sign-in

    private void loginPage(Context ctx) {
        Sessions.Session s = session(ctx).orElseGet(sessions::create);
        if (s.signedIn()) {
            ctx.redirect("/console");
            return;
        }
        setCookie(ctx, s);
        loginForm(ctx, s, "", "");
    }

    private void loginForm(Context ctx, Sessions.Session s, String name, String problem) {
        StringOutput out = new StringOutput();
        templates.render("login.jte", Map.of("csrf", s.csrf, "name", name, "problem", problem,
                "server", ServerStatus.of(dataDir)), out);
        ctx.html(out.toString());
    }

    private void login(Context ctx) {
        Optional<Sessions.Session> s = session(ctx);
        if (s.isEmpty()) {
            throw new ForbiddenResponse("Your sign-in page is out of date: reload it and try again.");
        }
        checkCsrf(ctx, s.get());
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("");
        java.time.Duration wait = signInThrottle.wait(ctx.ip());
        if (!wait.isZero()) {
            LOG.info("console sign-in throttled for client {}", ctx.ip());
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", Long.toString(wait.toSeconds() + 1));
            loginForm(ctx, s.get(), name, "Too many wrong passwords from your address; try again in "
                    + (wait.toMinutes() + 1) + " minutes.");
            return;
        }
        AdminUsers.SignIn result = users.signIn(name, ctx.formParam("password"));
        if (result.ok()) {
            signInThrottle.succeeded(ctx.ip());
        } else {
            signInThrottle.failed(ctx.ip());
        }
        if (!result.ok()) {
            LOG.info("console sign-in refused for '{}'", name.replaceAll("[^A-Za-z0-9._@-]", "?"));
            ctx.status(HttpStatus.UNAUTHORIZED);
            loginForm(ctx, s.get(), name, result.problem());
            return;
        }
        Sessions.Session signedIn = sessions.signIn(s.get(), result.user().get().name());
        setCookie(ctx, signedIn);
        LOG.info("console sign-in: {}", signedIn.user);
        ctx.redirect("/console");
    }

    private void logout(Context ctx) {
        Optional<Sessions.Session> s = session(ctx);
        if (s.isPresent()) {
            checkCsrf(ctx, s.get());
            sessions.end(s.get());
        }
        ctx.removeCookie(Sessions.COOKIE, "/");
        ctx.redirect("/login");
    }

    // ---- pages

    private void dashboard(Context ctx) {
        render(ctx, "dashboard.jte", "Dashboard", "dashboard", Map.of("figures", stats.figures()));
    }

    private void organisations(Context ctx) {
        organisationsPage(ctx, Form.EMPTY);
    }

    private void organisationsPage(Context ctx, Form form) {
        Listing l = Listing.from(ctx, "/console/organisations", "name");
        Page<Organisation> page = members.organisations(l.search(), l.sort(), l.desc(), l.page(), Listing.SIZE);
        render(ctx, "organisations.jte", "Organisations", "organisations", Map.of("page", page, "listing", l.with(page),
                "form", form, "sectors", admin.sectors()));
    }

    private void addOrganisation(Context ctx) {
        Map<String, String> v = formValues(ctx, "name", "sector", "domains");
        try {
            Organisation o = admin.createOrganisation(actor(ctx), v.get("name"), v.get("sector"), words(v.get("domains")));
            done(ctx, "/console/organisations", "Added " + o.name());
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            organisationsPage(ctx, new Form(v, e.fieldErrors()));
        }
    }

    private Organisation organisationById(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            id = -1;
        }
        return members.findOrganisation(id).orElseThrow(() -> new io.javalin.http.NotFoundResponse("No such organisation."));
    }

    private void organisation(Context ctx) {
        Organisation o = organisationById(ctx);
        organisationPage(ctx, o, new Form(Map.of("name", o.name(), "sector", o.sector(), "domains",
                String.join(" ", o.domains())), Map.of()));
    }

    private void organisationPage(Context ctx, Organisation o, Form form) {
        Page<Representative> reps = members.representatives(o.name(), "email", false, 1, 500);
        List<Representative> ofOrg = reps.rows().stream().filter(r -> r.organisationId() == o.id()).toList();
        render(ctx, "organisation.jte", o.name(), "organisations", Map.of("org", o, "form", form, "sectors", admin.sectors(),
                "reps", ofOrg));
    }

    private void updateOrganisation(Context ctx) {
        Organisation o = organisationById(ctx);
        Map<String, String> v = formValues(ctx, "name", "sector", "domains");
        try {
            Organisation after = admin.updateOrganisation(actor(ctx), o.name(), v.get("name"), v.get("sector"),
                    words(v.get("domains")));
            done(ctx, "/console/organisations/" + after.id(), "Saved");
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            organisationPage(ctx, o, new Form(v, e.fieldErrors()));
        }
    }

    private void organisationStatus(Context ctx) {
        Organisation o = organisationById(ctx);
        Status status = Status.parse(ctx.formParam("status"))
                .orElseThrow(() -> ValidationException.of("status", "active or suspended"));
        admin.setOrganisationStatus(actor(ctx), o.name(), status);
        done(ctx, "/console/organisations/" + o.id(), o.name() + " is now " + status.code());
    }

    private void representatives(Context ctx) {
        representativesPage(ctx, Form.EMPTY);
    }

    private void representativesPage(Context ctx, Form form) {
        Listing l = Listing.from(ctx, "/console/representatives", "email");
        Page<Representative> page = members.representatives(l.search(), l.sort(), l.desc(), l.page(), Listing.SIZE);
        render(ctx, "representatives.jte", "Representatives", "representatives", Map.of("page", page,
                "listing", l.with(page), "form", form, "organisations",
                members.allOrganisations().stream().map(Organisation::name).toList()));
    }

    private void addRepresentative(Context ctx) {
        Map<String, String> v = formValues(ctx, "email", "name", "organisation");
        try {
            Representative r = admin.addRepresentative(actor(ctx), v.get("email"), v.get("name"), v.get("organisation"));
            done(ctx, "/console/representatives", "Registered " + r.email());
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            representativesPage(ctx, new Form(v, e.fieldErrors()));
        }
    }

    private Representative representativeByEmail(Context ctx) {
        return members.findRepresentative(ctx.pathParam("email"))
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse("No such representative."));
    }

    private void representative(Context ctx) {
        Representative r = representativeByEmail(ctx);
        representativePage(ctx, r, new Form(Map.of("name", r.name(), "organisation", r.organisationName()), Map.of()));
    }

    /** A representative's bounce score and whether delivery to them is stopped, as the page shows it. */
    public record DeliveryState(String score, String threshold, String stoppedSince) {
        public boolean stopped() {
            return !stoppedSince.isEmpty();
        }
    }

    private volatile org.infohub.core.trust.Bounces bounces;

    /** The bounce settings of the hub ({@code bounce.threshold}, {@code bounce.half.life.days}). */
    public ConsoleApp bounceSettings(double threshold, java.time.Duration halfLife) {
        this.bounces = new org.infohub.core.trust.Bounces(jdbc, Clock.systemUTC(), threshold, halfLife);
        return this;
    }

    private org.infohub.core.trust.Bounces bounces() {
        if (bounces == null) {
            bounceSettings(5, java.time.Duration.ofDays(7));
        }
        return bounces;
    }

    /** One row of a representative's page: a list they belong to and how they take it. */
    public record Membership(String list, String name, String mode) {
    }

    private void representativePage(Context ctx, Representative r, Form form) {
        List<Membership> lists = new ArrayList<>();
        for (HubList l : members.lists()) {
            if (members.isMember(l, r)) {
                lists.add(new Membership(l.localPart(), l.name(), members.modeOf(r, l).code()));
            }
        }
        org.infohub.core.trust.Bounces.State state = bounces().state(r.email());
        DeliveryState delivery = new DeliveryState(String.format(java.util.Locale.ROOT, "%.2f", state.score()),
                String.format(java.util.Locale.ROOT, "%.2f", bounces().threshold()),
                state.disabledAt().map(t -> t.toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z")).orElse(""));
        render(ctx, "representative.jte", r.email(), "representatives", Map.of("rep", r, "form", form, "lists", lists,
                "organisations", members.allOrganisations().stream().map(Organisation::name).toList(),
                "delivery", delivery));
    }

    private void updateRepresentative(Context ctx) {
        Representative r = representativeByEmail(ctx);
        Map<String, String> v = formValues(ctx, "name", "organisation");
        try {
            admin.updateRepresentative(actor(ctx), r.email(), v.get("name"), v.get("organisation"));
            done(ctx, "/console/representatives/" + Listing.enc(r.email()), "Saved");
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            representativePage(ctx, r, new Form(v, e.fieldErrors()));
        }
    }

    private void representativeStatus(Context ctx) {
        Representative r = representativeByEmail(ctx);
        Status status = Status.parse(ctx.formParam("status"))
                .orElseThrow(() -> ValidationException.of("status", "active or suspended"));
        admin.setRepresentativeStatus(actor(ctx), r.email(), status);
        done(ctx, "/console/representatives/" + Listing.enc(r.email()), r.email() + " is now " + status.code());
    }

    private void setSubscription(Context ctx) {
        Representative r = representativeByEmail(ctx);
        DeliveryMode mode = DeliveryMode.parse(ctx.formParam("mode"))
                .orElseThrow(() -> ValidationException.of("mode", "immediate, digest or off"));
        String list = Optional.ofNullable(ctx.formParam("list")).orElse("");
        admin.setSubscription(actor(ctx), r.email(), list, mode);
        done(ctx, "/console/representatives/" + Listing.enc(r.email()), list + "@: " + mode.code());
    }

    /** One row of the lists page. */
    public record ListRow(HubList list, int immediate, int digest, int off) {
    }

    private void lists(Context ctx) {
        listsPage(ctx, Form.EMPTY);
    }

    private void listsPage(Context ctx, Form form) {
        Listing listing = Listing.from(ctx, "/console/lists", "address");
        String q = listing.search().toLowerCase(java.util.Locale.ROOT);
        java.util.Comparator<HubList> order = switch (listing.sort()) {
            case "kind" -> java.util.Comparator.comparing((HubList l) -> l.kind().name());
            case "name" -> java.util.Comparator.comparing(HubList::name, String.CASE_INSENSITIVE_ORDER);
            case "policy" -> java.util.Comparator.comparing((HubList l) -> l.postingPolicy().code());
            default -> java.util.Comparator.comparing(HubList::localPart);
        };
        List<HubList> matching = members.lists().stream()
                .filter(l -> q.isEmpty() || l.localPart().contains(q) || l.name().toLowerCase(java.util.Locale.ROOT).contains(q))
                .sorted(listing.desc() ? order.reversed() : order).toList();
        Page<HubList> page = slice(matching, listing.page());
        List<ListRow> rows = new ArrayList<>();
        for (HubList l : page.rows()) {
            rows.add(new ListRow(l, members.memberEmails(l, DeliveryMode.IMMEDIATE).size(),
                    members.memberEmails(l, DeliveryMode.DIGEST).size(), members.memberEmails(l, DeliveryMode.OFF).size()));
        }
        render(ctx, "lists.jte", "Lists", "lists", Map.of("rows", rows, "form", form, "listing", listing.with(page),
                "organisations", members.allOrganisations().stream().map(Organisation::name).toList()));
    }

    /** One page of an in-memory list (lists and a list's members are few enough to sort in memory). */
    private static <T> Page<T> slice(List<T> all, int page) {
        int from = Math.min(all.size(), (Math.max(1, page) - 1) * Listing.SIZE);
        return new Page<>(all.subList(from, Math.min(all.size(), from + Listing.SIZE)), all.size(), Math.max(1, page),
                Listing.SIZE);
    }

    private void createList(Context ctx) {
        Map<String, String> v = formValues(ctx, "address", "name", "policy", "description");
        List<String> orgs = ctx.formParams("organisations");
        try {
            HubList l = admin.createGroupList(actor(ctx), v.get("address"), v.get("name"),
                    HubList.PostingPolicy.parse(v.get("policy")).orElse(null), v.get("description"), orgs);
            done(ctx, "/console/lists/" + Listing.enc(l.localPart()), "Created " + l.localPart() + "@");
        } catch (ValidationException e) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            listsPage(ctx, new Form(v, e.fieldErrors()));
        }
    }

    /** One member of a list as its page shows them. */
    public record ListMember(String email, String mode) {
    }

    private void list(Context ctx) {
        HubList l = members.findList(ctx.pathParam("list"))
                .orElseThrow(() -> new io.javalin.http.NotFoundResponse("No such list."));
        Listing listing = Listing.from(ctx, "/console/lists/" + Listing.enc(l.localPart()), "email");
        String q = listing.search().toLowerCase(java.util.Locale.ROOT);
        List<ListMember> who = new ArrayList<>();
        for (DeliveryMode mode : DeliveryMode.values()) {
            members.memberEmails(l, mode).stream().filter(e -> q.isEmpty() || e.contains(q))
                    .forEach(e -> who.add(new ListMember(e, mode.code())));
        }
        java.util.Comparator<ListMember> order = "mode".equals(listing.sort())
                ? java.util.Comparator.comparing(ListMember::mode).thenComparing(ListMember::email)
                : java.util.Comparator.comparing(ListMember::email);
        who.sort(listing.desc() ? order.reversed() : order);
        Page<ListMember> page = slice(who, listing.page());
        render(ctx, "list.jte", l.localPart() + "@", "lists", Map.of("list", l, "members", page.rows(),
                "listing", listing.with(page),
                "groupOrganisations", l.kind() == HubList.Kind.GROUP ? members.groupOrganisations(l) : List.of(),
                "organisations", members.allOrganisations().stream().map(Organisation::name).toList()));
    }

    private void listPolicy(Context ctx) {
        HubList.PostingPolicy p = HubList.PostingPolicy.parse(ctx.formParam("policy"))
                .orElseThrow(() -> ValidationException.of("policy", "members, anyone or moderated"));
        HubList l = admin.setPostingPolicy(actor(ctx), ctx.pathParam("list"), p);
        done(ctx, "/console/lists/" + Listing.enc(l.localPart()), "Policy: " + p.code());
    }

    private void listOrganisation(Context ctx) {
        String list = ctx.pathParam("list");
        String org = Optional.ofNullable(ctx.formParam("organisation")).orElse("");
        if ("remove".equals(ctx.formParam("action"))) {
            admin.removeListOrganisation(actor(ctx), list, org);
        } else {
            admin.addListOrganisation(actor(ctx), list, org);
        }
        done(ctx, "/console/lists/" + Listing.enc(list), "Saved");
    }

    private void heldPost(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new io.javalin.http.NotFoundResponse("No such post.");
        }
        heldPostPage(ctx, id, "");
    }

    private void heldPostPage(Context ctx, long id, String problem) {
        VettingOutcomes.Detail d = outcomes.find(id).orElseThrow(() -> new io.javalin.http.NotFoundResponse("No such post."));
        render(ctx, "held.jte", "Post " + d.outcome().outcome() + ": " + d.outcome().subject(), "outcomes",
                Map.of("post", HeldPostView.of(d, hubDomain), "problem", problem));
    }

    private void outcomes(Context ctx) {
        Listing l = Listing.from(ctx, "/console/outcomes", "at");
        if (ctx.queryParam("sort") == null) {
            l = new Listing(l.path(), l.search(), "at", true, l.page(), 1, 0);
        }
        Page<VettingOutcomes.Outcome> page = outcomes.page(l.search(), l.sort(), l.desc(), l.page(), Listing.SIZE);
        render(ctx, "outcomes.jte", "Refused and held posts", "outcomes", Map.of("page", page, "listing", l.with(page)));
    }

    private void decide(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new io.javalin.http.NotFoundResponse("No such post.");
        }
        boolean approve = "approve".equals(ctx.formParam("decision"));
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
        if (!approve && reason.isEmpty()) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            heldPostPage(ctx, id, "Say why the post is rejected: the reason is kept with the decision.");
            return;
        }
        decideHeld(id, approve, actor(ctx));
        if (!approve) {
            outcomes.reason(id, reason);
            audit.record(actor(ctx), "outcome.reject-reason", "vetting_outcome", Long.toString(id), "", reason);
        }
        done(ctx, "/console/outcomes", approve ? "Approved: the post is shared within seconds"
                : "Rejected: the post stays unshared");
    }

    /** Approves or rejects a held post, with its audit entry; the console and the API share it. */
    void decideHeld(long id, boolean approve, String actor) {
        VettingOutcomes.Outcome before = outcomes.decide(id, approve, actor, java.time.Instant.now())
                .orElseThrow(() -> ValidationException.of("post", "no held post " + id + " (decided already?)"));
        audit.record(actor, approve ? "post.approve" : "post.reject", "post", before.messageId(),
                "outcome=held; list=" + before.list() + "; subject=" + before.subject(),
                "outcome=" + (approve ? "approved" : "rejected"));
    }

    private void auditLog(Context ctx) {
        Listing l = Listing.from(ctx, "/console/audit", "at");
        if (ctx.queryParam("sort") == null) {
            l = new Listing(l.path(), l.search(), "at", true, l.page(), 1, 0);
        }
        Page<AuditLog.Entry> page = audit.page(l.search(), l.sort(), l.desc(), l.page(), Listing.SIZE);
        render(ctx, "audit.jte", "Audit log", "audit", Map.of("page", page, "listing", l.with(page)));
    }

    private void export(Context ctx) {
        StringWriter text = new StringWriter();
        new MembershipCsv(admin, audit).export(new PrintWriter(text));
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"infohub-membership.csv\"");
        ctx.result(text.toString());
    }

    static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    Jdbc jdbc() {
        return jdbc;
    }
}
