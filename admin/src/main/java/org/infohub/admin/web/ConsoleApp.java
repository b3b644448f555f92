package org.infohub.admin.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.infohub.core.db.DataAccessException;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;

/**
 * The web console: a thin server that installs one security filter ({@link SignIn}) and the route
 * classes, one per noun, each serving its pages and its part of the JSON API. Pages are JTE
 * templates, HTML-escaped by default. Services are built once ({@link ConsoleServices}).
 */
public final class ConsoleApp {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);
    private static final Map<String, String> ASSETS = Map.of("console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8");

    private final ConsoleServices services;
    private final Pages pages;
    private String programme = "Infohub";
    private ZoneId zone = ZoneId.of("UTC");
    private org.infohub.core.i18n.Language language = org.infohub.core.i18n.Language.EN;
    private String publicUrl = "";
    private final String hubDomain;
    private boolean secureCookies;
    private Javalin app;

    /**
     * {@code hubDomain} is the hub's mail domain: its authentication results on posts are the ones
     * to show, and its own host names are never indicators.
     */
    public ConsoleApp(Path dataDir, Jdbc jdbc, Clock clock, String hubDomain) {
        this.hubDomain = hubDomain;
        this.services = new ConsoleServices(dataDir, jdbc, clock, hubDomain);
        this.pages = new Pages(services);
        apply();
    }

    private void apply() {
        services.settings(new ConsoleServices.Settings(programme, zone, publicUrl, hubDomain, secureCookies,
                language));
    }

    /** Marks the session cookie Secure: the console is reached over https (through a proxy). */
    public ConsoleApp secureCookies(boolean secure) {
        this.secureCookies = secure;
        apply();
        return this;
    }

    /** The language of the public pages and members' pages for readers whose browser names none of the hub's. */
    public ConsoleApp language(org.infohub.core.i18n.Language programmeLanguage) {
        this.language = programmeLanguage;
        return this;
    }

    /** The programme's name (page titles, the sign-in page) and the zone dates are shown in. */
    public ConsoleApp presentation(String programmeName, ZoneId displayZone) {
        this.programme = programmeName;
        this.zone = displayZone;
        apply();
        return this;
    }

    /** The bounce settings of the hub ({@code bounce.threshold}, {@code bounce.half.life.days}). */
    public ConsoleApp bounceSettings(double threshold, Duration halfLife) {
        services.bounceSettings(threshold, halfLife);
        return this;
    }

    /**
     * The Public Zone and the one-click unsubscribe page on a listener of their own, serving
     * nothing else: publishing it to the Internet exposes no sign-in page, console or API.
     * {@code url} is where readers reach it (links in the Atom feed).
     */
    public PublicApp publicApp(String url) {
        this.publicUrl = url;
        apply();
        SharedItems shared = new SharedItems(services.jdbc, services.archive, services.members, services.releases);
        return new PublicApp(new PublicZone(services.releases, services.archive, pages.templates(), url,
                hubDomain, programme, zone).language(language),
                new OneClickUnsubscribe(services.jdbc, services.admin, language),
                new ManageSubscriptions(services.jdbc, services.admin, language).hubDomain(hubDomain),
                new TaxiiRoutes(shared, services.shareTokens, hubDomain, programme, url),
                new MispFeedRoutes(shared, services.shareTokens, hubDomain, programme));
    }

    public ConsoleApp start(String host, int port) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.defaultContentType = "text/html; charset=utf-8";
            config.http.maxRequestSize = 1_000_000L;
        });
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
        app.get("/console/assets/{name}", ctx -> {
            String type = ASSETS.get(ctx.pathParam("name"));
            if (type == null) {
                throw new NotFoundResponse("No such file.");
            }
            ctx.contentType(type).header("Cache-Control", "private, max-age=3600").result(asset(ctx.pathParam("name")));
        });
        for (ConsoleRoutes routes : List.of(new SignIn(services, pages), new DashboardRoutes(services, pages),
                new OrganisationsRoutes(services, pages), new RepresentativesRoutes(services, pages),
                new ListsRoutes(services, pages), new ArchiveRoutes(services, pages), new ReleasesRoutes(services, pages),
                new OutcomesRoutes(services, pages), new AuditRoutes(services, pages), new WatchlistRoutes(services),
                new ToolTokensRoutes(services))) {
            routes.add(app);
        }
        app.start(host, port);
        return this;
    }

    private static byte[] asset(String name) {
        try (InputStream in = ConsoleApp.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new NotFoundResponse("No such file.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        if (app != null) {
            app.stop();
        }
        services.index.close();
    }

    /** The headers every page of both listeners carries. */
    static void securityHeaders(io.javalin.http.Context ctx) {
        SignIn.securityHeaders(ctx);
    }
}
